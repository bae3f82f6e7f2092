from django.urls import path

from .selectors.open_data import DATASETS
from .views import home, open_data, seo

app_name = "record"

urlpatterns: list = [
    path("", home.home, name="home"),
    path("robots.txt", seo.robots_txt, name="robots"),
    path("sitemap.xml", seo.sitemap_xml, name="sitemap"),
    path("open-data/", open_data.open_data_page, name="open-data"),
    # One route per file (open-data-meetings-csv, …), so each is a plain address with nothing to fill.
    *(
        path(
            f"open-data/{slug}.{fmt}",
            open_data.open_data_download,
            {"dataset": slug, "fmt": fmt},
            name=f"open-data-{slug}-{fmt}",
        )
        for slug in DATASETS
        for fmt in ("csv", "json")
    ),
]
