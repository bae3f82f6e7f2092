import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import scrutiny.models.documents


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("scrutiny", "0002_agenda_and_publication"),
        ("members", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="agendaitem",
            options={
                "ordering": ["meeting", "position"],
                "permissions": [("view_exempt_papers", "Can open the item's exempt papers")],
            },
        ),
        migrations.CreateModel(
            name="HistoricalAgendaItemUserObjectPermission",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "content_object",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.agendaitem",
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
                    "permission",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="auth.permission",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical agenda item user object permission",
                "verbose_name_plural": "historical agenda item user object permissions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSupportingDocument",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("title", models.CharField(max_length=250, verbose_name="title")),
                ("file", models.TextField(max_length=200, verbose_name="file")),
                ("filename", models.CharField(max_length=250, verbose_name="file name as uploaded")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("report", "Report"),
                            ("appendix", "Appendix"),
                            ("other", "Other"),
                        ],
                        default="report",
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("content_type", models.CharField(max_length=100, verbose_name="type of content")),
                ("size", models.PositiveBigIntegerField(verbose_name="size in bytes")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256 of the content")),
                ("page_count", models.PositiveIntegerField(blank=True, null=True, verbose_name="pages")),
                ("uploaded_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="uploaded at")),
                ("position", models.PositiveIntegerField(verbose_name="order")),
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
                    "item",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.agendaitem",
                        verbose_name="item",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical supporting document",
                "verbose_name_plural": "historical supporting documents",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="SupportingDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=250, verbose_name="title")),
                (
                    "file",
                    models.FileField(
                        max_length=200, upload_to=scrutiny.models.documents.document_path, verbose_name="file"
                    ),
                ),
                ("filename", models.CharField(max_length=250, verbose_name="file name as uploaded")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("report", "Report"),
                            ("appendix", "Appendix"),
                            ("other", "Other"),
                        ],
                        default="report",
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("content_type", models.CharField(max_length=100, verbose_name="type of content")),
                ("size", models.PositiveBigIntegerField(verbose_name="size in bytes")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256 of the content")),
                ("page_count", models.PositiveIntegerField(blank=True, null=True, verbose_name="pages")),
                ("uploaded_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="uploaded at")),
                ("position", models.PositiveIntegerField(verbose_name="order")),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="documents",
                        to="scrutiny.agendaitem",
                        verbose_name="item",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "ordering": ["item", "position"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalExemptDocumentAccess",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("document_title", models.CharField(max_length=250, verbose_name="document")),
                ("opened_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="opened at")),
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
                    "item",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.agendaitem",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.supportingdocument",
                        verbose_name="document",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical exempt document access",
                "verbose_name_plural": "historical exempt document accesses",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ExemptDocumentAccess",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("document_title", models.CharField(max_length=250, verbose_name="document")),
                ("opened_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="opened at")),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="exempt_accesses",
                        to="scrutiny.agendaitem",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="accesses",
                        to="scrutiny.supportingdocument",
                        verbose_name="document",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "exempt document accesses",
                "ordering": ["-opened_at"],
            },
        ),
        migrations.CreateModel(
            name="AgendaItemUserObjectPermission",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "content_object",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="scrutiny.agendaitem"),
                ),
                ("permission", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="auth.permission")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "abstract": False,
                "unique_together": {("user", "permission", "content_object")},
            },
        ),
        migrations.AddConstraint(
            model_name="supportingdocument",
            constraint=models.UniqueConstraint(fields=("item", "position"), name="one_document_per_position"),
        ),
        migrations.AddConstraint(
            model_name="supportingdocument",
            constraint=models.CheckConstraint(condition=models.Q(("size__gt", 0)), name="document_is_not_empty"),
        ),
    ]
