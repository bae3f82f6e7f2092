"""The forward plan: key decision assessment (reg 8) and immutable editions (reg 9)."""

import datetime
import hashlib

import pytest
from django.db import IntegrityError, InternalError, connection, transaction

from council.errors import RuleError
from executive import services
from executive.models import EntryStatus, ForwardPlanEdition, KeyReason
from executive.services.forward_plan import edition_bytes
from tests.factories import CabinetFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db

D = datetime.date


# --- The rule: is it a key decision? (reg 8) ------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "significant", "wards", "other", "expected"),
    [
        (499_999, False, 0, "", (False, KeyReason.NOT_KEY)),
        (500_000, False, 0, "", (True, KeyReason.EXPENDITURE)),  # the threshold itself is key
        (None, False, 5, "", (False, KeyReason.NOT_KEY)),  # many wards, but not significant
        (None, True, 1, "", (False, KeyReason.NOT_KEY)),  # significant, but in one ward
        (None, True, 2, "", (True, KeyReason.WARDS)),
        (10_000, False, 0, "Closes a library", (True, KeyReason.OFFICER)),
        (10_000, False, 0, "   ", (False, KeyReason.NOT_KEY)),
        (2_000_000, True, 3, "Also", (True, KeyReason.EXPENDITURE)),  # the first reason is recorded
    ],
)
def test_key_decision_assessment(amount, significant, wards, other, expected):
    assert (
        services.key_decision_assessment(
            amount_pounds=amount, wards_significant=significant, ward_count=wards, officer_key_reason=other
        )
        == expected
    )


def test_the_threshold_is_a_setting(settings):
    settings.KEY_DECISION_THRESHOLD_POUNDS = 250_000
    assert services.key_decision_assessment(amount_pounds=250_000, wards_significant=False, ward_count=0)[0]


def _draft(officer, **fields):
    fields.setdefault("title", "Re-commission the leisure service")
    fields.setdefault("decision_maker", CabinetFactory())
    fields.setdefault("expected_decision_on", D(2027, 2, 10))
    return services.entry_draft(by=officer, **fields)


def test_drafting_an_entry_records_whether_it_is_key_and_why():
    officer = UserFactory(roles=["Officer"])
    wards = WardFactory.create_batch(2)
    entry = _draft(officer, wards=wards, wards_significant=True)
    assert (entry.is_key, entry.key_reason, entry.status) == (True, KeyReason.WARDS, EntryStatus.DRAFT)
    assert entry.drafted_by == officer
    assert entry.history.first().history_change_reason == "Key decision assessed"
    entry = services.entry_update(entry=entry, by=officer, wards=wards[:1])
    assert (entry.is_key, entry.key_reason) == (False, KeyReason.NOT_KEY)


def test_a_private_entry_needs_its_paragraph_and_reasons():
    officer = UserFactory(roles=["Officer"])
    with pytest.raises(RuleError, match="Schedule 12A"):
        _draft(officer, private=True, exempt_paragraph=3)
    entry = _draft(officer, private=True, exempt_paragraph=3, private_reasons="Tender prices")
    assert entry.private


# --- Editions: every published entry fixed with its SHA-256, never changed ------------------------


def test_democratic_services_publish_an_edition_with_its_fingerprint():
    officer = UserFactory(roles=["Officer"])
    clerk = UserFactory(roles=["Democratic Services"])
    first = _draft(officer, amount_pounds=900_000)
    left_out = _draft(officer, title="Not ready")
    edition = services.forward_plan_publish(by=clerk, include=[first])
    first.refresh_from_db()
    left_out.refresh_from_db()
    assert (first.status, left_out.status) == (EntryStatus.PUBLISHED, EntryStatus.DRAFT)
    assert edition.number == 1
    assert list(edition.entries.all()) == [first]
    assert edition.sha256 == hashlib.sha256(edition_bytes(edition.contents)).hexdigest()
    assert edition.contents["entries"][0]["matter"] == "Re-commission the leisure service"
    assert edition.contents["entries"][0]["key_reason"] == "Expenditure or savings above the threshold"
    # The next edition carries the published entry forward, as it now stands.
    services.entry_update(entry=first, by=officer, expected_decision_on=D(2027, 3, 10))
    second = services.forward_plan_publish(by=clerk, include=[left_out])
    assert second.number == 2
    assert {e["expected_decision_on"] for e in second.contents["entries"]} == {"2027-03-10", "2027-02-10"}
    assert edition.contents["entries"][0]["expected_decision_on"] == "2027-02-10"


def test_only_democratic_services_publish_the_forward_plan():
    officer = UserFactory(roles=["Officer"])
    entry = _draft(officer)
    with pytest.raises(RuleError, match="Democratic Services"):
        services.forward_plan_publish(by=officer, include=[entry])


def test_an_empty_forward_plan_is_not_published():
    with pytest.raises(RuleError, match="nothing to publish"):
        services.forward_plan_publish(by=UserFactory(roles=["Democratic Services"]))


def test_an_edition_cannot_be_changed_or_deleted_by_the_model_or_the_database():
    clerk = UserFactory(roles=["Democratic Services"])
    edition = services.forward_plan_publish(by=clerk, include=[_draft(UserFactory(roles=["Officer"]))])
    with pytest.raises(RuleError):
        edition.save()
    with pytest.raises(RuleError):
        edition.delete()
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        ForwardPlanEdition.objects.filter(pk=edition.pk).update(sha256="0" * 64)
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM executive_forwardplanedition")
    assert ForwardPlanEdition.objects.get().sha256 == edition.sha256
