"""The attacker's sweep of the executive thread (issue 14): a marker in every non-public field of an
exempt Cabinet agenda item (taken in private after its reg 5 notices), of the exempt part of the
decision the Cabinet took on it (called in by three O&S members), and of an officer decision's
exempt part; then every executive, commissioning and scrutiny route, the History page of each
planted record and the dashboard, requested by the public, a councillor off the committee, an
officer who did not take the decision and the clerk of another committee. The marker must appear
in no response (PDFs through pdftotext) and in no email (the call-in email to Democratic Services,
the general exception email to the O&S chair).

tests/test_security_exempt_leak.py walks the same routes with no executive object behind them.
"""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from commissioning.models import ReviewDecision
from council import permissions
from executive import services
from executive.services.meeting_decisions import cabinet_decision_maker, decision_record_from_item
from members.models import BodyKind, MembershipRole
from scrutiny import services as scrutiny_services
from tests.exempt_scenario import marker, upload
from tests.factories import BodyFactory, MemberFactory, MembershipFactory, OfficerFactory, UserFactory
from tests.factories.commissioning import ReviewFactory
from tests.factories.executive import ForwardPlanEntryFactory
from tests.private_meetings_kit import LAST_FURTHER_DAY, MEETING_DAY, cabinet_meeting, notices_in_time, publish_agenda
from tests.test_security_exempt_leak import ABSENT, body_of, routes

pytestmark = pytest.mark.django_db

D = datetime.date
PREFIX = "QZXLEAK"
DECIDED = MEETING_DAY  # Thursday 4 February 2027
PUBLISHED = D(2027, 2, 5)
CALLED_IN = D(2027, 2, 8)
NOW = datetime.datetime(2027, 2, 9, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _on_9_february_2027():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def _councillor(body=None, role=MembershipRole.MEMBER):
    person = MemberFactory().user
    person.groups.add(*UserFactory(roles=["Councillor"]).groups.all())
    if body is not None:
        MembershipFactory(person=person, body=body, role=role)
    return person


class World:
    def __init__(self):
        self.clerk = clerk = UserFactory(roles=["Democratic Services"], email="clerk@example.org")
        self.meeting, item = cabinet_meeting(clerk)
        item.public_interest_reason = marker("public interest reason")
        item.organisations = marker("organisations")
        item.subjects = marker("subjects")
        item.save()
        self.item = item
        self.document = scrutiny_services.document_add(
            item=item,
            upload=upload(f"{marker('filename')}.pdf"),
            title=marker("document title"),
            kind="report",
            by=clerk,
        )
        self.notice = notices_in_time(item, clerk)
        publish_agenda(self.meeting, clerk, today=LAST_FURTHER_DAY)
        self.scrutiny = BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY, name="Overview and Scrutiny Committee")
        self.chair = _councillor(self.scrutiny, MembershipRole.CHAIR)
        self.chair.email = "chair@example.org"
        self.chair.save()
        self.members = [_councillor(self.scrutiny) for _ in range(3)]
        # The decision comes from a commissioning review, through a forward plan entry (not key).
        maker = cabinet_decision_maker(self.meeting)
        self.thread_entry = ForwardPlanEntryFactory(decision_maker=maker, title="Leisure services review")
        services.forward_plan_publish(by=clerk, include=[self.thread_entry], now=NOW - datetime.timedelta(days=40))
        self.review = ReviewFactory()
        ReviewDecision.objects.create(
            review=self.review, entry=self.thread_entry, stage=self.review.stage, linked_by=clerk
        )
        self.decision = decision_record_from_item(
            item=item,
            entry=self.thread_entry,
            by=clerk,
            title="Award of the leisure contract",
            decision="To award the leisure contract to the preferred bidder.",
            reasons="The most economically advantageous tender.",
            exempt_part=marker("decision exempt part"),
            today=DECIDED,
        )
        self.decision = services.decision_notice_publish(decision=self.decision, by=clerk, on=PUBLISHED)
        for member in self.members:
            self.call_in = services.call_in_request(
                decision=self.decision,
                by=member,
                reasons="The options appraisal was not shared with scrutiny.",
                outcome_sought="referred_back",
                today=CALLED_IN,
            )
        self.officer = OfficerFactory(directorate="Place", job_title="Head of Leisure")
        self.officer_decision = services.officer_decision_record(
            by=self.officer.user,
            officer=self.officer,
            title="Leisure centre concession",
            ground="contract",
            authority="Constitution, Part 3, delegation L2",
            decided_on=D(2027, 2, 1),
            decision="To award the café concession.",
            reasons="Best value.",
            exempt_paragraph=3,
            exempt_part=marker("officer decision exempt part"),
            today=D(2027, 2, 1),
        )
        self.officer_decision = services.officer_decision_publish(
            decision=self.officer_decision, by=clerk, on=D(2027, 2, 2)
        )
        self.entry = ForwardPlanEntryFactory(decision_maker=self.decision.decision_maker, is_key=True)
        self.general_exception = services.general_exception_publish(
            entry=self.entry, by=clerk, scrutiny_chair=self.chair, reasons="The contract ends in March.", on=CALLED_IN
        )
        self.edition = services.forward_plan_publish(by=clerk, now=NOW)
        self.councillor_off = _councillor()
        self.other_officer = OfficerFactory(directorate="Place", job_title="Head of Parks").user
        self.other_clerk = UserFactory(roles=["Democratic Services"])
        permissions.grant("members.change_body", self.other_clerk, BodyFactory(name="Environment O&S Committee"))

    def history_targets(self):
        records = [self.item, self.document, self.decision, self.call_in, self.officer_decision, self.notice]
        records += list(self.call_in.signatures.all())
        return [(r._meta.app_label, r._meta.model_name, r.pk) for r in records]

    def searches(self):
        """The lists filtered by what an attacker would try: the marker itself, the meeting, the status."""
        return [
            reverse("executive:officer-decision-list") + "?keyword=exempt-part",
            reverse("executive:private-notice-list") + f"?meeting={self.meeting.pk}",
            reverse("executive:decision-list") + "?call_in=called_in&key=no",
            reverse("executive:forward-plan") + "?q=exempt-part",
        ]

    def kwargs(self, name, pattern):
        wanted = list(pattern.pattern.converters)
        if not wanted:
            return [{}]
        if name == "history":
            keys = ("app_label", "model_name", "pk")
            return [dict(zip(keys, target, strict=True)) for target in self.history_targets()]
        route = pattern.full_route.split("/", 1)[-1]  # without the app's prefix
        app = name.split(":")[0]
        if app == "executive":
            if route.startswith("forward-plan/entries/"):
                pk = self.entry.pk
            elif route.startswith("general-exception/"):
                pk = self.general_exception.pk
            elif route.startswith("officer-decisions/"):
                pk = self.officer_decision.pk
            elif route.startswith("private-meetings/"):
                pk = self.notice.pk
            elif route.startswith("meetings/"):
                pk = self.meeting.pk
            else:
                pk = self.decision.pk
            values = {"pk": pk, "number": self.edition.number, "item_pk": self.item.pk}
        elif app == "scrutiny":
            values = {
                "pk": self.meeting.pk,
                "item_pk": self.item.pk,
                "document_pk": self.document.pk,
                "slug": self.meeting.body.slug,
                "year": self.meeting.date.year,
                "month": self.meeting.date.month,
            }
        elif app == "commissioning":
            values = {"pk": self.review.pk if route.startswith("reviews/") else ABSENT}
        else:
            return []
        missing = [key for key in wanted if key not in values]
        if missing:
            return [{key: values.get(key, ABSENT) for key in wanted}]
        return [{key: values[key] for key in wanted}]


def sweep(client, world, person):
    client.logout()
    client.raise_request_exception = False
    if person is not None:
        client.force_login(person)
    found, statuses = [], {}
    for name, pattern in routes():
        for kwargs in world.kwargs(name, pattern):
            url = reverse(name, kwargs=kwargs)
            response = client.get(url)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if PREFIX in body_of(response):
                found.append(url)
    for url in world.searches():
        response = client.get(url)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if PREFIX in body_of(response):
            found.append(url)
    return found, statuses


def test_no_executive_route_nor_email_shows_exempt_content_to_those_who_may_not_see_it(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world = World()
    assert world.call_in.valid_on == CALLED_IN
    people = {
        "the public": None,
        "a councillor off the committee": world.councillor_off,
        "an officer who did not take the decision": world.other_officer,
        "an O&S member who called the decision in": world.members[0],
        "the O&S chair told of the general exception": world.chair,
    }
    found = {}
    for who, person in people.items():
        leaked, statuses = sweep(client, world, person)
        assert statuses.get(200, 0) >= 15, (who, statuses)
        found[who] = leaked
    assert found == {who: [] for who in people}
    # A search by words of the exempt part does not even find the record.
    client.logout()
    searched = client.get(reverse("executive:officer-decision-list"), {"keyword": "exempt-part"}).content.decode()
    assert world.officer_decision.title not in searched
    # Another committee's clerk reads the executive's exempt parts (Democratic Services run the
    # executive's record), never the content of the Cabinet's exempt agenda item.
    leaked, _ = sweep(client, world, world.other_clerk)
    item_markers = [marker(name) for name in ("public interest reason", "organisations", "subjects", "document title")]
    texts = {}
    client.force_login(world.other_clerk)
    for url in leaked:
        texts[url] = body_of(client.get(url))
    assert [url for url, text in texts.items() if any(m in text for m in item_markers)] == []
    subjects = [m.subject for m in mail.outbox]
    assert any("called in" in subject.lower() for subject in subjects), subjects
    assert len(mail.outbox) >= 2, subjects
    assert [m.subject for m in mail.outbox if PREFIX in f"{m.subject}\n{m.body}\n{m.alternatives}"] == []
    # The marker is there to be found: the officer who took the decision reads its exempt part.
    leaked, _ = sweep(client, world, world.officer.user)
    assert leaked
