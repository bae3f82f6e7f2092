"""Placeholder for the consultation owner work: its schema and data changes go here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0003_reminders")]

    operations: list = []
