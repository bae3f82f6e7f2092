from django.urls import path

from .views import imports

app_name = "moderngov"

urlpatterns = [
    path("", imports.run_list, name="run-list"),
    path("add/", imports.run_add, name="run-add"),
    path("<int:pk>/", imports.run_detail, name="run-detail"),
    path("<int:pk>/confirm/", imports.run_confirm, name="run-confirm"),
]
