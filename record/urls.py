from django.urls import path

from .views import home, seo

app_name = "record"

urlpatterns: list = [
    path("", home.home, name="home"),
    path("robots.txt", seo.robots_txt, name="robots"),
    path("sitemap.xml", seo.sitemap_xml, name="sitemap"),
]
