"""Consultation documents keep the fingerprint of the file as uploaded (issue 11, finding 9): a PDF
is now stored without its active content, so the stored file's SHA-256 may differ from the upload's.
Documents stored before this were stored as uploaded: their two fingerprints are the same."""

from django.db import migrations, models
from django.db.models import F


def same_as_stored(apps, schema_editor):
    for name in ("ConsultationDocument", "HistoricalConsultationDocument"):
        apps.get_model("members", name).objects.update(original_sha256=F("sha256"))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_responding"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultationdocument",
            name="original_sha256",
            field=models.CharField(default="", max_length=64, verbose_name="SHA-256 of the file as uploaded"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalconsultationdocument",
            name="original_sha256",
            field=models.CharField(default="", max_length=64, verbose_name="SHA-256 of the file as uploaded"),
            preserve_default=False,
        ),
        migrations.RunPython(same_as_stored, migrations.RunPython.noop),
    ]
