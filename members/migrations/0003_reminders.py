"""Reminders: consultation emails as rows sent once, and the reminder times of each consultation."""

import datetime
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_consultations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalReminder",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("invitation", "Invitation"),
                            ("reminder", "Reminder"),
                            ("thank_you", "Thank you"),
                            ("adhoc", "Ad-hoc reminder"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        help_text="Tells reminders of one kind apart: 7d, 2d, last-day, adhoc-1, outcome.",
                        max_length=40,
                        verbose_name="which",
                    ),
                ),
                ("due_at", models.DateTimeField(verbose_name="due")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Due"),
                            ("sending", "Sending"),
                            ("sent", "Sent"),
                            ("failed", "Failed"),
                            ("skipped", "Not needed"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                ("claimed_at", models.DateTimeField(blank=True, null=True, verbose_name="claimed")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                ("last_error", models.TextField(blank=True, verbose_name="reason")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "consultation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="members.consultation",
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
                    "member",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="members.member",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical reminder",
                "verbose_name_plural": "historical reminders",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalReminderTime",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "days_before",
                    models.PositiveSmallIntegerField(
                        help_text="0 is the closing day itself.", verbose_name="days before closing"
                    ),
                ),
                ("time_of_day", models.TimeField(default=datetime.time(8, 0), verbose_name="time of day")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "consultation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="members.consultation",
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
            ],
            options={
                "verbose_name": "historical reminder time",
                "verbose_name_plural": "historical reminder times",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Reminder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("invitation", "Invitation"),
                            ("reminder", "Reminder"),
                            ("thank_you", "Thank you"),
                            ("adhoc", "Ad-hoc reminder"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        help_text="Tells reminders of one kind apart: 7d, 2d, last-day, adhoc-1, outcome.",
                        max_length=40,
                        verbose_name="which",
                    ),
                ),
                ("due_at", models.DateTimeField(verbose_name="due")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Due"),
                            ("sending", "Sending"),
                            ("sent", "Sent"),
                            ("failed", "Failed"),
                            ("skipped", "Not needed"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                ("claimed_at", models.DateTimeField(blank=True, null=True, verbose_name="claimed")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                ("last_error", models.TextField(blank=True, verbose_name="reason")),
                (
                    "consultation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="reminders", to="members.consultation"
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="consultation_reminders",
                        to="members.member",
                    ),
                ),
            ],
            options={
                "ordering": ["consultation", "due_at", "kind", "member"],
                "indexes": [models.Index(fields=["status", "due_at"], name="reminder_status_due")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("consultation", "member", "kind", "key"), name="one_reminder_per_member_kind_and_key"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ReminderTime",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "days_before",
                    models.PositiveSmallIntegerField(
                        help_text="0 is the closing day itself.", verbose_name="days before closing"
                    ),
                ),
                ("time_of_day", models.TimeField(default=datetime.time(8, 0), verbose_name="time of day")),
                (
                    "consultation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminder_times",
                        to="members.consultation",
                    ),
                ),
            ],
            options={
                "ordering": ["consultation", "-days_before"],
                "constraints": [
                    models.UniqueConstraint(fields=("consultation", "days_before"), name="one_reminder_time_per_day")
                ],
            },
        ),
    ]
