"""The register of interests' leak test, like the exempt one (tests/test_security_exempt_leak.py):
a marker in everything the published register must never show (a sensitive interest's details,
organisation, subjects and the reason it is sensitive; one the member asked to withhold, not yet
reviewed; a spouse's or partner's name, on a sensitive
interest and on an ordinary one; a non-registrable interest; the scope of a dispensation for the
sensitive interest), then every route of the URL resolver requested with GET (the History page of
each planted record, the member's own and the Monitoring Officer's pages, the public register and
its PDF through ``pdftotext``) by the public, by other councillors, by a committee clerk and by an
Administrator. The marker must appear in no response and no email. Routes that refuse these people
are fine and counted; a route whose arguments cannot be filled fails the test.

The member and the Monitoring Officer do read it: the control that proves the marker is findable.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import InterestCategory, InterestHolder, InterestKind
from members.services import interests as services
from tests.factories import UserFactory
from tests.interests_kit import councillor, interest, monitoring_officer, sensitive
from tests.test_security_exempt_leak import World, body_of, routes

pytestmark = pytest.mark.django_db

PREFIX = "QZXREGISTER"


def marker(name: str) -> str:
    return f"{PREFIX}-{name}-{PREFIX}"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


class RegisterWorld(World):
    """The exempt world (an object of every kind a route needs) and a member's register with
    everything the public must not read planted in it."""

    def __init__(self):
        super().__init__()
        today = timezone.localdate()
        self.officer = monitoring_officer()
        self.keeper = councillor()
        self.hidden = sensitive(
            self.keeper,
            self.officer,
            details=marker("sensitive"),
            partner_name=marker("partner-sensitive"),
            today=today,
        )
        self.partnered = interest(
            self.keeper,
            today=today,
            holder=InterestHolder.PARTNER,
            partner_name=marker("partner"),
            description="Teacher at Northbridge Academy",
        )
        self.private = interest(
            self.keeper,
            today=today,
            kind=InterestKind.NON_REGISTRABLE,
            category=InterestCategory.OTHER,
            description=marker("non-registrable"),
        )
        # Withheld at the member's request, before the Monitoring Officer has reviewed it.
        self.asked = interest(
            self.keeper,
            today=today,
            category=InterestCategory.LAND,
            description=marker("asked-to-withhold"),
            ask_sensitive=True,
            sensitive_reason=marker("asked-reason"),
        )
        self.dispensation = services.dispensation_grant(
            person=self.keeper.user,
            by=self.officer,
            interest=self.hidden,
            scope=marker("dispensation-scope"),
            reasons=marker("dispensation-grounds"),
            starts_on=today,
            ends_on=today,
        )
        self.gift = services.gift_notify(
            person=self.keeper.user,
            by=self.keeper.user,
            received_on=today,
            donor="Northbridge Rotary",
            description="Dinner",
            value_pence=6000,
        )
        self.entries = [self.hidden, self.partnered, self.private, self.asked]

    def history_targets(self):
        records = [*self.entries, self.dispensation, self.gift]
        return super().history_targets() + [(r._meta.app_label, r._meta.model_name, r.pk) for r in records]

    def kwargs(self, name: str, pattern) -> list[dict]:
        sets = super().kwargs(name, pattern)
        route = getattr(pattern, "full_route", "")
        if not name.startswith("members:") or list(pattern.pattern.converters) != ["pk"]:
            return sets
        if route.startswith("councillors/") or route.startswith("registers/<int:pk>/"):
            return [*sets, {"pk": self.keeper.pk}]
        if route.startswith("register/interests/") or route.startswith("registers/interests/"):
            return [{"pk": entry.pk} for entry in self.entries]
        return sets


def sweep(client, world, person) -> tuple[dict, dict[str, str]]:
    client.logout()
    client.raise_request_exception = False
    if person is not None:
        client.force_login(person)
    statuses: dict[int, int] = {}
    texts = {}
    for name, pattern in routes():
        try:
            argument_sets = world.kwargs(name, pattern)
        except KeyError as missing:
            pytest.fail(f"Cannot fill {missing} for the route {name} ({pattern.pattern})")
        for kwargs in argument_sets:
            url = reverse(name, kwargs=kwargs)
            response = client.get(url)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            texts[url] = body_of(response)
    return statuses, texts


def leaks(texts: dict[str, str]) -> list[str]:
    return [url for url, text in texts.items() if PREFIX in text]


def test_no_route_shows_a_sensitive_interest_or_a_partners_name_to_anyone_but_the_member_and_the_monitoring_officer(
    client,
):
    world = RegisterWorld()
    s = world.s
    people = {
        "the public": None,
        "another councillor": councillor().user,
        "a councillor off the committee": s.outsider,
        "a committee clerk": s.clerk,
        "an Administrator": UserFactory(roles=["Administrator"]),
    }
    found = {}
    for who, person in people.items():
        statuses, texts = sweep(client, world, person)
        found[who] = leaks(texts)
        assert statuses.get(200, 0) >= 15, f"{who}: too few pages answered to prove anything ({statuses})"
        public = texts[reverse("members:register-public", args=[world.keeper.pk])]
        pdf = texts[reverse("members:register-pdf", args=[world.keeper.pk])]
        for published in (public, pdf):
            assert "withheld under section 32" in published, who
            assert "Teacher at Northbridge Academy" in published, who  # the partner's interest, not their name
    assert found == {who: [] for who in people}
    assert not [m for m in mail.outbox if PREFIX in f"{m.subject}\n{m.body}\n{m.alternatives}"]

    # The marker is there to be found: the member and the Monitoring Officer read the whole register.
    for keeper in (world.keeper.user, world.officer):
        _, texts = sweep(client, world, keeper)
        assert leaks(texts), "the member and the Monitoring Officer should read the whole register"
        history = texts[reverse("history", args=["members", "interest", world.hidden.pk])]
        assert marker("sensitive") in history
