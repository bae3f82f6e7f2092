"""Every model of the product keeps an audit history."""

from django.apps import apps

PRODUCT_APPS = ("council", "members", "scrutiny", "executive", "commissioning")
#: Models that keep no history, each with the reason.
UNTRACKED = {
    # The text of a PDF's page, derived from the stored file, which never changes: written once, in
    # bulk, by the extraction for search (docs/decisions/0031-search.md). The document keeps its history.
    "scrutiny.DocumentPageText",
    # When a Celery worker last ran the heartbeat task: a clock overwritten every beat, not a record
    # of anything anyone did (council/health.py).
    "council.WorkerHeartbeat",
    # The outbox's delivery log: written by the machinery, never by a person; its fields are its own
    # history (recorded, sent, claimed, done, tries, last error) and the change that recorded it keeps
    # its history (docs/decisions/0039-transactional-outbox.md).
    "council.OutboxMessage",
}


def test_every_product_model_is_history_tracked():
    untracked = [
        model._meta.label
        for app in PRODUCT_APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
        and not hasattr(model, "history")
        and model._meta.label not in UNTRACKED
    ]
    assert untracked == []
