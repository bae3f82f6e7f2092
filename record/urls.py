from django.urls import path

from .views import alerts

app_name = "record"

urlpatterns: list = [
    path("alerts/", alerts.alert_settings, name="alert-settings"),
    path("alerts/subscribe/", alerts.subscription_add, name="subscription-add"),
    path("alerts/subscribe/check-your-email/", alerts.subscription_sent, name="subscription-sent"),
    path("alerts/confirm/<str:token>/", alerts.subscription_confirm, name="subscription-confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts.subscription_unsubscribe, name="subscription-unsubscribe"),
    path("alerts/manage/<str:token>/", alerts.subscription_manage, name="subscription-manage"),
    path("alerts/manage/<str:token>/frequency/", alerts.subscription_frequency, name="subscription-frequency"),
]
