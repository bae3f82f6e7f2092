"""The consultation owner's work needs no schema change: the models of 0002 hold it all."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0003_reminders")]

    operations: list = []
