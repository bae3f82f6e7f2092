"""Content-Security-Policy and Permissions-Policy on every page (issue 11, finding 2).

A script that slips past escaping must still not run: the policy allows scripts and styles only
from the service's own static files. The walk below requests every route in the URL resolver,
its ids filled from the demo council, as the public and as an Administrator, and reads each
response's headers and each HTML page's markup for anything the policy would block.

The same walk's HTML pages are checked by the Nu Html Checker (tests/html_check.py): one walk for
both, as fetching every page as each role is the costly part.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse

from commissioning.models import Indicator, IndicatorActual, Review, SavingLine, WorkPlanEntry, WorkPlanVersion
from council import permissions
from council.packs.models import PackBuild, PackVersion
from council.roles import Role
from members.models import Body, Consultation, Member, Membership
from scrutiny.models import (
    Action,
    AgendaItem,
    Declaration,
    Meeting,
    Publication,
    Recommendation,
    Resolution,
    StandardItem,
    WorkProgrammeEntry,
)
from tests.factories import UserFactory
from tests.html_check import html_errors
from tests.test_security_operations import assert_valid_datetimes

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_policy(response, where):
    assert CSP in response, f"{where}: no Content-Security-Policy"
    policy = directives(response[CSP])
    assert "'unsafe-inline'" not in response[CSP] and "'unsafe-eval'" not in response[CSP], where
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"], where
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], where
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"], where
    assert policy["img-src"] == ["'self'", "data:"], where
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions, where


# What the policy would block in a page: inline scripts, <style> elements, style attributes, handlers.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
BLOCKED_MARKUP = re.compile(r"<style\b|\sstyle=|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def assert_nothing_inline(html: str, where: str):
    assert not INLINE_SCRIPT.search(html), f"{where}: an inline script"
    found = BLOCKED_MARKUP.search(html)
    assert not found, f"{where}: {html[max(found.start() - 80, 0) : found.end() + 80]!r}"


# The walk.


def _routes(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}".strip(":"), pattern.pattern.converters


def _first(queryset, default=0):
    row = queryset.order_by("pk").first()
    return row if row is not None else default


def _pk(obj):
    return getattr(obj, "pk", 0)


class World:
    """One of everything, from the demo council, the ids of each route consistent with each other."""

    def __init__(self):
        self.recommendation = _first(Recommendation.objects.all(), None)
        self.action = _first(Action.objects.all(), None)
        resolution = self.recommendation.resolution if self.recommendation else _first(Resolution.objects.all())
        self.resolution = resolution
        with_documents = AgendaItem.objects.filter(documents__isnull=False)
        self.item = _first(with_documents) or _first(AgendaItem.objects.all())
        self.meeting = self.item.meeting if self.item else _first(Meeting.objects.all())
        self.document = _first(self.item.documents.all()) if self.item else 0
        self.declaration = _first(Declaration.objects.all())
        self.body = _first(Body.objects.filter(work_programme__isnull=False)) or _first(Body.objects.all())
        self.consultation = _first(Consultation.objects.filter(questions__isnull=False).distinct())
        self.review = _first(Review.objects.all())
        self.indicator = _first(Indicator.objects.filter(actuals__isnull=False).distinct())
        self.version = _first(WorkPlanVersion.objects.filter(entries__isnull=False).distinct())

    def kwargs(self, name: str, converters) -> dict:
        route = name.split(":")[-1]
        prefix = route.split("-")[0]
        meeting, consultation, body = self.meeting, self.consultation, self.body
        values = {
            # The object the route is about, by its section of the site.
            "pk": {
                "person": get_user_model().objects.order_by("pk").first(),
                "councillor": _first(Member.objects.all()),
                "saving": _first(SavingLine.objects.all()),
                "indicator": self.indicator,
                "actual": self.indicator,
            }.get(prefix),
            "slug": getattr(body, "slug", "none"),
            "membership_pk": _pk(_first(Membership.objects.filter(body=body))),
            "user_pk": _pk(get_user_model().objects.order_by("pk").first()),
            "question_pk": _pk(_first(consultation.questions.all())) if consultation else 0,
            "member_pk": _pk(_first(Member.objects.filter(consultation_responses__consultation=consultation))),
            "reminder_pk": _pk(_first(consultation.reminders.all())) if consultation else 0,
            "item_pk": _pk(self.item),
            "declaration_pk": _pk(self.declaration),
            "res_pk": _pk(self.resolution),
            "action_pk": _pk(self.action),
            "rec_pk": _pk(self.recommendation),
            "entry_pk": _pk(_first(WorkProgrammeEntry.objects.filter(body=body))),
            "actual_pk": _pk(_first(IndicatorActual.objects.filter(indicator=self.indicator))),
            "number": getattr(self.version, "number", 1),
            "version": getattr(_first(Publication.objects.filter(meeting=meeting)), "version", 1),
            "link_pk": 0,
            "summons_pk": 0,
            "year": 2026,
            "month": 11,
            "build_pk": _pk(_first(PackBuild.objects.all())),
            "kind": "agenda",
            "obj_pk": getattr(_first(PackVersion.objects.filter(kind="agenda")), "object_id", str(_pk(meeting))),
            "edition": "public",
            "uidb64": "MQ",
            "token": "set-password",
            "app_label": "scrutiny",
            "model_name": "meeting",
            "method": "GetCommittees",
        }
        by_section = {
            "consultation": consultation,
            "question": consultation,
            "reminder": consultation,
            "my": consultation,
            "review": self.review,
            "gate": self.review,
            "engagement": self.review,
            "board": self.review,
            "working": self.review,
            "saving": _first(SavingLine.objects.all()),
        }
        if route.startswith(("consultation-document",)):
            values["document_pk"] = _pk(_first(consultation.documents.all())) if consultation else 0
        else:
            values["document_pk"] = _pk(self.document)
        if route.startswith("workplan"):
            values["entry_pk"] = _pk(_first(WorkPlanEntry.objects.filter(version=self.version)))
        if route.startswith("body-standard"):
            values["item_pk"] = _pk(_first(StandardItem.objects.filter(body=body)))
        pk = values["pk"] or by_section.get(prefix) or meeting
        values["pk"] = _pk(pk)
        if route == "history":
            values["pk"] = _pk(meeting)
        return {key: values[key] for key in converters}


@pytest.fixture
def world(demo_council):
    # The demo's packs are not built in the tests: build the walked meeting's public agenda pack, so
    # that a build's page, the versions page and a download are walked too.
    from council.packs import services as pack_services
    from scrutiny import demo, packs

    meeting = demo.packs.demo_meetings()[0]
    clerk = permissions.holders("members.change_body", meeting.body).first()
    assert pack_services.build_now(packs.KIND, meeting, packs.PUBLIC, by=clerk).status == "done"
    return World()


def test_every_page_carries_the_policies_as_the_public_and_as_an_administrator(client, world, tmp_path):
    """...and every HTML page of the walk is valid HTML: the Nu Html Checker finds no errors in any
    (checked over this walk's pages, tests/html_check.py, rather than in a walk of its own)."""
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    seen = {"html": 0, "ok": 0}
    pages: dict[str, str] = {}  # file name of each HTML page (for the checker): where it came from
    client.raise_request_exception = False  # a page that fails shows the 500 page, which is walked too
    for number, who in enumerate((None, administrator)):
        if who:
            client.force_login(who)
        for name, converters in _routes():
            url = reverse(name, kwargs=world.kwargs(name, converters))
            response = client.get(url)
            where = f"{name} {url} as {'an Administrator' if who else 'the public'} ({response.status_code})"
            assert "Permissions-Policy" in response, where
            if CSP in response and "sandbox" in directives(response[CSP]):
                assert directives(response[CSP])["default-src"] == ["'none'"], where
                continue  # a document (an upload, a pack): served sandboxed, its own policy kept
            assert_policy(response, where)
            if response.get("Content-Type", "").startswith("text/html") and response.content:
                seen["html"] += 1
                seen["ok"] += response.status_code == 200
                html = response.content.decode()
                assert_nothing_inline(html, where)
                assert_valid_datetimes(html, where)
                file = tmp_path / f"{number}-{name.replace(':', '-')}.html"
                file.write_text(html)
                pages[file.name] = f"{url} as {'an Administrator' if who else 'the public'}"
    # The walk reached real pages, not only refusals.
    assert seen["ok"] >= 100, seen
    assert len(pages) >= 150, len(pages)

    found = html_errors(tmp_path, pages)
    assert found == [], f"{len(found)} HTML errors:\n" + "\n".join(found)


def test_the_error_pages_carry_the_policies(client):
    assert_policy(client.get("/no-such-page/"), "404")


@login_not_required
def _sandboxed(request):
    response = HttpResponse(b"%PDF-1.7", content_type="application/pdf")
    response[CSP] = "sandbox"
    return response


@login_not_required
def _fails(request):
    raise RuntimeError("broken")


urlpatterns = [path("sandboxed/", _sandboxed), path("fails/", _fails), path("", include("council.urls"))]
handler500 = "council.views.server_error"


def test_a_policy_a_view_sets_itself_is_kept(client, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/sandboxed/")
    assert response.status_code == 200, response.content[:300]
    assert response[CSP] == "sandbox"
    assert "Permissions-Policy" in response


def test_the_server_error_page_carries_the_policy(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/fails/")
    assert response.status_code == 500
    assert_policy(response, "500")
    assert_nothing_inline(response.content.decode(), "500")
