"""The register of interests' rules (members/services/interests.py, members/selectors/register.py):
the 28-day clock at its boundaries, what is published, the four-year limit on dispensations and
separation of duties."""

import datetime

import pytest
from django.utils import timezone

from council.errors import RuleError
from members.models import Dispensation, Interest, InterestCategory, InterestHolder, InterestKind
from members.selectors import register as selectors
from members.services import interests as services
from tests.factories import UserFactory
from tests.interests_kit import TODAY, councillor, interest, monitoring_officer, sensitive

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


# The 28-day clock: written first, at its boundaries.


def test_the_clock_is_due_on_day_28_and_overdue_on_day_29():
    aware = datetime.date(2026, 1, 10)
    assert selectors.notify_by(aware) == datetime.date(2026, 2, 7)
    assert selectors.clock_state(aware, aware) == selectors.Clock.DUE
    assert selectors.clock_state(aware, aware + 28 * DAY) == selectors.Clock.DUE
    assert selectors.clock_state(aware, aware + 29 * DAY) == selectors.Clock.OVERDUE


def test_a_new_members_register_is_due_for_28_days_from_their_term_then_overdue():
    start = datetime.date(2026, 5, 11)
    member = councillor(term_starts_on=start, elected_on=datetime.date(2026, 5, 7))
    assert selectors.register_clock(member, today=start - DAY) is None  # not in office yet
    on_day_28 = selectors.register_clock(member, today=start + 28 * DAY)
    assert (on_day_28.state, on_day_28.notify_by, on_day_28.days_left) == ("due", start + 28 * DAY, 0)
    assert selectors.register_clock(member, today=start + 29 * DAY).state == "overdue"


def test_only_a_return_for_the_term_stops_the_clock_not_an_entry():
    start = datetime.date(2026, 5, 11)
    member = councillor(term_starts_on=start)
    interest(member, today=start + 10 * DAY, became_aware_on=start)
    assert selectors.register_clock(member, today=start + 40 * DAY).state == "overdue"
    services.register_confirm(person=member.user, by=member.user, confirmed=True, today=start + 40 * DAY)
    assert selectors.register_clock(member, today=start + 40 * DAY).state == "done"


def test_an_interest_notified_on_day_28_is_in_time_and_on_day_29_late():
    member = councillor()
    aware = TODAY - 28 * DAY
    assert not interest(member, became_aware_on=aware).notified_late
    assert interest(member, became_aware_on=aware - DAY).notified_late


def test_the_dashboards_show_due_and_overdue_registers(rf):
    today = timezone.localdate()
    due = councillor(term_starts_on=today - 28 * DAY)
    overdue = councillor(term_starts_on=today - 29 * DAY)
    done = councillor(term_starts_on=today - 40 * DAY)
    services.register_confirm(person=done.user, by=done.user, confirmed=True, today=today)
    request = rf.get("/")
    request.user = monitoring_officer()
    panel = selectors.registers_panel(request)
    assert [row.member for row in panel["due"]] == [due]
    assert [row.member for row in panel["overdue"]] == [overdue]
    request.user = overdue.user
    assert selectors.my_register_panel(request)["clock"].state == "overdue"


# Entries


def test_a_member_adds_changes_and_ends_their_own_interest():
    member = councillor()
    entry = interest(member)
    assert entry.notified_on == TODAY and entry.reviewed_at is None
    officer = monitoring_officer()
    services.interest_review(interest=entry, by=officer, sensitive=False)
    changed = services.interest_change(interest=entry, by=member.user, today=TODAY, description="Chair")
    assert changed.description == "Chair" and changed.reviewed_at is None  # reviewed again
    ended = services.interest_end(interest=entry, by=member.user, ended_on=TODAY, today=TODAY)
    assert ended.ended_on == TODAY
    reasons = list(Interest.history.filter(id=entry.pk).order_by("history_date").values_list("history_change_reason"))
    assert [r for (r,) in reasons] == [
        "Interest notified",
        "Interest reviewed",
        "Interest changed",
        "Interest ended",
    ]


def test_nobody_else_writes_a_members_register():
    member, other = councillor(), councillor()
    with pytest.raises(RuleError, match="own register"):
        services.interest_add(
            person=member.user,
            by=other.user,
            kind=InterestKind.DISCLOSABLE_PECUNIARY,
            category=InterestCategory.EMPLOYMENT,
            description="x",
            became_aware_on=TODAY,
        )
    with pytest.raises(RuleError, match="own register"):
        services.interest_end(interest=interest(member), by=monitoring_officer(), ended_on=TODAY, today=TODAY)
    with pytest.raises(RuleError, match="own register"):  # an officer keeps no register
        services.gift_notify(
            person=(officer := UserFactory()),
            by=officer,
            received_on=TODAY,
            donor="A",
            description="B",
            value_pence=10_000,
            today=TODAY,
        )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": InterestKind.DISCLOSABLE_PECUNIARY, "category": InterestCategory.UNPAID_DIRECTORSHIP}, "category"),
        ({"kind": InterestKind.OTHER_REGISTRABLE, "category": InterestCategory.LAND}, "kind"),
        ({"holder": InterestHolder.PARTNER, "partner_name": " "}, "partner_name"),
        (
            {
                "kind": InterestKind.OTHER_REGISTRABLE,
                "category": InterestCategory.UNPAID_DIRECTORSHIP,
                "holder": InterestHolder.PARTNER,
                "partner_name": "Sam",
            },
            "holder",
        ),
        ({"became_aware_on": TODAY + DAY}, "became_aware_on"),
    ],
)
def test_an_entry_follows_the_rules_of_its_kind(values, field):
    with pytest.raises(RuleError) as refused:
        interest(councillor(), **values)
    assert refused.value.field == field


def test_a_members_own_interest_keeps_no_partner_name():
    entry = interest(councillor(), partner_name="Sam Jones")
    assert entry.partner_name == ""


def test_gifts_below_the_threshold_are_not_registered(settings):
    settings.GIFTS_THRESHOLD_POUNDS = 50
    member = councillor()

    def gift(pence):
        return services.gift_notify(
            person=member.user,
            by=member.user,
            received_on=TODAY,
            donor="Northbridge Chamber of Commerce",
            description="Dinner",
            value_pence=pence,
            today=TODAY,
        )

    with pytest.raises(RuleError, match="less than £50") as refused:
        gift(4_999)
    assert refused.value.field == "value_pence"
    assert gift(5_000).value == "£50"
    assert gift(7_550).value == "£75.50"


# The Monitoring Officer


def test_only_the_monitoring_officer_reviews_and_marks_sensitive():
    member = councillor()
    entry = interest(member)
    for somebody in (member.user, councillor().user, UserFactory(roles=["Democratic Services"])):
        with pytest.raises(RuleError, match="Only the Monitoring Officer"):
            services.interest_mark_sensitive(interest=entry, by=somebody, reason="Threats")
    with pytest.raises(RuleError) as no_reason:
        services.interest_review(interest=entry, by=monitoring_officer(), sensitive=True, sensitive_reason=" ")
    assert no_reason.value.field == "sensitive_reason"


def test_the_monitoring_officer_may_not_review_their_own_register():
    officer_member = councillor()
    officer_member.user.groups.add(*monitoring_officer().groups.all())
    entry = interest(officer_member)
    with pytest.raises(RuleError, match="your own register"):
        services.interest_review(interest=entry, by=officer_member.user, sensitive=False)
    with pytest.raises(RuleError, match="your own register"):
        services.dispensation_grant(
            person=officer_member.user,
            by=officer_member.user,
            scope="Council tax",
            reasons="s.33(2)(e)",
            starts_on=TODAY,
            ends_on=TODAY,
        )


def test_a_sensitive_entry_is_withheld_from_the_published_register():
    member, officer = councillor(), monitoring_officer()
    hidden = sensitive(member, officer, details="Flat 3, Mill Lane", partner_name="Sam Secret")
    assert hidden.sensitive and hidden.reviewed_by == officer
    shown = interest(member, holder=InterestHolder.PARTNER, partner_name="Alex Partner", description="Teacher")
    interest(member, kind=InterestKind.NON_REGISTRABLE, category=InterestCategory.OTHER, description="Friend's firm")
    published = selectors.published_register(member, today=TODAY)
    assert [entry.details for entry in published.disclosable] == [shown.description, selectors.WITHHELD]
    assert published.disclosable[0].holder == "Their spouse or partner"
    everything = repr(published)
    for secret in ("Mill Lane", "Sam Secret", "Alex Partner", "Friend's firm", "Threats"):
        assert secret not in everything
    full = selectors.full_register(member.user, member, today=TODAY)
    assert len(full.interests) == 3
    with pytest.raises(PermissionError):
        selectors.full_register(councillor().user, member)


def test_an_ended_interest_leaves_the_published_register_after_its_last_day():
    member = councillor()
    entry = interest(member)
    services.interest_end(interest=entry, by=member.user, ended_on=TODAY, today=TODAY)
    assert selectors.published_register(member, today=TODAY).disclosable
    assert not selectors.published_register(member, today=TODAY + DAY).disclosable


# Dispensations (s.33)


def _grant(member, officer, *, starts_on, ends_on, **extra):
    return services.dispensation_grant(
        person=member.user,
        by=officer,
        scope="Setting the council tax",
        reasons="s.33(2)(e): it is otherwise appropriate",
        starts_on=starts_on,
        ends_on=ends_on,
        today=TODAY,
        **extra,
    )


def test_a_dispensation_lasts_at_most_four_years():
    member, officer = councillor(), monitoring_officer()
    start = datetime.date(2026, 5, 11)
    granted = _grant(member, officer, starts_on=start, ends_on=datetime.date(2030, 5, 10))
    assert granted.granted_by == officer and granted.granted_on == TODAY
    with pytest.raises(RuleError, match="at most four years") as refused:
        _grant(member, officer, starts_on=start, ends_on=datetime.date(2030, 5, 11))
    assert refused.value.field == "ends_on"
    assert services.latest_dispensation_end(datetime.date(2024, 2, 29)) == datetime.date(2028, 2, 28)
    assert services.latest_dispensation_end(datetime.date(2025, 3, 1)) == datetime.date(2029, 2, 28)


def test_a_dispensation_has_a_scope_it_allows_and_an_interest_of_the_member():
    member, officer = councillor(), monitoring_officer()
    with pytest.raises(RuleError) as nothing:
        _grant(member, officer, starts_on=TODAY, ends_on=TODAY, may_participate=False, may_vote=False)
    assert nothing.value.field == "may_participate"
    with pytest.raises(RuleError) as backwards:
        _grant(member, officer, starts_on=TODAY, ends_on=TODAY - DAY)
    assert backwards.value.field == "ends_on"
    with pytest.raises(RuleError) as not_theirs:
        _grant(member, officer, starts_on=TODAY, ends_on=TODAY, interest=interest(councillor()))
    assert not_theirs.value.field == "interest"
    assert not Dispensation.objects.exists()


def test_only_the_monitoring_officer_grants_dispensations():
    member = councillor()
    for somebody in (member.user, councillor().user, UserFactory(roles=["Administrator"])):
        with pytest.raises(RuleError):
            _grant(member, somebody, starts_on=TODAY, ends_on=TODAY)


def test_the_published_register_shows_dispensations_in_force_and_withholds_a_sensitive_ones_scope():
    member, officer = councillor(), monitoring_officer()
    hidden = sensitive(member, officer, details="Mill Lane")
    _grant(member, officer, starts_on=TODAY, ends_on=TODAY + DAY, interest=hidden)
    _grant(member, officer, starts_on=TODAY - 10 * DAY, ends_on=TODAY - DAY)  # no longer in force
    published = selectors.published_register(member, today=TODAY)
    assert [d.scope for d in published.dispensations] == [selectors.WITHHELD]


def test_a_member_who_asks_for_details_to_be_withheld_has_them_withheld_until_the_monitoring_officer_decides():
    member, officer = councillor(), monitoring_officer()
    with pytest.raises(RuleError) as no_reason:
        interest(member, ask_sensitive=True)
    assert no_reason.value.field == "sensitive_reason"
    asked = interest(member, description="Home: 4 Mill Lane", ask_sensitive=True, sensitive_reason="Threats")
    assert asked.sensitive and asked.reviewed_at is None
    assert [e.details for e in selectors.published_register(member, today=TODAY).disclosable] == [selectors.WITHHELD]
    # The decision is the Monitoring Officer's: here, that it is not sensitive after all.
    services.interest_review(interest=asked, by=officer, sensitive=False)
    assert [e.details for e in selectors.published_register(member, today=TODAY).disclosable] == ["Home: 4 Mill Lane"]
