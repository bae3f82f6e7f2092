"""The heartbeat is sent by each worker's own thread, one row per worker's hostname: the row the
beat's heartbeat task wrote (named "celery") is no longer written, so it goes."""

from django.db import migrations, models


def forget_the_beat_task_row(apps, schema_editor):
    apps.get_model("council", "WorkerHeartbeat").objects.filter(name="celery").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0004_outbox"),
    ]

    operations = [
        migrations.AlterField(
            model_name="workerheartbeat",
            name="name",
            field=models.CharField(max_length=255, primary_key=True, serialize=False, verbose_name="worker"),
        ),
        migrations.RunPython(forget_the_beat_task_row, migrations.RunPython.noop),
    ]
