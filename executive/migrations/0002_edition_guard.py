"""The database refuses to change or delete a forward plan edition (the 2012 Regulations reg 9):
the trigger executive/models/edition_guard.py installs (also after every migrate)."""

from django.db import migrations

from executive.models import edition_guard


class Migration(migrations.Migration):
    dependencies = [("executive", "0001_initial")]

    operations = [migrations.RunPython(edition_guard.install, edition_guard.remove)]
