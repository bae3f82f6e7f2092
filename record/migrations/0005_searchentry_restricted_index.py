"""Two indexes for search (decision 0031): a GIN index of the rows not public, for a signed-in
person's live rule, and the public rows newest first, for a common word's newest matches."""

from django.db import migrations

import record.models.search_index


class Migration(migrations.Migration):
    dependencies = [
        ("record", "0004_searchentry_public"),
    ]

    operations = [
        migrations.RunPython(
            record.models.search_index.install_restricted, record.models.search_index.remove_restricted
        ),
    ]
