"""The Monitoring Officer's review of interest-aware agendas, as an attacker: what the clerk's
declarations page, the notices and the dashboard give away of a sensitive interest (s.32) or of an
exempt item, and to whom."""

import pytest
from django.urls import reverse

from tests.agenda_interests_kit import interest_for
from tests.test_interest_aware_agendas import castle, committee, held_meeting  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def interest_mail():
    """The interest notices sent (publishing also sends each member their summons: tests/test_summons.py)."""
    from django.core import mail

    return [m for m in mail.outbox if "X-Council-Interest-Notice" in m.extra_headers]


REFUGE = "Northbridge Women's Refuge"


def test_the_clerk_sees_only_that_a_sensitive_interest_touches_the_item_never_what_matched(
    committee,  # noqa: F811
    castle,  # noqa: F811
    client,
):
    """s.32: the register (and so the clerk) shows that a sensitive interest exists and its category;
    the ward, organisation or subject it matched on are its withheld details."""
    interest_for(
        committee["member"],
        wards=[castle],
        sensitive=True,
        description="SECRET-DESCRIPTION lives at the refuge",
        organisation=REFUGE,
        subjects="SECRETSUBJECT",
    )
    meeting = held_meeting(
        committee,
        {"title": "Grants to charities", "wards": [castle], "organisations": REFUGE, "subjects": "SECRETSUBJECT"},
    )
    client.force_login(committee["clerk"])
    page = client.get(reverse("scrutiny:declarations", args=[meeting.pk])).content.decode()
    text = " ".join(page.split())
    assert "Ravi Patel" in text and "a sensitive interest (land" in text and "details withheld" in text
    assert "SECRET-DESCRIPTION" not in page
    assert "Women&#x27;s Refuge" not in page and "Women's Refuge" not in page
    assert "SECRETSUBJECT".lower() not in page.lower()
    assert "ward: Castle" not in page


def test_the_notice_email_carries_no_detail_of_a_sensitive_interest_even_on_a_public_item(
    committee,  # noqa: F811
    castle,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """Email leaves the council's hands (forwarding, shared mailboxes): what a sensitive interest
    matched on is its withheld detail, as much as its description."""
    from scrutiny import services
    from tests.test_interest_aware_agendas import meeting_with

    interest_for(
        committee["member"],
        wards=[castle],
        sensitive=True,
        description="SECRET-DESCRIPTION",
        organisation=REFUGE,
        subjects="SECRETSUBJECT",
    )
    meeting = meeting_with(
        committee,
        {"title": "Grants to charities", "wards": [castle], "organisations": REFUGE, "subjects": "SECRETSUBJECT"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=meeting, by=committee["clerk"])
    (email,) = interest_mail()
    assert "Grants to charities" in email.body and "your sensitive interest (land" in email.body
    assert "SECRET-DESCRIPTION" not in email.body and REFUGE not in email.body
    assert "secretsubject" not in email.body.lower() and "ward: Castle" not in email.body


def test_a_member_leaving_the_body_before_the_meeting_gets_no_notice(
    committee,  # noqa: F811
    castle,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    import datetime

    from members.models import Membership
    from scrutiny import services
    from scrutiny.models import InterestNotice
    from tests.test_interest_aware_agendas import meeting_with

    interest_for(committee["member"], wards=[castle])
    meeting = meeting_with(committee, {"title": "Castle Street", "wards": [castle]})
    Membership.objects.filter(person=committee["member"]).update(end_date=meeting.date - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=meeting, by=committee["clerk"])
    assert not InterestNotice.objects.exists() and interest_mail() == []
