"""Placeholder for the indicators work plan work: its schema and data changes go here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0004_savings")]

    operations: list = []
