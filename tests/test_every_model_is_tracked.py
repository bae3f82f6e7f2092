"""Every model of the product keeps an audit history."""

from django.apps import apps

PRODUCT_APPS = ("council", "members", "scrutiny", "executive", "commissioning")


def test_every_product_model_is_history_tracked():
    untracked = [
        model._meta.label
        for app in PRODUCT_APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical") and not hasattr(model, "history")
    ]
    assert untracked == []
