"""Placeholder for the reviews work: its schema and data changes go here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0001_reviews_priorities_savings_indicators_work_plan")]

    operations: list = []
