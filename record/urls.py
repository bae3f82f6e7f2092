from django.urls import path, re_path

from .views import open_data

app_name = "record"

urlpatterns: list = [
    path("open-data/", open_data.open_data_page, name="open-data"),
    re_path(
        r"^open-data/(?P<dataset>[a-z-]+)\.(?P<fmt>csv|json)$", open_data.open_data_download, name="open-data-download"
    ),
]
