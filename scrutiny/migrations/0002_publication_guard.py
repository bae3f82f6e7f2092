"""The database refuses to change or delete the record of a publication (LGA 1972 s.100B): the
trigger scrutiny/models/publication_guard.py installs (also after every migrate)."""

from django.db import migrations

from scrutiny.models import publication_guard


class Migration(migrations.Migration):
    dependencies = [("scrutiny", "0001_initial")]

    operations = [migrations.RunPython(publication_guard.install, publication_guard.remove)]
