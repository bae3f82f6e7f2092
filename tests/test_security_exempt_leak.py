"""The cross-cutting leak test (issue 11): a marker in every text field of an exempt item and of all
that is derived from it (its paper's title and file name, its minute, the correction, resolutions,
actions, recommendations and the response, the work-programme entry, the declared interest, the
organisations and subjects it concerns, which touch a member's registered interest; and the
recorded vote on its resolution, found by its minuted wording, since a vote has no text), then
every route of the URL resolver (the History page of each planted record), requested with GET by
the public, by a councillor who is not on the committee and by another committee's clerk, with
the minutes in draft and once confirmed. The marker
must appear in no response (HTML, iCalendar, CSV, headers, PDFs through ``pdftotext``) and in no
email. Routes that refuse these people (302, 403, 404, 405) are fine and counted; a route whose
arguments cannot be filled fails the test, so that no route is skipped silently.
"""

import subprocess
import tempfile
from collections import Counter

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from commissioning.services.workplan import workplan_bring_back
from council.packs import services as pack_services
from members.models import Member, Membership
from scrutiny import packs
from scrutiny.services.interests import interest_notices_send
from scrutiny.services.recommendations import recommendation_reminders_send
from tests.exempt_scenario import FAIR_SUMMARY, PREFIX, VOTE_SUMMARY, plant
from tests.factories import ConsultationFactory, QuestionFactory
from tests.factories.commissioning import IndicatorFactory, ReviewFactory, SavingLineFactory, WorkPlanVersionFactory

pytestmark = pytest.mark.django_db

#: Arguments for which no object of the kind is needed to reach the code under test: an id that
#: does not exist (the route is still requested and its refusal counted).
ABSENT = 999_999


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def routes():
    """(name, pattern) of every route, namespaced, walking the resolver."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(part for part in (namespace, pattern.namespace) if part)
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                pattern.full_route = prefix + str(pattern.pattern)
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern

    seen = set()
    for name, pattern in walk(get_resolver().url_patterns, "", ""):
        if name not in seen:
            seen.add(name)
            yield name, pattern


class World:
    """The planted scenario and an object of every other kind a route needs."""

    def __init__(self):
        self.s = plant()
        s = self.s
        self.version = WorkPlanVersionFactory()
        self.bring_back = workplan_bring_back(version=self.version, body=s.body, by=s.clerk)
        self.review = ReviewFactory()
        self.saving = SavingLineFactory(review=self.review)
        self.indicator = IndicatorFactory(review=self.review)
        self.consultation = ConsultationFactory()
        self.question = QuestionFactory(consultation=self.consultation)
        self.councillor = Member.objects.get(user=s.member)
        self.membership = Membership.objects.get(person=s.member, body=s.body)
        done = pack_services.build_now("work-plan", self.version, "internal", by=s.clerk)
        assert done.status == "done", done.error
        self.builds = {}
        for edition in packs.editions(s.meeting):
            self.builds[edition] = pack_services.build_now(packs.KIND, s.meeting, edition, by=s.clerk)
            assert self.builds[edition].status == "done", self.builds[edition].error

    def history_targets(self):
        s = self.s
        records = [s.meeting, s.exempt_item, s.document, s.declaration, s.minute, s.resolution, s.action]
        records += [s.recommendation, s.answered, s.entry, s.correction, *s.meeting.publications.all()]
        records += [s.extra["notice"], s.extra["vote"], s.extra["member_vote"]]
        return [(r._meta.app_label, r._meta.model_name, r.pk) for r in records if r is not None]

    def kwargs(self, name: str, pattern) -> list[dict]:
        """Every set of arguments to request ``name`` with; raises KeyError for one it cannot fill."""
        s, wanted = self.s, list(pattern.pattern.converters)
        if not wanted:
            return [{}]
        if name == "history":
            return [
                dict(zip(("app_label", "model_name", "pk"), target, strict=True)) for target in self.history_targets()
            ]
        if name.startswith("packs:") and "kind" in wanted:
            sets = [{"kind": packs.KIND, "obj_pk": str(s.meeting.pk), "edition": e} for e in packs.editions(s.meeting)]
            sets.append({"kind": "work-plan", "obj_pk": str(self.version.pk), "edition": "internal"})
            return [{**values, "number": 1} if "number" in wanted else values for values in sets]
        app = name.split(":")[0] if ":" in name else ""
        route = pattern.full_route
        common = {
            "slug": s.body.slug,
            "year": s.meeting.date.year,
            "month": s.meeting.date.month,
            "build_pk": self.builds[packs.PUBLIC].pk,
            "uidb64": "MQ",
            "token": "set-password",
        }
        by_app = {
            "scrutiny": {
                "pk": s.meeting.pk,
                "item_pk": s.exempt_item.pk,
                "declaration_pk": s.declaration.pk,
                "res_pk": s.resolution.pk,
                "action_pk": s.action.pk,
                "rec_pk": s.answered.pk,
                # Sending a summons again is a clerk's POST (its page, the summonses, is walked).
                "summons_pk": ABSENT,
                "document_pk": s.document.pk,
                "entry_pk": s.entry.pk,
                "version": s.meeting.publications.order_by("version").first().version,
            },
            "members": {
                "pk": self.councillor.pk if route.startswith("councillors/") else self.consultation.pk,
                "membership_pk": self.membership.pk,
                "user_pk": s.clerk.pk,
                "question_pk": self.question.pk,
                "member_pk": self.councillor.pk,
                "document_pk": ABSENT,  # a consultation's documents: nothing exempt reaches them
                "reminder_pk": ABSENT,
            },
            "commissioning": {
                "pk": (
                    self.saving.pk
                    if route.startswith("commissioning/savings/")
                    else self.indicator.pk
                    if route.startswith("commissioning/indicators/")
                    else self.review.pk
                ),
                "number": self.version.number,
                "membership_pk": ABSENT,
                "entry_pk": ABSENT,  # a work plan's entries are reviews, not work-programme entries
                "actual_pk": ABSENT,
                "link_pk": ABSENT,
            },
            # The executive's records name no agenda item of a committee: nothing exempt of scrutiny's reaches them
            # (a decision's own exempt part: tests/test_executive_pages.py).
            # A Cabinet meeting's item routes are asked about the committee's exempt item: not found.
            "executive": {"pk": ABSENT, "number": ABSENT, "item_pk": s.exempt_item.pk},
            # An import run (the Administrator's only) holds ModernGov's files and counts, never a minute.
            "moderngov": {"pk": ABSENT},
            # The ModernGov web service (every method with the scenario: tests/test_moderngov_webservice.py).
            "mgwebservice": {"method": "GetCommittees"},
            # The open API, by the exempt item's records (with tokens too: tests/test_api_exempt.py).
            "record": {
                "pk": {
                    "api/v1/agenda-items/": s.exempt_item.pk,
                    "api/v1/documents/": s.document.pk,
                    "api/v1/recommendations/": s.recommendation.pk,
                }.get(route.split("<")[0], s.meeting.pk),
                "number": ABSENT,
            },
            "": {"pk": s.member.pk},
        }
        values = {**common, **by_app.get(app, {})}
        return [{key: values[key] for key in wanted}]


def body_of(response) -> str:
    """The response as text: PDFs through pdftotext, files joined, headers included."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    headers = "\n".join(f"{key}: {value}" for key, value in response.items())
    if response.get("Content-Type", "").startswith("application/pdf"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(content)
            pdf.flush()
            text = subprocess.run(["pdftotext", pdf.name, "-"], capture_output=True, check=True, text=True).stdout
        return headers + "\n" + text
    return headers + "\n" + content.decode("utf-8", errors="replace")


def sweep(client, world, person) -> tuple[Counter, dict[str, str]]:
    """Request every route as ``person``; the status counts and the text of each response."""
    client.logout()
    client.raise_request_exception = False  # a page that errors is counted, not a leak (its body is checked)
    if person is not None:
        client.force_login(person)
    statuses, texts = Counter(), {}
    for name, pattern in routes():
        try:
            argument_sets = world.kwargs(name, pattern)
        except KeyError as missing:
            pytest.fail(f"Cannot fill {missing} for the route {name} ({pattern.pattern})")
        for kwargs in argument_sets:
            url = reverse(name, kwargs=kwargs)
            response = client.get(url)
            statuses[response.status_code] += 1
            texts[url] = body_of(response)
    return statuses, texts


def leaks(texts: dict[str, str]) -> list[str]:
    return [url for url, text in texts.items() if PREFIX in text]


@pytest.mark.parametrize("confirmed", [False, True], ids=["draft minutes", "confirmed minutes"])
def test_no_route_shows_exempt_content_to_those_who_may_not_see_it(
    client, confirmed, django_capture_on_commit_callbacks
):
    world = World()
    s = world.s
    # The Cabinet Member who is to respond is reminded on the due day, and the member is told the
    # exempt item touches their interest (by its title only): those emails are checked too.
    with django_capture_on_commit_callbacks(execute=True):
        assert recommendation_reminders_send(today=s.recommendation.response_due) == 1
    assert interest_notices_send()["sent"] == 1
    if confirmed:
        s.confirm()
    people = {
        "the public": None,
        "a councillor off the committee": s.outsider,
        "another committee's clerk": s.other_clerk,
    }
    found = {}
    for who, person in people.items():
        statuses, texts = sweep(client, world, person)
        found[who] = leaks(texts) + [url for url, text in texts.items() if VOTE_SUMMARY in text]
        assert statuses[200] >= 15, f"{who}: too few pages answered to prove anything ({dict(statuses)})"
        print(f"{who}: {sum(statuses.values())} requests, by status {dict(sorted(statuses.items()))}")
        minutes = texts[reverse("scrutiny:minutes", args=[s.meeting.pk])]
        # The fair summary is the public face of the exempt minute, once the minutes are confirmed.
        assert (FAIR_SUMMARY in minutes) is confirmed, who
    assert found == {who: [] for who in people}
    assert mail.outbox, "the responder's reminder should have been sent"
    assert [m for m in mail.outbox if m.to == [s.member.email] and s.exempt_item.title in m.body]
    assert not [m for m in mail.outbox if PREFIX in f"{m.subject}\n{m.body}\n{m.alternatives}"]

    # The marker is there to be found: the committee's own member reads it.
    statuses, texts = sweep(client, world, s.member)
    assert leaks(texts), "the member of the committee should read the exempt content"
    assert [url for url, text in texts.items() if VOTE_SUMMARY in text], "and the recorded vote on it"
