import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

STATUS_CHOICES = [
    ("present", "Present"),
    ("apologies", "Apologies"),
    ("absent", "Absent"),
    ("virtual", "Attended remotely"),
]
KIND_CHOICES = [
    ("dpi", "Disclosable pecuniary interest"),
    ("other_registrable", "Other registrable interest"),
    ("non_registrable", "Non-registrable interest"),
]
HISTORY_TYPES = [("+", "Created"), ("~", "Changed"), ("-", "Deleted")]


def _history_fk(to, **options):
    return models.ForeignKey(
        blank=True,
        db_constraint=False,
        null=True,
        on_delete=django.db.models.deletion.DO_NOTHING,
        related_name="+",
        to=to,
        **options,
    )


def _history_fields():
    return [
        ("history_id", models.AutoField(primary_key=True, serialize=False)),
        ("history_date", models.DateTimeField(db_index=True)),
        ("history_change_reason", models.TextField(null=True)),
        ("history_type", models.CharField(choices=HISTORY_TYPES, max_length=1)),
        (
            "history_user",
            models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
    ]


HISTORY_OPTIONS = {"ordering": ("-history_date", "-history_id"), "get_latest_by": ("history_date", "history_id")}


class Migration(migrations.Migration):
    dependencies = [
        ("scrutiny", "0003_documents"),
        ("members", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalAttendance",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("status", models.CharField(choices=STATUS_CHOICES, max_length=20, verbose_name="attendance")),
                ("notes", models.CharField(blank=True, max_length=250, verbose_name="notes")),
                *_history_fields(),
                ("meeting", _history_fk("scrutiny.meeting")),
                ("person", _history_fk(settings.AUTH_USER_MODEL, verbose_name="person")),
                ("substitute_for", _history_fk(settings.AUTH_USER_MODEL, verbose_name="substitute for")),
            ],
            options={
                "verbose_name": "historical attendance",
                "verbose_name_plural": "historical attendance",
                **HISTORY_OPTIONS,
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDeclaration",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("kind", models.CharField(choices=KIND_CHOICES, max_length=20, verbose_name="kind of interest")),
                ("nature", models.TextField(verbose_name="nature of the interest")),
                ("left_room", models.BooleanField(default=False, verbose_name="left the room for the item")),
                *_history_fields(),
                ("created_by", _history_fk(settings.AUTH_USER_MODEL, verbose_name="recorded by")),
                ("item", _history_fk("scrutiny.agendaitem")),
                ("person", _history_fk(settings.AUTH_USER_MODEL, verbose_name="person")),
            ],
            options={
                "verbose_name": "historical declaration",
                "verbose_name_plural": "historical declarations",
                **HISTORY_OPTIONS,
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Attendance",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(choices=STATUS_CHOICES, max_length=20, verbose_name="attendance")),
                ("notes", models.CharField(blank=True, max_length=250, verbose_name="notes")),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="attendances", to="scrutiny.meeting"
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attendances",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
                (
                    "substitute_for",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="substitute for",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "attendance",
                "ordering": ["meeting", "person__last_name", "person__first_name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("meeting", "person"),
                        name="one_attendance_per_person_per_meeting",
                        violation_error_message="This person is already on the register",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Declaration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=KIND_CHOICES, max_length=20, verbose_name="kind of interest")),
                ("nature", models.TextField(verbose_name="nature of the interest")),
                ("left_room", models.BooleanField(default=False, verbose_name="left the room for the item")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="declarations",
                        to="scrutiny.agendaitem",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="declarations",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "ordering": ["item", "person__last_name", "person__first_name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("item", "person"),
                        name="one_declaration_per_person_per_item",
                        violation_error_message="This person has already declared an interest in this item",
                    )
                ],
            },
        ),
    ]
