"""The quick flush between transactional tests (council/management/commands/flush.py) empties
every table, even the publication record the database refuses to delete from, and leaves the
refusal, the role groups with their declared permissions and the criterion weights in place for
the next test."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from commissioning.models import CriterionWeight
from council.roles import Role
from scrutiny import services
from scrutiny.models import Publication
from tests.factories import MeetingFactory, UserFactory
from tests.factories.scrutiny import london


def _published():
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    meeting = MeetingFactory(starts_at=london(2026, 12, 10, 18))
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    return services.agenda_publish(meeting=meeting, by=clerk, today=datetime.date(2026, 12, 1))


@pytest.mark.django_db(transaction=True)
def test_the_flush_between_tests_empties_everything_and_keeps_the_publication_records_guard():
    _published()
    clerks = Group.objects.get(name=Role.DEMOCRATIC_SERVICES.value)
    declared = set(clerks.permissions.all())
    clerks.permissions.clear()  # a test that changed a role's permissions
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False, allow_cascade=False)
    emptied = [model for model in apps.get_models() if model._meta.managed and model.objects.exists()]
    # What post_migrate sets up again: content types, permissions, the role groups, the weights.
    assert {model._meta.label for model in emptied} <= {
        "contenttypes.ContentType",
        "auth.Permission",
        "auth.Group",
        "commissioning.CriterionWeight",
        "commissioning.HistoricalCriterionWeight",
        # Setting the role groups' permissions back is a change to grants: search's version moves on.
        "record.GrantsChange",
    }
    assert set(Group.objects.get(name=Role.DEMOCRATIC_SERVICES.value).permissions.all()) == declared != set()
    assert CriterionWeight.objects.count() == 6
    publication = _published()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM scrutiny_publication WHERE id = %s", [publication.pk])
    assert Publication.objects.filter(pk=publication.pk).exists()
