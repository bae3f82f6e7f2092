"""Store with each search row whether the public may see it (decision 0031): filled by the next
index rebuild (``manage.py search_index``; nightly), until which the public finds nothing new."""

from django.db import migrations, models

import record.models.search_index


class Migration(migrations.Migration):
    dependencies = [
        ("record", "0003_search_entry"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="public",
            field=models.BooleanField(default=False, verbose_name="shown to the public"),
        ),
        migrations.RunPython(record.models.search_index.install_public, record.models.search_index.remove_public),
    ]
