"""Placeholder for the priorities work: its schema and data changes go here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0002_reviews")]

    operations: list = []
