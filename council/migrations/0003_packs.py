"""Placeholder for the packs work: its schema and data changes go here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("council", "0002_role_groups")]

    operations: list = []
