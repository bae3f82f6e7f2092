"""Placeholder for the savings work: its schema and data changes go here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0003_priorities")]

    operations: list = []
