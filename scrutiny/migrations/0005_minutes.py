import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("scrutiny", "0004_attendance"),
        ("members", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Action",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("description", models.TextField(verbose_name="what is to be done")),
                (
                    "owner_text",
                    models.CharField(
                        blank=True,
                        help_text="For example: Cabinet.",
                        max_length=200,
                        verbose_name="owner (if not a person in the system)",
                    ),
                ),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="due by")),
                ("when_available", models.BooleanField(default=False, verbose_name="as soon as it is available")),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")],
                        default="open",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("completed_on", models.DateField(blank=True, null=True, verbose_name="completed on")),
                (
                    "bring_back_to",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="members.body",
                        verbose_name="to be brought back to",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="owner",
                    ),
                ),
            ],
            options={
                "ordering": ["resolution", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalMinute",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("text", models.TextField(verbose_name="minute")),
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
                        verbose_name="agenda item",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical minute",
                "verbose_name_plural": "historical minutes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalWorkProgrammeEntry",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("title", models.CharField(max_length=250, verbose_name="subject")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("action", "Action from a meeting"),
                            ("recommendation", "Recommendation follow-up"),
                            ("commissioning", "Commissioning schedule"),
                            ("member_request", "Member request"),
                        ],
                        max_length=20,
                        verbose_name="source",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "Proposed"),
                            ("scheduled", "Scheduled"),
                            ("done", "Done"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="proposed",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "action",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.action",
                    ),
                ),
                (
                    "body",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="members.body",
                        verbose_name="committee",
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
                    "target_meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.meeting",
                        verbose_name="meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical work programme entry",
                "verbose_name_plural": "historical work programme entries",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Minute",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(verbose_name="minute")),
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="minute",
                        to="scrutiny.agendaitem",
                        verbose_name="agenda item",
                    ),
                ),
            ],
            options={
                "ordering": ["item__meeting", "item__position"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalResolution",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveIntegerField(verbose_name="order")),
                (
                    "text",
                    models.TextField(
                        help_text="For example: Resolved that the report be noted.", verbose_name="resolution"
                    ),
                ),
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
                    "minute",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.minute",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical resolution",
                "verbose_name_plural": "historical resolutions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMinuteCorrection",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "authority",
                    models.CharField(
                        help_text="The resolution that authorises it, for example Minute 5 of 14 January 2027.",
                        max_length=250,
                        verbose_name="authorised by",
                    ),
                ),
                ("old_text", models.TextField(verbose_name="text before")),
                ("new_text", models.TextField(verbose_name="text after")),
                ("corrected_at", models.DateTimeField(verbose_name="corrected at")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "corrected_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="corrected by",
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
                    "minute",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.minute",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical minute correction",
                "verbose_name_plural": "historical minute corrections",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MinuteCorrection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "authority",
                    models.CharField(
                        help_text="The resolution that authorises it, for example Minute 5 of 14 January 2027.",
                        max_length=250,
                        verbose_name="authorised by",
                    ),
                ),
                ("old_text", models.TextField(verbose_name="text before")),
                ("new_text", models.TextField(verbose_name="text after")),
                ("corrected_at", models.DateTimeField(verbose_name="corrected at")),
                (
                    "corrected_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="corrected by",
                    ),
                ),
                (
                    "minute",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="corrections", to="scrutiny.minute"
                    ),
                ),
            ],
            options={
                "ordering": ["minute", "corrected_at"],
            },
        ),
        migrations.CreateModel(
            name="Resolution",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField(verbose_name="order")),
                (
                    "text",
                    models.TextField(
                        help_text="For example: Resolved that the report be noted.", verbose_name="resolution"
                    ),
                ),
                (
                    "minute",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="resolutions", to="scrutiny.minute"
                    ),
                ),
            ],
            options={
                "ordering": ["minute", "position"],
            },
        ),
        migrations.CreateModel(
            name="Recommendation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(verbose_name="recommendation")),
                (
                    "to_whom",
                    models.CharField(
                        help_text="For example: Cabinet, or a Cabinet Member.", max_length=200, verbose_name="made to"
                    ),
                ),
                ("made_on", models.DateField(verbose_name="made on")),
                ("response_due", models.DateField(verbose_name="response due by")),
                (
                    "response",
                    models.CharField(
                        choices=[
                            ("none_yet", "No response yet"),
                            ("accepted", "Accepted"),
                            ("partly_accepted", "Partly accepted"),
                            ("rejected", "Rejected"),
                        ],
                        default="none_yet",
                        max_length=20,
                        verbose_name="response",
                    ),
                ),
                ("response_text", models.TextField(blank=True, verbose_name="the response")),
                ("responded_on", models.DateField(blank=True, null=True, verbose_name="responded on")),
                (
                    "implementation",
                    models.CharField(
                        choices=[
                            ("not_started", "Not started"),
                            ("in_progress", "In progress"),
                            ("implemented", "Implemented"),
                            ("not_applicable", "Not applicable"),
                        ],
                        default="not_started",
                        max_length=20,
                        verbose_name="implementation",
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="recommendations",
                        to="scrutiny.resolution",
                    ),
                ),
            ],
            options={
                "ordering": ["response_due", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalRecommendation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("text", models.TextField(verbose_name="recommendation")),
                (
                    "to_whom",
                    models.CharField(
                        help_text="For example: Cabinet, or a Cabinet Member.", max_length=200, verbose_name="made to"
                    ),
                ),
                ("made_on", models.DateField(verbose_name="made on")),
                ("response_due", models.DateField(verbose_name="response due by")),
                (
                    "response",
                    models.CharField(
                        choices=[
                            ("none_yet", "No response yet"),
                            ("accepted", "Accepted"),
                            ("partly_accepted", "Partly accepted"),
                            ("rejected", "Rejected"),
                        ],
                        default="none_yet",
                        max_length=20,
                        verbose_name="response",
                    ),
                ),
                ("response_text", models.TextField(blank=True, verbose_name="the response")),
                ("responded_on", models.DateField(blank=True, null=True, verbose_name="responded on")),
                (
                    "implementation",
                    models.CharField(
                        choices=[
                            ("not_started", "Not started"),
                            ("in_progress", "In progress"),
                            ("implemented", "Implemented"),
                            ("not_applicable", "Not applicable"),
                        ],
                        default="not_started",
                        max_length=20,
                        verbose_name="implementation",
                    ),
                ),
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
                    "resolution",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.resolution",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical recommendation",
                "verbose_name_plural": "historical recommendations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAction",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("description", models.TextField(verbose_name="what is to be done")),
                (
                    "owner_text",
                    models.CharField(
                        blank=True,
                        help_text="For example: Cabinet.",
                        max_length=200,
                        verbose_name="owner (if not a person in the system)",
                    ),
                ),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="due by")),
                ("when_available", models.BooleanField(default=False, verbose_name="as soon as it is available")),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")],
                        default="open",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("completed_on", models.DateField(blank=True, null=True, verbose_name="completed on")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "bring_back_to",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="members.body",
                        verbose_name="to be brought back to",
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
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="owner",
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.resolution",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical action",
                "verbose_name_plural": "historical actions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="action",
            name="resolution",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="actions", to="scrutiny.resolution"
            ),
        ),
        migrations.CreateModel(
            name="WorkProgrammeEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=250, verbose_name="subject")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("action", "Action from a meeting"),
                            ("recommendation", "Recommendation follow-up"),
                            ("commissioning", "Commissioning schedule"),
                            ("member_request", "Member request"),
                        ],
                        max_length=20,
                        verbose_name="source",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "Proposed"),
                            ("scheduled", "Scheduled"),
                            ("done", "Done"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="proposed",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "action",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="work_programme_entry",
                        to="scrutiny.action",
                    ),
                ),
                (
                    "body",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="work_programme",
                        to="members.body",
                        verbose_name="committee",
                    ),
                ),
                (
                    "target_meeting",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="work_programme_entries",
                        to="scrutiny.meeting",
                        verbose_name="meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "work programme entry",
                "verbose_name_plural": "work programme entries",
                "ordering": ["body", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="resolution",
            constraint=models.UniqueConstraint(fields=("minute", "position"), name="one_resolution_per_position"),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(("response", "none_yet"), ("responded_on__isnull", False), _connector="OR"),
                name="responded_recommendation_has_a_date",
                violation_error_message="Enter the date of the response",
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(("due_date__isnull", False), ("when_available", True), _connector="OR"),
                name="action_has_a_due_date_or_when_available",
                violation_error_message="Enter a due date, or say it is due as soon as it is available",
            ),
        ),
        migrations.AddConstraint(
            model_name="workprogrammeentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "scheduled"), _negated=True), ("target_meeting__isnull", False), _connector="OR"
                ),
                name="scheduled_entry_has_a_meeting",
                violation_error_message="Select the meeting the subject is scheduled for",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalMinutesConfirmation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("confirmed_at", models.DateTimeField(verbose_name="recorded at")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "confirmed_at_meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.meeting",
                        verbose_name="confirmed at the meeting of",
                    ),
                ),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
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
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scrutiny.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical minutes confirmation",
                "verbose_name_plural": "historical minutes confirmations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MinutesConfirmation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("confirmed_at", models.DateTimeField(verbose_name="recorded at")),
                (
                    "confirmed_at_meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="scrutiny.meeting",
                        verbose_name="confirmed at the meeting of",
                    ),
                ),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
                (
                    "meeting",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="minutes_confirmation",
                        to="scrutiny.meeting",
                    ),
                ),
            ],
        ),
    ]
