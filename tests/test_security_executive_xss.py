"""The attacker's script in every text typed into the executive thread (issue 14): a decision's
title and reasons, a member's name and their call-in reasons, a general exception's reasons, a
private meeting notice's matter and reasons, an officer decision's title; then every executive
route, the dashboard and the History pages, as the clerk, the O&S chair and the public. The script
is shown as text, never as markup; the emails are plain text."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from executive import services
from executive.services.meeting_decisions import decision_record_from_item
from members.models import BodyKind, MembershipRole
from tests.factories import BodyFactory, MemberFactory, MembershipFactory, OfficerFactory, UserFactory
from tests.factories.executive import ForwardPlanEntryFactory
from tests.private_meetings_kit import LAST_FURTHER_DAY, MEETING_DAY, cabinet_meeting, notices_in_time, publish_agenda
from tests.test_security_exempt_leak import body_of, routes

pytestmark = pytest.mark.django_db

D = datetime.date
SCRIPT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
NOW = datetime.datetime(2027, 2, 9, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _on_9_february_2027(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def _councillor(body, role, first_name=SCRIPT):
    person = MemberFactory(user__first_name=first_name).user
    person.groups.add(*UserFactory(roles=["Councillor"]).groups.all())
    MembershipFactory(person=person, body=body, role=role)
    return person


def test_typed_script_is_shown_as_text_on_every_executive_page(client, django_capture_on_commit_callbacks):
    clerk = UserFactory(roles=["Democratic Services"], email="clerk@example.org")
    meeting, item = cabinet_meeting(clerk)
    notice = notices_in_time(item, clerk, matter=f"Matter {SCRIPT}", reasons=f"Reasons {SCRIPT}")
    publish_agenda(meeting, clerk, today=LAST_FURTHER_DAY)
    scrutiny = BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY)
    chair = _councillor(scrutiny, MembershipRole.CHAIR)
    members = [_councillor(scrutiny, MembershipRole.MEMBER) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_record_from_item(
            item=item,
            by=clerk,
            title=f"Award {SCRIPT}",
            decision=f"Decision {SCRIPT}",
            reasons=f"Reasons {SCRIPT}",
            alternatives_rejected=f"Alternatives {SCRIPT}",
            exempt_part=f"Exempt {SCRIPT}",
            today=MEETING_DAY,
        )
        services.decision_notice_publish(decision=decision, by=clerk, on=D(2027, 2, 5))
        for member in members:
            call_in = services.call_in_request(
                decision=decision,
                by=member,
                reasons=f"Call-in {SCRIPT}",
                outcome_sought="referred_back",
                today=D(2027, 2, 8),
            )
        entry = ForwardPlanEntryFactory(title=f"Entry {SCRIPT}", decision_maker=decision.decision_maker, is_key=True)
        services.general_exception_publish(
            entry=entry, by=clerk, scrutiny_chair=chair, reasons=f"Because {SCRIPT}", on=D(2027, 2, 8)
        )
    officer = OfficerFactory(user__first_name=SCRIPT)
    officer_decision = services.officer_decision_record(
        by=officer.user,
        officer=officer,
        title=f"Concession {SCRIPT}",
        ground="contract",
        authority=f"Delegation {SCRIPT}",
        decided_on=D(2027, 2, 1),
        decision=f"Decision {SCRIPT}",
        reasons=f"Reasons {SCRIPT}",
        today=D(2027, 2, 1),
    )
    services.officer_decision_publish(decision=officer_decision, by=clerk, on=D(2027, 2, 2))
    pks = {
        "forward-plan/entries/": entry.pk,
        "general-exception/": entry.general_exception_notice.pk,
        "officer-decisions/": officer_decision.pk,
        "private-meetings/": notice.pk,
        "meetings/": meeting.pk,
    }
    urls = [reverse("home")]
    for name, pattern in routes():
        if not name.startswith("executive:"):
            continue
        route = pattern.full_route.split("/", 1)[-1]
        values = {
            "pk": next((pk for prefix, pk in pks.items() if route.startswith(prefix)), decision.pk),
            "number": 1,
            "item_pk": item.pk,
        }
        urls.append(reverse(name, kwargs={key: values[key] for key in pattern.pattern.converters}))
    for record in (decision, call_in, officer_decision, notice, entry, entry.general_exception_notice):
        urls.append(reverse("history", args=[record._meta.app_label, record._meta.model_name, record.pk]))
    shown = 0
    for person in (clerk, chair, members[0], None):
        client.logout()
        if person is not None:
            client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            text = body_of(response)
            if response.get("Content-Type", "").startswith("text/html"):
                assert SCRIPT not in text, (person, url)
                shown += ESCAPED in text
    assert shown >= 20
    assert mail.outbox
    assert not [m for m in mail.outbox if m.alternatives]  # plain text only: nothing is rendered as HTML
