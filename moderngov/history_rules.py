"""Who may read the History page of the import's records: those who may import (the Administrator)."""

from council import permissions
from council.history import register_read_rule

from .models import ExternalRef, ImportFile, ImportRun, LinkedDocument


def _permitted(model):
    perm = f"moderngov.view_{model._meta.model_name}"
    return lambda user, queryset: permissions.permitted(user, queryset, perm)


def register() -> None:
    for model in (ImportRun, ImportFile, ExternalRef, LinkedDocument):
        register_read_rule(model, readable=_permitted(model))
