"""Email alerts (issue 15): double opt-in, one-click unsubscribe, the alerts of each publication sent
once (alone or in the daily digest), the public rule for exempt items, the rate limit, the members'
settings page and query counts."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from council.roles import Role
from executive.models import ExecutiveDecision
from members.models import BodyKind
from record import tasks
from record.models import Alert, AlertEvent, Frequency, Subscription, SubscriptionKind, SubscriptionStatus
from record.services import alert_sending
from record.services import alerts as services
from scrutiny.models import MinutesConfirmation
from tests.alerts_kit import days_ago, exempt_item, html_of, published_agenda, subscribed
from tests.factories import (
    BodyFactory,
    CabinetMemberDecisionMakerFactory,
    ConsultationFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

RESIDENT = "resident@example.org"


@pytest.fixture
def committee(clerk_of):
    body = BodyFactory(name="Planning Committee", slug="planning")
    return {"body": body, "clerk": clerk_of(body)}


@pytest.fixture(autouse=True)
def after_commit(django_capture_on_commit_callbacks):
    """Run what a request queues for after its commit (the outbox of council/mail.py), as it ends."""
    global _capture
    _capture = django_capture_on_commit_callbacks


_capture = None


def subscribe(client, params: str, email=RESIDENT, frequency="immediate", **data):
    with _capture(execute=True):
        return client.post(
            reverse("record:subscription-add") + params, {"email": email, "frequency": frequency, **data}
        )


def link(message, name: str) -> str:
    """The path of the link to ``name`` ("confirm", "unsubscribe", "manage") in the message's text."""
    found = re.search(rf"https://democracy\.northbridge\.example(/alerts/{name}/[\w-]+/)", message.body)
    assert found, message.body
    return found.group(1)


# --- Double opt-in -------------------------------------------------------------------------------


def test_a_pending_address_gets_nothing_and_a_confirmed_one_gets_the_next_agenda(client, committee):
    response = subscribe(client, "?committee=planning")
    assert response.status_code == 302
    assert response.url == reverse("record:subscription-sent")
    [confirmation] = mail.outbox
    assert confirmation.to == [RESIDENT]
    assert "Confirm your email alerts" in confirmation.subject
    subscription = Subscription.objects.get()
    assert subscription.status == SubscriptionStatus.PENDING

    published_agenda(committee["body"], committee["clerk"])
    tasks.send_alerts()
    assert len(mail.outbox) == 1  # pending: nothing but the confirmation

    # The link opens a page; a mail scanner's GET confirms nothing, the button's POST does.
    page = client.get(link(confirmation, "confirm"))
    assert page.status_code == 200 and b"Confirm</button>" in page.content
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING
    confirmed = client.post(link(confirmation, "confirm"))
    assert b"Your email alerts are confirmed" in confirmed.content
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED

    meeting = published_agenda(committee["body"], committee["clerk"], {"title": "Local Plan review"})
    mail.outbox.clear()
    assert tasks.send_alerts()["sent"] == 1
    [alert] = mail.outbox
    assert alert.subject.startswith("Agenda published: Planning Committee")
    assert "Local Plan review" in alert.body
    assert f"https://democracy.northbridge.example{meeting.get_absolute_url()}" in alert.body
    assert "Local Plan review" in html_of(alert)
    # The agenda published before confirmation was recorded for nobody, so it never arrives.
    assert tasks.send_alerts()["sent"] == 0


def test_every_message_has_text_html_and_one_click_unsubscribe_headers(client, committee):
    subscribe(client, "?committee=planning")
    subscribed("other@example.org", body=committee["body"])
    published_agenda(committee["body"], committee["clerk"])
    tasks.send_alerts()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        [(html, mimetype)] = message.alternatives
        assert mimetype == "text/html" and html.startswith("<!DOCTYPE html>")
        unsubscribe = link(message, "unsubscribe")
        assert message.extra_headers["List-Unsubscribe"] == f"<https://democracy.northbridge.example{unsubscribe}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe in html


def test_subscribing_again_neither_duplicates_nor_reveals_the_subscription(client, committee):
    first = subscribe(client, "?committee=planning")
    Subscription.objects.update(status=SubscriptionStatus.CONFIRMED, confirmed_at=timezone.now())
    again = subscribe(client, "?committee=planning", email="  Resident@Example.org ")
    assert first.status_code == again.status_code == 302 and first.url == again.url
    assert Subscription.objects.count() == 1
    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED
    # Only the address's owner reads that it was already subscribed.
    assert "You already get email alerts" in mail.outbox[-1].subject
    assert client.get(again.url).content == client.get(first.url).content


def test_asking_again_while_pending_sends_the_same_link(client, committee):
    subscribe(client, "?committee=planning")
    subscribe(client, "?committee=planning")
    assert Subscription.objects.count() == 1
    assert link(mail.outbox[0], "confirm") == link(mail.outbox[1], "confirm")


def test_an_unconfirmed_subscription_expires(client, committee):
    subscribe(client, "?committee=planning")
    Subscription.objects.update(created_at=days_ago(8))
    path = link(mail.outbox[0], "confirm")
    response = client.post(path)
    assert b"This link has expired" in response.content
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING
    assert tasks.expire_subscriptions() == 1
    assert client.get(path).status_code == 404
    # Asking again starts afresh, with a new link.
    subscribe(client, "?committee=planning")
    assert link(mail.outbox[-1], "confirm") != path


def test_a_body_that_does_not_meet_in_public_cannot_be_followed(client):
    group = BodyFactory(kind=BodyKind.WORKING_GROUP, slug="working")
    assert client.get(reverse("record:subscription-add") + "?committee=working").status_code == 404
    assert subscribe(client, "?committee=working").status_code == 404
    assert client.get(reverse("record:subscription-add")).status_code == 404
    assert not Subscription.objects.exists()
    assert group.pk


def test_bad_input_shows_the_error_and_keeps_what_was_typed(client, committee):
    response = subscribe(client, "?committee=planning", email="not-an-address")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter an email address in the correct format" in page
    assert 'value="not-an-address"' in page
    assert not Subscription.objects.exists()


# --- Unsubscribe ---------------------------------------------------------------------------------


def test_one_click_unsubscribe_is_a_post_with_no_csrf_token(committee):
    subscription = subscribed(body=committee["body"])
    strict = Client(enforce_csrf_checks=True)
    url = reverse("record:subscription-unsubscribe", args=[subscription.token])
    page = strict.get(url)
    assert page.status_code == 200 and b"Unsubscribe</button>" in page.content
    subscription.refresh_from_db()
    assert subscription.is_confirmed  # a GET changes nothing
    response = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    published_agenda(committee["body"], committee["clerk"])
    tasks.send_alerts()
    assert mail.outbox == []


def test_a_wrong_token_is_not_found(client, committee):
    subscribed(body=committee["body"])
    for name in ("subscription-unsubscribe", "subscription-confirm", "subscription-manage"):
        assert client.get(reverse(f"record:{name}", args=["not-a-token"])).status_code == 404
    assert (
        Client(enforce_csrf_checks=True).post(reverse("record:subscription-unsubscribe", args=["x"])).status_code == 404
    )
    assert Subscription.objects.get().is_confirmed


def test_the_manage_page_lists_the_address_subscriptions_only(client, committee):
    mine = subscribed(body=committee["body"])
    consultations = subscribed(kind=SubscriptionKind.CONSULTATIONS)
    subscribed("someone.else@example.org", body=BodyFactory(name="Licensing Committee"))
    page = client.get(reverse("record:subscription-manage", args=[mine.token])).content.decode()
    assert "Agendas and minutes of Planning Committee" in page
    assert "New consultations" in page
    assert "Licensing Committee" not in page
    # Change one to the daily digest from there.
    change = reverse("record:subscription-frequency", args=[mine.token])
    client.post(change, {"subscription": consultations.pk, "frequency": "daily"})
    consultations.refresh_from_db()
    assert consultations.frequency == Frequency.DAILY
    # Another address's subscription cannot be changed with this link.
    theirs = Subscription.objects.get(email="someone.else@example.org")
    response = client.post(change, {"subscription": theirs.pk, "frequency": "daily"})
    assert response.status_code == 404


# --- What is alerted, and the public rule ---------------------------------------------------------


def test_exempt_item_titles_never_appear_in_alerts(committee):
    subscribed(body=committee["body"])
    subscribed("digest@example.org", body=committee["body"], frequency=Frequency.DAILY)
    marker = "Disposal of 12 Quay Street to Zebedee Holdings"
    published_agenda(committee["body"], committee["clerk"], {"title": "Budget monitoring"}, exempt_item(marker))
    tasks.send_alerts()
    tasks.send_alert_digests()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Budget monitoring" in message.body
        assert marker not in message.body and marker not in html_of(message) and marker not in message.subject
        assert "One item is exempt information" in message.body


def test_councillor_followers_get_their_bodies_agendas_and_their_cabinet_decisions(committee):
    member = MemberFactory()
    MembershipFactory(body=committee["body"], person=member.user, start_date=datetime.date(2024, 5, 20))
    subscribed(member=member)
    published_agenda(committee["body"], committee["clerk"])
    maker = CabinetMemberDecisionMakerFactory(portfolio__cabinet_member=member)
    ExecutiveDecision.objects.create(
        decision_maker=maker,
        title="Library opening hours",
        decided_on=timezone.localdate(),
        decision="Agreed.",
        reasons="Demand.",
        recorded_by=committee["clerk"],
        notice_published_on=timezone.localdate(),
    )
    assert tasks.send_alerts()["sent"] == 2
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0].startswith("Agenda published: Planning Committee")
    assert subjects[1] == "Decision notice published: Library opening hours"


def test_confirmed_minutes_go_to_the_committee_subscribers(committee):
    subscribed(body=committee["body"])
    meeting = MeetingFactory(body=committee["body"], starts_at=days_ago(40))
    later = MeetingFactory(body=committee["body"], starts_at=days_ago(2))
    MinutesConfirmation.objects.create(
        meeting=meeting, confirmed_at_meeting=later, confirmed_by=committee["clerk"], confirmed_at=timezone.now()
    )
    assert tasks.send_alerts()["sent"] == 1
    assert mail.outbox[0].subject.startswith("Minutes confirmed: Planning Committee")
    assert reverse("scrutiny:minutes", args=[meeting.pk]) in mail.outbox[0].body


def test_consultations_shown_to_the_public_are_alerted_and_others_are_not():
    subscribed(kind=SubscriptionKind.CONSULTATIONS)
    ConsultationFactory(title="Members' workspace", public=False)
    ConsultationFactory(title="Town centre parking", public=True)
    assert tasks.send_alerts()["sent"] == 1
    [message] = mail.outbox
    assert message.subject == "Consultation open: Town centre parking"


def test_agendas_of_bodies_that_do_not_meet_in_public_are_never_alerted(clerk_of):
    group = BodyFactory(kind=BodyKind.WORKING_GROUP)
    subscribed(kind=SubscriptionKind.SEARCH, query="secret")
    published_agenda(group, clerk_of(group), {"title": "The secret plan"})
    assert alert_sending.alert_events_record()["events"] == 0
    assert mail.outbox == []


def test_a_search_subscription_is_asked_for_and_matched_by_the_search_function(client, committee):
    response = subscribe(client, "?q=local+plan&type=item", query="local plan")
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.kind, subscription.query, subscription.filters) == ("search", "local plan", {"type": "item"})
    services.subscription_confirm(subscription=subscription)
    published_agenda(committee["body"], committee["clerk"], {"title": "Local Plan review"})
    published_agenda(committee["body"], committee["clerk"], {"title": "Budget monitoring"})
    assert tasks.send_alerts()["sent"] == 1
    assert "Local Plan review" in mail.outbox[-1].body


def test_the_search_matcher_is_one_function_to_replace(committee, monkeypatch):
    subscribed(kind=SubscriptionKind.SEARCH, query="anything")
    seen = []

    def matcher(event, subscriptions):
        seen.append((event.kind, [s.query for s in subscriptions]))
        return subscriptions

    monkeypatch.setattr(alert_sending, "search_matcher", matcher)
    published_agenda(committee["body"], committee["clerk"])
    assert tasks.send_alerts()["sent"] == 1
    assert seen == [("agenda", ["anything"])]


def test_a_search_alert_uses_the_search_pages_stemming_syntax_and_committee_filter(committee):
    """Full-text search over the event's public words: 'reviews' finds 'Review', a quoted phrase must
    appear as one, a -word excludes, and a search kept to one committee hears of no other's."""
    other = BodyFactory(name="Licensing Committee", slug="licensing")
    stemmed = subscribed("a@example.org", query="leisure reviews")
    phrase = subscribed("b@example.org", query='"review of leisure"')
    excluded = subscribed("c@example.org", query="leisure -centres")
    elsewhere = subscribed("d@example.org", query="leisure", filters={"body": str(other.pk)})
    here = subscribed("e@example.org", query="leisure", filters={"body": str(committee["body"].pk)})
    published_agenda(committee["body"], committee["clerk"], {"title": "Leisure centres: the commissioning review"})
    assert alert_sending.alert_events_record()["alerts"] == 2
    assert set(Alert.objects.values_list("subscription", flat=True)) == {stemmed.pk, here.pk}
    assert {phrase.pk, excluded.pk, elsewhere.pk}.isdisjoint(Alert.objects.values_list("subscription", flat=True))


def test_a_search_alert_never_matches_an_exempt_items_title(committee):
    """An alert may say only what the public may read, so a search for an exempt item's words finds
    nothing in its agenda (the public item beside it is found by its own words)."""
    subscribed("a@example.org", query="zanzibar")
    public = subscribed("b@example.org", query="budget")
    published_agenda(
        committee["body"], committee["clerk"], {"title": "Budget monitoring"}, exempt_item("Zanzibar depot sale")
    )
    alert_sending.alert_events_record()
    assert list(Alert.objects.values_list("subscription", flat=True)) == [public.pk]


# --- Sent once ------------------------------------------------------------------------------------


def test_each_alert_is_recorded_once_however_often_the_task_runs(committee):
    subscribed(body=committee["body"])
    published_agenda(committee["body"], committee["clerk"])
    assert alert_sending.alert_events_record() == {"events": 1, "alerts": 1}
    assert alert_sending.alert_events_record() == {"events": 0, "alerts": 0}
    assert AlertEvent.objects.count() == 1 and Alert.objects.count() == 1


def test_a_mail_server_failure_leaves_the_alert_to_send_once_on_the_next_run(committee, settings):
    subscribed(body=committee["body"])
    published_agenda(committee["body"], committee["clerk"])
    settings.EMAIL_DELIVERY_BACKEND = "tests.alerts_kit.RefusingBackend"
    assert tasks.send_alerts()["failed"] == 1
    alert = Alert.objects.get()
    assert alert.sent_at is None and alert.attempts == 1
    assert "Connection unexpectedly closed" in alert.last_error
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.send_alerts()["sent"] == 1
    assert tasks.send_alerts()["sent"] == 0
    assert len(mail.outbox) == 1
    alert.refresh_from_db()
    assert alert.sent_at is not None and alert.last_error == ""


def test_the_daily_digest_groups_the_days_alerts_into_one_message(committee, settings):
    subscribed(body=committee["body"], frequency=Frequency.DAILY)
    published_agenda(committee["body"], committee["clerk"], {"title": "Local Plan review"})
    published_agenda(committee["body"], committee["clerk"], {"title": "Budget monitoring"})
    assert tasks.send_alerts()["sent"] == 0  # waiting for the digest
    settings.EMAIL_DELIVERY_BACKEND = "tests.alerts_kit.RefusingBackend"
    assert tasks.send_alert_digests()["failed"] == 1
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.send_alert_digests()["sent"] == 1
    assert tasks.send_alert_digests()["sent"] == 0
    [digest] = mail.outbox
    assert digest.subject == "Your daily email alert: agendas and minutes of Planning Committee (2 new)"
    assert "Local Plan review" in digest.body and "Budget monitoring" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Alert.objects.filter(sent_at__isnull=True).count() == 0


def test_the_digest_is_sent_at_seven_london_time():
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE["record-alert-digests"]["schedule"]
    assert (schedule.hour, schedule.minute) == ({7}, {0})
    assert settings.CELERY_TIMEZONE == "Europe/London"


# --- Rate limit -----------------------------------------------------------------------------------


def test_requests_are_limited_per_address_and_per_network_address(client, committee, settings):
    settings.ALERT_REQUESTS_PER_ADDRESS_PER_HOUR = 2
    settings.ALERT_REQUESTS_PER_NETWORK_PER_HOUR = 4  # a refused request counts too
    assert subscribe(client, "?committee=planning").status_code == 302
    assert subscribe(client, "?committee=planning").status_code == 302
    refused = subscribe(client, "?committee=planning")
    assert refused.status_code == 429
    assert b"too many requests for email alerts" in refused.content
    assert subscribe(client, "?committee=planning", email="another@example.org").status_code == 302
    assert subscribe(client, "?committee=planning", email="third@example.org").status_code == 429
    assert len(mail.outbox) == 3


# --- The members' settings page -------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COUNCILLOR, Role.OFFICER, Role.CABINET_MEMBER])
def test_members_and_officers_choose_their_own_alerts_without_confirming(client, committee, role):
    person = UserFactory(roles=[role], email="Member@Northbridge.example")
    councillor = MemberFactory()
    client.force_login(person)
    assert client.get(reverse("record:alert-settings")).status_code == 200
    response = client.post(
        reverse("record:alert-settings"),
        {"bodies": [committee["body"].pk], "members": [councillor.pk], "consultations": "on", "frequency": "daily"},
    )
    assert response.status_code == 302
    chosen = Subscription.objects.filter(email="member@northbridge.example")
    assert {s.kind for s in chosen} == {"committee", "councillor", "consultations"}
    assert all(s.is_confirmed and s.frequency == "daily" and s.person == person for s in chosen)
    assert mail.outbox == []  # no confirmation for their own address
    page = client.get(reverse("record:alert-settings")).content.decode()
    assert "checked" in page
    # Unticking stops them.
    client.post(reverse("record:alert-settings"), {"frequency": "immediate"})
    assert not Subscription.objects.confirmed().exists()


def test_the_settings_page_is_refused_to_the_public_and_people_without_a_role(client):
    response = client.get(reverse("record:alert-settings"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(UserFactory(roles=[]))
    assert client.get(reverse("record:alert-settings")).status_code == 403
    assert client.post(reverse("record:alert-settings"), {"frequency": "daily"}).status_code == 403


def test_the_settings_page_is_in_the_navigation_for_signed_in_members(client):
    client.force_login(UserFactory(roles=[Role.COUNCILLOR]))
    assert reverse("record:alert-settings") in client.get(reverse("members:body-list")).content.decode()


def test_the_committee_page_offers_email_alerts(client, committee):
    page = client.get(committee["body"].get_absolute_url()).content.decode()
    assert f"{reverse('record:subscription-add')}?committee=planning" in page
    group = BodyFactory(kind=BodyKind.WORKING_GROUP)
    client.force_login(UserFactory(roles=[Role.OFFICER]))
    assert reverse("record:subscription-add") not in client.get(group.get_absolute_url()).content.decode()


# --- Query counts ---------------------------------------------------------------------------------


def _queries(django_assert_num_queries, action) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def test_recording_an_agenda_for_many_subscribers_keeps_a_constant_number_of_queries(
    committee, django_assert_num_queries
):
    subscribed(body=committee["body"])
    published_agenda(committee["body"], committee["clerk"])
    few = _queries(django_assert_num_queries, alert_sending.alert_events_record)
    for n in range(20):
        subscribed(f"more{n}@example.org", body=committee["body"])
    published_agenda(committee["body"], committee["clerk"])
    with django_assert_num_queries(few):
        alert_sending.alert_events_record()
    assert Alert.objects.count() == 22


def test_sending_reads_each_event_once_and_each_alert_in_a_constant_number_of_queries(
    committee, django_assert_num_queries
):
    def queries_after_publishing(subscribers: int) -> int:
        while Subscription.objects.count() < subscribers:
            subscribed(f"reader{Subscription.objects.count()}@example.org", body=committee["body"])
        published_agenda(committee["body"], committee["clerk"], {"title": "One"}, {"title": "Two"})
        alert_sending.alert_events_record()
        return _queries(django_assert_num_queries, alert_sending.alerts_send)

    two, seven = queries_after_publishing(2), queries_after_publishing(7)
    per_alert = (seven - two) // 5
    assert per_alert <= 6 and seven == two + 5 * per_alert
    for n in range(5):
        subscribed(f"late{n}@example.org", body=committee["body"])
    published_agenda(committee["body"], committee["clerk"], {"title": "One"}, {"title": "Two"}, {"title": "Three"})
    alert_sending.alert_events_record()
    with django_assert_num_queries(seven + 5 * per_alert):
        assert alert_sending.alerts_send()["sent"] == 12


def test_the_manage_and_settings_pages_keep_a_constant_number_of_queries(client, django_assert_num_queries):
    mine = subscribed(body=BodyFactory())
    manage = reverse("record:subscription-manage", args=[mine.token])
    few = _queries(django_assert_num_queries, lambda: client.get(manage))
    for _ in range(5):
        subscribed(body=BodyFactory())
        subscribed(member=MemberFactory())
    with django_assert_num_queries(few):
        client.get(manage)
    person = UserFactory(roles=[Role.COUNCILLOR])
    client.force_login(person)
    settings_page = reverse("record:alert-settings")
    few = _queries(django_assert_num_queries, lambda: client.get(settings_page))
    for _ in range(5):
        BodyFactory()
        MemberFactory()
    with django_assert_num_queries(few):
        client.get(settings_page)


def test_the_councillor_page_offers_email_alerts_and_the_subscription_follows_them(client):
    councillor = MemberFactory()
    page = client.get(councillor.get_absolute_url()).content.decode()
    query = f"?councillor={councillor.pk}"
    assert f"{reverse('record:subscription-add')}{query}" in page
    assert subscribe(client, query).status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.kind, subscription.member) == ("councillor", councillor)
    assert "the activity of Councillor" in mail.outbox[0].subject


def test_consultations_can_be_followed_from_their_link(client):
    assert subscribe(client, "?consultations").status_code == 302
    assert Subscription.objects.get().kind == "consultations"


def test_a_supplement_is_alerted_again_with_its_own_items(committee):
    from scrutiny import services as scrutiny_services

    subscribed(body=committee["body"])
    meeting = published_agenda(committee["body"], committee["clerk"], {"title": "Budget monitoring"})
    tasks.send_alerts()
    scrutiny_services.agenda_item_add(meeting=meeting, by=committee["clerk"], title="Leisure centre contract")
    scrutiny_services.agenda_item_add(meeting=meeting, by=committee["clerk"], **exempt_item("Zebedee Holdings bid"))
    scrutiny_services.supplement_publish(meeting=meeting, by=committee["clerk"])
    assert tasks.send_alerts()["sent"] == 1
    supplement = mail.outbox[-1]
    assert supplement.subject.startswith("Supplementary agenda published: Planning Committee")
    assert "Leisure centre contract" in supplement.body and "Budget monitoring" not in supplement.body
    assert "Zebedee" not in supplement.body and "Zebedee" not in html_of(supplement)


def test_the_search_page_link_carries_the_words_and_filters(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/search/", {"q": "local plan", "body": "planning", "page": "2"})
    empty = rf.get("/search/")
    request.user = empty.user = AnonymousUser()
    html = render_to_string("record/alerts/_search_link.html", request=request)
    assert f'href="{reverse("record:subscription-add")}?q=local+plan&amp;body=planning"' in html
    assert render_to_string("record/alerts/_search_link.html", request=empty).strip() == ""
