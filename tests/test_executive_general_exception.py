"""General exception notices (the 2012 Regulations reg 10): published in the product before the
decision, the O&S chair informed in writing by email, the decision 5 clear working days later, and
the notice public and unchangeable."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.errors import RuleError
from executive import services
from executive.models import DecisionRoute, EntryStatus, GeneralExceptionNotice
from members.models import BodyKind, MembershipRole
from tests.factories import BodyFactory, CabinetFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
NOTICE = D(2026, 12, 1)  # a Tuesday: 5 clear working days are 2-8 December; decided from 9 December


@pytest.fixture
def clerk():
    return UserFactory(roles=["Democratic Services"])


@pytest.fixture
def chair():
    chair = UserFactory(roles=["Councillor"], email="chair@northbridge.example")
    MembershipFactory(person=chair, role=MembershipRole.CHAIR, body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY))
    return chair


@pytest.fixture
def entry():
    return services.entry_draft(
        by=UserFactory(roles=["Officer"]),
        title="Emergency repairs to the leisure centre roof",
        decision_maker=CabinetFactory(),
        expected_decision_on=D(2026, 12, 10),
        amount_pounds=750_000,
    )


def _publish(entry, clerk, chair, on=NOTICE, **fields):
    fields.setdefault("reasons", "The roof failed its inspection on 27 November and the centre must reopen.")
    return services.general_exception_publish(entry=entry, by=clerk, scrutiny_chair=chair, on=on, **fields)


def _decide(entry, clerk, decided_on):
    return services.decision_record(
        by=clerk,
        decision_maker=entry.decision_maker,
        entry=entry,
        decided_on=decided_on,
        route=DecisionRoute.GENERAL_EXCEPTION,
        decision="To repair the roof.",
        reasons="The centre must reopen.",
        today=D(2027, 1, 31),
    )


def test_the_notice_informs_the_chair_in_writing_and_is_fixed_as_published(
    entry, clerk, chair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = _publish(entry, clerk, chair)
    assert (notice.published_on, notice.chair_informed_on) == (NOTICE, NOTICE)
    assert notice.contents["matter"] == "Emergency repairs to the leisure centre roof"
    assert notice.contents["reasons"].startswith("The roof failed")
    assert notice.contents["earliest_decision_on"] == "2026-12-09"
    (message,) = mail.outbox
    assert message.to == ["chair@northbridge.example"]
    assert "Emergency repairs to the leisure centre roof" in message.body
    assert "9 December 2026" in message.body
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PUBLISHED


def test_the_decision_may_be_taken_from_the_sixth_day_not_before(entry, clerk, chair):
    _publish(entry, clerk, chair)
    with pytest.raises(RuleError, match="from 9 December 2026"):
        _decide(entry, clerk, D(2026, 12, 8))
    decision = _decide(entry, clerk, D(2026, 12, 9))
    assert decision.general_exception_notice_on == NOTICE
    assert decision.scrutiny_chair_informed_on == NOTICE
    assert decision.scrutiny_chair == chair


def test_a_bank_holiday_between_moves_the_earliest_day(entry, clerk, chair):
    # Published on Monday 21 December 2026: Christmas Day and Boxing Day (moved to Monday 28th) are
    # not working days, so the 5 clear working days are 22, 23, 24, 29 and 30 December.
    notice = _publish(entry, clerk, chair, on=D(2026, 12, 21))
    assert notice.contents["earliest_decision_on"] == "2026-12-31"
    with pytest.raises(RuleError):
        _decide(entry, clerk, D(2026, 12, 30))
    assert _decide(entry, clerk, D(2026, 12, 31)).route == DecisionRoute.GENERAL_EXCEPTION


def test_only_democratic_services_publish_it(entry, chair):
    officer = UserFactory(roles=["Officer"])
    with pytest.raises(RuleError, match="Democratic Services"):
        _publish(entry, officer, chair)
    assert not GeneralExceptionNotice.objects.exists()


def test_the_person_informed_must_chair_an_overview_and_scrutiny_committee(entry, clerk):
    member = UserFactory(roles=["Councillor"])
    MembershipFactory(person=member, body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY))
    with pytest.raises(RuleError, match="chair an overview and scrutiny committee") as refused:
        _publish(entry, clerk, member)
    assert refused.value.field == "scrutiny_chair"


def test_a_notice_needs_its_reasons_and_a_key_decision(clerk, chair):
    entry = services.entry_draft(
        by=UserFactory(roles=["Officer"]),
        title="Rename a meeting room",
        decision_maker=CabinetFactory(),
        expected_decision_on=D(2026, 12, 10),
    )
    with pytest.raises(RuleError, match="only for a key decision"):
        _publish(entry, clerk, chair)
    with pytest.raises(RuleError, match="why") as refused:
        services.entry_update(entry=entry, by=clerk, amount_pounds=900_000)
        _publish(entry, clerk, chair, reasons="  ")
    assert refused.value.field == "reasons"


def test_one_notice_per_entry_and_never_for_a_decided_or_withdrawn_one(entry, clerk, chair):
    _publish(entry, clerk, chair)
    with pytest.raises(RuleError, match="already"):
        _publish(entry, clerk, chair)
    withdrawn = services.entry_draft(
        by=clerk, title="Another", decision_maker=entry.decision_maker, expected_decision_on=NOTICE, amount_pounds=10**6
    )
    services.entry_withdraw(entry=withdrawn, by=clerk)
    with pytest.raises(RuleError, match="withdrawn"):
        _publish(withdrawn, clerk, chair)


def test_the_notice_cannot_be_changed_or_deleted(entry, clerk, chair):
    notice = _publish(entry, clerk, chair)
    notice.reasons = "Rewritten"
    with pytest.raises(RuleError):
        notice.save()
    with pytest.raises(RuleError):
        notice.delete()
    with pytest.raises(IntegrityError):
        GeneralExceptionNotice.objects.filter(pk=notice.pk).update(reasons="Rewritten")


def test_the_public_read_the_notice_and_the_list(client, entry, clerk, chair):
    notice = _publish(entry, clerk, chair)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "Emergency repairs to the leisure centre roof" in page
    assert "The roof failed its inspection" in page
    assert "9 December 2026" in page
    listing = client.get(reverse("executive:general-exception-list")).content.decode()
    assert notice.get_absolute_url() in listing


def test_the_list_reads_a_constant_number_of_queries(client, clerk, chair, django_assert_num_queries):
    def add(n):
        for i in range(n):
            entry = services.entry_draft(
                by=clerk,
                title=f"Urgent matter {i} {n}",
                decision_maker=CabinetFactory(),
                expected_decision_on=D(2026, 12, 20),
                amount_pounds=10**6,
            )
            _publish(entry, clerk, chair)

    add(1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("executive:general-exception-list"))
    add(12)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(reverse("executive:general-exception-list")).status_code == 200


def test_publishing_in_the_browser_is_for_democratic_services(client, entry, clerk, chair):
    url = reverse("executive:general-exception-publish", args=[entry.pk])
    client.force_login(UserFactory(roles=["Officer"]))
    assert client.get(url).status_code == 403
    client.force_login(clerk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"scrutiny_chair": chair.pk, "reasons": ""})
    assert response.status_code == 200 and b"govuk-error-summary" in response.content
    assert not GeneralExceptionNotice.objects.exists()
    response = client.post(url, {"scrutiny_chair": chair.pk, "reasons": "The roof failed."})
    assert response.status_code == 302
    assert GeneralExceptionNotice.objects.get().entry == entry
