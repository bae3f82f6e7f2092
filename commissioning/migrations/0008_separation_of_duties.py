"""Separation of duties on savings: who entered the realised figure, and when.

Existing lines learn it from their history: the last change of the realised figure names its
author. A delivered saving signed off by the same person would break the new rule; the migration
stops and names such savings rather than hide what happened (a finance officer reopens them first).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def entered_from_history(apps, schema_editor):
    SavingLine = apps.get_model("commissioning", "SavingLine")
    History = apps.get_model("commissioning", "HistoricalSavingLine")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now, so that adding the constraint below does not meet
        # "pending trigger events" in the same transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    conflicts = []
    for line in SavingLine.objects.filter(realised__gt=0, realised_entered_by__isnull=True):
        entered = None
        previous = None
        for record in History.objects.filter(id=line.pk).order_by("history_date", "history_id"):
            if previous is None or record.realised != previous:
                entered = record
            previous = record.realised
        if entered is None or not User.objects.filter(pk=entered.history_user_id).exists():
            continue
        if line.signed_off_by_id == entered.history_user_id:
            conflicts.append(f"{line.budget_reference} ({line.financial_year})")
            continue
        line.realised_entered_by_id = entered.history_user_id
        line.realised_entered_at = entered.history_date
        line.save(update_fields=["realised_entered_by", "realised_entered_at"])
    if conflicts:
        raise RuntimeError(
            "These savings were signed off as delivered by the person who entered their realised figure: "
            f"{', '.join(conflicts)}. Reopen them (another finance officer, with a note) and migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0007_work_plan_pack"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalsavingline",
            name="realised_entered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="realised figure entered"),
        ),
        migrations.AddField(
            model_name="historicalsavingline",
            name="realised_entered_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="realised figure entered by",
            ),
        ),
        migrations.AddField(
            model_name="savingline",
            name="realised_entered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="realised figure entered"),
        ),
        migrations.AddField(
            model_name="savingline",
            name="realised_entered_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="realised figure entered by",
            ),
        ),
        migrations.RunPython(entered_from_history, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="savingline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("signed_off_by__isnull", True),
                    ("realised_entered_by__isnull", True),
                    models.Q(("signed_off_by", models.F("realised_entered_by")), _negated=True),
                    _connector="OR",
                ),
                name="saving_not_signed_off_by_who_entered_realised",
                violation_error_message="The person who entered the realised figure cannot sign the saving off",
            ),
        ),
    ]
