"""Placeholder for the packs work: its schema and data changes go here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0006_stage_consultations")]

    operations: list = []
