from django.db import migrations, models

# The item every committee's agenda has started with: from now on it is of its own kind, so that the
# agenda pack carries the previous meeting's minutes there (matched by the default title once, here).
MINUTES_ITEM = "Minutes of the previous meeting"


def mark_minutes_items(apps, schema_editor):
    for name in ("AgendaItem", "StandardItem"):
        model = apps.get_model("scrutiny", name)
        model.objects.filter(kind="standing", title=MINUTES_ITEM).update(kind="minutes")


def unmark_minutes_items(apps, schema_editor):
    for name in ("AgendaItem", "StandardItem"):
        apps.get_model("scrutiny", name).objects.filter(kind="minutes").update(kind="standing")


class Migration(migrations.Migration):
    dependencies = [
        ("scrutiny", "0008_attendance_expected"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agendaitem",
            name="kind",
            field=models.CharField(
                choices=[
                    ("report", "Report"),
                    ("standing", "Standing item"),
                    ("decision", "For decision"),
                    ("information", "For information"),
                    ("noting", "For noting"),
                    ("minutes", "Minutes of the previous meeting"),
                    ("exclusion", "Exclusion of the press and public"),
                ],
                default="report",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalagendaitem",
            name="kind",
            field=models.CharField(
                choices=[
                    ("report", "Report"),
                    ("standing", "Standing item"),
                    ("decision", "For decision"),
                    ("information", "For information"),
                    ("noting", "For noting"),
                    ("minutes", "Minutes of the previous meeting"),
                    ("exclusion", "Exclusion of the press and public"),
                ],
                default="report",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalstandarditem",
            name="kind",
            field=models.CharField(
                choices=[
                    ("report", "Report"),
                    ("standing", "Standing item"),
                    ("decision", "For decision"),
                    ("information", "For information"),
                    ("noting", "For noting"),
                    ("minutes", "Minutes of the previous meeting"),
                    ("exclusion", "Exclusion of the press and public"),
                ],
                default="standing",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="standarditem",
            name="kind",
            field=models.CharField(
                choices=[
                    ("report", "Report"),
                    ("standing", "Standing item"),
                    ("decision", "For decision"),
                    ("information", "For information"),
                    ("noting", "For noting"),
                    ("minutes", "Minutes of the previous meeting"),
                    ("exclusion", "Exclusion of the press and public"),
                ],
                default="standing",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(mark_minutes_items, unmark_minutes_items),
    ]
