"""Placeholder for the responding work: its schema and data changes go here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0004_consultation_owner")]

    operations: list = []
