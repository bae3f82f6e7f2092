from django.urls import include, path

from .selectors.open_data import DATASETS
from .views import alerts, api, home, open_data, search, seo

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
    path("alerts/", alerts.alert_settings, name="alert-settings"),
    path("alerts/subscribe/", alerts.subscription_add, name="subscription-add"),
    path("alerts/subscribe/check-your-email/", alerts.subscription_sent, name="subscription-sent"),
    path("alerts/confirm/<str:token>/", alerts.subscription_confirm, name="subscription-confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts.subscription_unsubscribe, name="subscription-unsubscribe"),
    path("alerts/manage/<str:token>/", alerts.subscription_manage, name="subscription-manage"),
    path("alerts/manage/<str:token>/frequency/", alerts.subscription_frequency, name="subscription-frequency"),
    # The open API (record/api) and its pages for people (docs/api.md).
    path("api/", api.api_docs, name="api-docs"),
    path("api/tokens/", api.token_list, name="api-token-list"),
    path("api/tokens/<int:pk>/revoke/", api.token_revoke, name="api-token-revoke"),
    path("api/", include("record.api.urls")),
    path("search/", search.search, name="search"),
]
