"""A member's return (Localism Act 2011 s.30(1)): within 28 days of their term starting they confirm
their register of interests is complete and correct, or that they have nothing to register (a nil
return). Only a return for the current term stops the 28-day clock; a new term needs a new one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from council.errors import RuleError
from council.roles import Role
from members.models import ElectionKind, Gift, RegisterReturn
from members.selectors import register as selectors
from members.services import elections
from members.services import interests as services
from tests.factories import UserFactory
from tests.interests_kit import councillor, interest, monitoring_officer, pdf_text

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
START = datetime.date(2026, 5, 11)


def confirm(member, on):
    return services.register_confirm(person=member.user, by=member.user, confirmed=True, today=on)


def today():
    return timezone.localdate()


# The 28-day clock, answered by a return


def test_a_return_on_day_28_is_on_time_and_on_day_29_late():
    on_time, late = councillor(term_starts_on=START), councillor(term_starts_on=START)
    made_on_time = confirm(on_time, START + 28 * DAY)
    made_late = confirm(late, START + 29 * DAY)
    assert (made_on_time.late, made_late.late) == (False, True)
    assert made_on_time.term_starts_on == START
    later = START + 40 * DAY
    clocks = selectors.register_clock(on_time, today=later), selectors.register_clock(late, today=later)
    assert [(clock.state, clock.late) for clock in clocks] == [("done", False), ("done", True)]


def test_a_nil_return_stops_the_register_being_overdue():
    member = councillor(term_starts_on=START)
    assert selectors.register_clock(member, today=START + 29 * DAY).state == "overdue"
    made = confirm(member, START + 10 * DAY)
    assert made.nil and made.statement == services.CONFIRM_NIL
    assert selectors.register_clock(member, today=START + 29 * DAY).state == "done"
    assert RegisterReturn.history.get().history_change_reason == "Nil return made"


def test_a_return_with_entries_is_not_nil_and_an_entry_alone_does_not_stop_the_clock():
    member = councillor(term_starts_on=START)
    interest(member, today=START + 5 * DAY, became_aware_on=START)
    assert selectors.register_clock(member, today=START + 29 * DAY).state == "overdue"
    made = confirm(member, START + 29 * DAY)
    assert not made.nil and made.statement == services.CONFIRM_COMPLETE


def test_only_a_gift_since_the_term_started_makes_a_return_not_nil():
    member = councillor(term_starts_on=START)
    Gift.objects.create(
        person=member.user,
        received_on=START - DAY,
        donor="Old term",
        description="Lunch",
        value_pence=6000,
        notified_on=START - DAY,
    )
    assert confirm(member, START).nil
    services.gift_notify(
        person=member.user, by=member.user, received_on=START, donor="A", description="B", value_pence=6000, today=START
    )
    assert not confirm(member, START + DAY).nil


def test_an_ended_interest_leaves_a_nil_return():
    member = councillor(term_starts_on=START)
    entry = interest(member, today=START, became_aware_on=START)
    services.interest_end(interest=entry, by=member.user, ended_on=START, today=START + DAY)
    assert confirm(member, START + DAY).nil


def test_a_new_term_starts_a_new_clock_that_needs_a_new_return():
    member = councillor(elected_on=datetime.date(2022, 5, 5), term_starts_on=datetime.date(2022, 5, 9))
    confirm(member, datetime.date(2022, 5, 20))
    poll = datetime.date(2026, 5, 7)
    assert selectors.register_clock(member, today=poll).state == "done"
    elections.election_record_result(
        by=UserFactory(roles=[Role.DEMOCRATIC_SERVICES]),
        kind=ElectionKind.ORDINARY,
        poll_date=poll,
        ward=member.ward,
        re_elected=[member],
    )
    member.refresh_from_db()
    start = member.term_starts_on
    assert start == datetime.date(2026, 5, 11)
    assert selectors.register_clock(member, today=start + 28 * DAY).state == "due"
    assert selectors.register_clock(member, today=start + 29 * DAY).state == "overdue"
    confirm(member, start + 3 * DAY)
    assert selectors.register_clock(member, today=start + 29 * DAY).state == "done"
    assert list(RegisterReturn.objects.order_by("submitted_on").values_list("term_starts_on", flat=True)) == [
        datetime.date(2022, 5, 9),
        start,
    ]


def test_an_interest_added_after_the_return_keeps_its_own_28_day_clock():
    member = councillor(term_starts_on=START)
    confirm(member, START + 5 * DAY)
    aware = START + 60 * DAY
    assert not interest(member, today=aware + 28 * DAY, became_aware_on=aware).notified_late
    assert interest(member, today=aware + 29 * DAY, became_aware_on=aware).notified_late
    assert selectors.register_clock(member, today=aware + 29 * DAY).state == "done"


def test_only_the_member_makes_their_return_and_they_must_confirm_it():
    member = councillor(term_starts_on=START)
    for somebody in (councillor().user, monitoring_officer(), UserFactory(roles=["Democratic Services"])):
        with pytest.raises(RuleError, match="own register"):
            services.register_confirm(person=member.user, by=somebody, confirmed=True, today=START)
    with pytest.raises(RuleError) as unconfirmed:
        services.register_confirm(person=member.user, by=member.user, confirmed=False, today=START)
    assert unconfirmed.value.field == "confirmed"
    assert not RegisterReturn.objects.exists()


def test_the_dashboards_count_returns_not_entries(rf):
    returned = councillor(term_starts_on=today() - 40 * DAY)
    confirm(returned, today())
    entries_only = councillor(term_starts_on=today() - 40 * DAY)
    interest(entries_only, today=today())
    request = rf.get("/")
    request.user = monitoring_officer()
    panel = selectors.registers_panel(request)
    assert [row.member for row in panel["overdue"]] == [entries_only]
    request.user = returned.user
    assert selectors.my_register_panel(request)["clock"].state == "done"


def test_the_published_register_says_only_when_it_was_last_confirmed():
    member = councillor(term_starts_on=START)
    assert selectors.published_register(member, today=START).confirmed_on is None
    confirm(member, START + 2 * DAY)
    assert selectors.published_register(member, today=START + 3 * DAY).confirmed_on == START + 2 * DAY


# The pages


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_member_confirms_a_nil_return_on_the_confirmation_page(client):
    member = councillor(term_starts_on=today() - 29 * DAY)
    client.force_login(member.user)
    url = reverse("members:register-confirm")
    mine = client.get(reverse("members:register-mine")).content.decode()
    assert url in mine and "Confirm your register is complete" in mine
    page = client.get(url).content.decode()
    assert "You have nothing to register" in page and "I confirm" in page
    refused = client.post(url, {}).content.decode()
    assert "There is a problem" in refused and "Confirm that your register of interests is complete" in refused
    response = client.post(url, {"confirmed": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("members:register-mine")
    made = RegisterReturn.objects.get(person=member.user)
    assert made.nil and made.submitted_on == today() and made.late
    assert "Overdue" not in client.get(reverse("members:register-mine")).content.decode()
    dashboard = client.get(reverse("home")).content.decode()
    assert f"You confirmed your register complete on {today():%-d %B %Y}" in dashboard and "Overdue" not in dashboard
    client.logout()
    public = client.get(reverse("members:register-public", args=[member.pk])).content.decode()
    assert f"Last confirmed complete on {today():%-d %B %Y}" in public
    assert "nothing to register" not in public.lower() and "Late" not in public
    pdf = client.get(reverse("members:register-pdf", args=[member.pk]))
    assert f"Last confirmed complete on {today():%-d %B %Y}" in " ".join(pdf_text(pdf.content).split())


def test_a_member_with_entries_is_not_told_they_have_nothing_to_register(client):
    member = councillor(term_starts_on=today())
    interest(member, today=today())
    client.force_login(member.user)
    page = client.get(reverse("members:register-confirm")).content.decode()
    assert "You have nothing to register" not in page and "complete and correct" in page
    client.post(reverse("members:register-confirm"), {"confirmed": "on"})
    assert not RegisterReturn.objects.get().nil


def test_only_a_member_opens_the_confirmation_page(client):
    url = reverse("members:register-confirm")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for somebody in (monitoring_officer(), UserFactory(roles=["Democratic Services"])):
        client.force_login(somebody)
        assert client.get(url).status_code == 403
        assert client.post(url, {"confirmed": "on"}).status_code == 403
    assert not RegisterReturn.objects.exists()


def test_the_monitoring_officers_list_shows_returns(client):
    nil = councillor(term_starts_on=today() - 40 * DAY)
    confirm(nil, today() - 20 * DAY)
    late = councillor(term_starts_on=today() - 40 * DAY)
    interest(late, today=today())
    confirm(late, today())
    client.force_login(monitoring_officer())
    page = client.get(reverse("members:register-list")).content.decode()
    rows = {str(m): page.split(str(m), 1)[1].split("</tr>", 1)[0] for m in (nil, late)}
    assert "Confirmed" in rows[str(nil)] and "Confirmed" in rows[str(late)]
    assert "Late" in rows[str(late)] and "Late" not in rows[str(nil)]
    assert "Nil return" in rows[str(nil)] and "Nil return" not in rows[str(late)]


# Query counts: constant as members and returns grow


def test_the_monitoring_officers_list_stays_constant_with_returns(client, django_assert_num_queries):
    client.force_login(monitoring_officer())
    url = reverse("members:register-list")
    confirm(councillor(), today())
    client.get(url)
    with django_assert_num_queries(6) as few:  # the session is read from Redis (cached_db)
        assert client.get(url).status_code == 200
    for _ in range(4):
        member = councillor()
        confirm(member, today() - DAY)
        confirm(member, today())
        councillor()
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


#: The member's page with an entry, as before returns (the clock's one query reads them).
MEMBERS_PAGE_QUERIES = 13  # the session read from Redis (cached_db), not the database


def test_the_members_page_stays_constant_with_returns(client, django_assert_num_queries):
    member = councillor()
    interest(member, today=today())  # its wards are prefetched once there is an entry
    client.force_login(member.user)
    url = reverse("members:register-mine")
    client.get(url)
    with django_assert_num_queries(MEMBERS_PAGE_QUERIES) as few:
        assert client.get(url).status_code == 200
    for number in range(3):
        confirm(member, today() - number * DAY)
        interest(member, today=today(), description=f"Entry {number}")
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# The demo council


def test_the_demo_monitoring_officer_sees_only_the_two_councillors_without_a_return_overdue(demo_council, rf):
    from members.demo.interests import NO_RETURN

    request = rf.get("/")
    request.user = UserFactory(roles=[Role.MONITORING_OFFICER])
    panel = selectors.registers_panel(request)
    assert sorted(row.member.user.get_full_name() for row in panel["overdue"]) == sorted(NO_RETURN)
    assert panel["overdue_count"] == 2 and panel["due_count"] == 0
    returns = RegisterReturn.objects.select_related("person")
    assert returns.count() == selectors.Member.objects.count() - 2
    with_entries = {"Alan McLain", "Richard Hartley", "Helen Rowe"}
    assert {r.person.get_full_name() for r in returns if not r.nil} == with_entries
    assert not any(r.late for r in returns)
