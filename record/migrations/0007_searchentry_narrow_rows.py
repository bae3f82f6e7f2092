"""Search rows kept narrow (decision 0047): a row's long values (a page's text and vector) are
moved out of the table into its TOAST, so that a rare word's matches are read from small pages."""

from django.db import migrations

import record.models.search_index


class Migration(migrations.Migration):
    dependencies = [
        ("record", "0006_search_grants_change"),
    ]

    operations = [
        migrations.RunPython(record.models.search_index.install_narrow, record.models.search_index.remove_narrow),
    ]
