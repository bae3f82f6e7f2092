"""The pack engine: builds (who asked, inputs, progress, outcome) and the versions they stored."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0002_role_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="PackBuild",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=50, verbose_name="kind of pack")),
                ("object_id", models.CharField(max_length=64, verbose_name="object")),
                ("edition", models.CharField(max_length=50, verbose_name="edition")),
                ("requested_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="requested")),
                ("inputs", models.JSONField(blank=True, default=dict, verbose_name="inputs")),
                ("inputs_hash", models.CharField(blank=True, max_length=64, verbose_name="inputs fingerprint")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("rendering", "Rendering"),
                            ("merging", "Merging"),
                            ("done", "Done"),
                            ("failed", "Failed"),
                        ],
                        default="queued",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("progress", models.CharField(blank=True, max_length=200, verbose_name="progress")),
                ("error", models.TextField(blank=True, verbose_name="error")),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished")),
                ("heartbeat_at", models.DateTimeField(blank=True, null=True, verbose_name="last sign of work")),
                ("attempts", models.PositiveIntegerField(default=0, verbose_name="attempts")),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="requested by",
                    ),
                ),
            ],
            options={
                "verbose_name": "pack build",
                "ordering": ["-requested_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalPackVersion",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("kind", models.CharField(max_length=50, verbose_name="kind of pack")),
                ("object_id", models.CharField(max_length=64, verbose_name="object")),
                ("edition", models.CharField(max_length=50, verbose_name="edition")),
                ("number", models.PositiveIntegerField(verbose_name="version")),
                ("file", models.TextField(max_length=300, verbose_name="file")),
                ("filename", models.CharField(max_length=200, verbose_name="download name")),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("size", models.PositiveBigIntegerField(verbose_name="size in bytes")),
                ("pages", models.PositiveIntegerField(verbose_name="pages")),
                ("inputs_hash", models.CharField(max_length=64, verbose_name="inputs fingerprint")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="created")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "built_from",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="council.packbuild",
                        verbose_name="built from",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical pack version",
                "verbose_name_plural": "historical pack versions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PackVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=50, verbose_name="kind of pack")),
                ("object_id", models.CharField(max_length=64, verbose_name="object")),
                ("edition", models.CharField(max_length=50, verbose_name="edition")),
                ("number", models.PositiveIntegerField(verbose_name="version")),
                ("file", models.FileField(max_length=300, upload_to="", verbose_name="file")),
                ("filename", models.CharField(max_length=200, verbose_name="download name")),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("size", models.PositiveBigIntegerField(verbose_name="size in bytes")),
                ("pages", models.PositiveIntegerField(verbose_name="pages")),
                ("inputs_hash", models.CharField(max_length=64, verbose_name="inputs fingerprint")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="created")),
                (
                    "built_from",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="council.packbuild",
                        verbose_name="built from",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
            ],
            options={
                "verbose_name": "pack version",
                "ordering": ["-number"],
            },
        ),
        migrations.AddField(
            model_name="packbuild",
            name="version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="council.packversion",
                verbose_name="version",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalPackBuild",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("kind", models.CharField(max_length=50, verbose_name="kind of pack")),
                ("object_id", models.CharField(max_length=64, verbose_name="object")),
                ("edition", models.CharField(max_length=50, verbose_name="edition")),
                ("requested_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="requested")),
                ("inputs", models.JSONField(blank=True, default=dict, verbose_name="inputs")),
                ("inputs_hash", models.CharField(blank=True, max_length=64, verbose_name="inputs fingerprint")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("rendering", "Rendering"),
                            ("merging", "Merging"),
                            ("done", "Done"),
                            ("failed", "Failed"),
                        ],
                        default="queued",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("progress", models.CharField(blank=True, max_length=200, verbose_name="progress")),
                ("error", models.TextField(blank=True, verbose_name="error")),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished")),
                ("heartbeat_at", models.DateTimeField(blank=True, null=True, verbose_name="last sign of work")),
                ("attempts", models.PositiveIntegerField(default=0, verbose_name="attempts")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="requested by",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="council.packversion",
                        verbose_name="version",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical pack build",
                "verbose_name_plural": "historical pack builds",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name="packversion",
            constraint=models.UniqueConstraint(
                fields=("kind", "object_id", "edition", "number"), name="packversion_unique_number"
            ),
        ),
        migrations.AddConstraint(
            model_name="packversion",
            constraint=models.CheckConstraint(
                condition=models.Q(("number__gte", 1)), name="packversion_number_from_one"
            ),
        ),
        migrations.AddIndex(
            model_name="packbuild",
            index=models.Index(fields=["kind", "object_id", "edition", "status"], name="packbuild_pack_status"),
        ),
    ]
