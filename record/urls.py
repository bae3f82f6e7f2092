from django.urls import path

from .views import home

app_name = "record"

urlpatterns: list = [
    path("", home.home, name="home"),
]
