"""Placeholder for the reminders work: its schema and data changes go here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0002_consultations")]

    operations: list = []
