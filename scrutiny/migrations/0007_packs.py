"""Placeholder for the packs work: its schema and data changes go here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("scrutiny", "0006_standard_items")]

    operations: list = []
