"""The demo council: each app may have a ``demo`` module with ``load() -> list[DemoLogin]``.

``manage.py load_demo`` runs them in layer order in one transaction. Demo data is never loaded by
migrations, so a production database has no default accounts.
"""

import os
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.db import transaction
from django.utils.module_loading import module_has_submodule

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "northbridge-demo-2026")


@dataclass(frozen=True)
class DemoLogin:
    role: str
    name: str
    email: str


@transaction.atomic
def load_all() -> list[DemoLogin]:
    logins: list[DemoLogin] = []
    for config in apps.get_app_configs():
        if config.module and module_has_submodule(config.module, "demo") and config.name != "council":
            logins.extend(import_module(f"{config.name}.demo").load() or [])
    return logins
