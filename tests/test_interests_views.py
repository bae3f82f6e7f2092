"""The register of interests' pages: who may open each (anonymous, wrong person, right person, right
person but another member's entry), the GOV.UK error pattern keeping what was typed, the PDF, and
query counts that do not grow with the registers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Dispensation, Gift, Interest
from members.services import interests as services
from tests.factories import UserFactory
from tests.interests_kit import councillor, interest, monitoring_officer, pdf_info, pdf_text, sensitive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def today():
    return timezone.localdate()


def member_pages(entry):
    return [
        reverse("members:register-mine"),
        reverse("members:interest-add"),
        reverse("members:gift-add"),
        reverse("members:interest-edit", args=[entry.pk]),
        reverse("members:interest-end", args=[entry.pk]),
    ]


def officer_pages(member, entry):
    return [
        reverse("members:register-list"),
        reverse("members:dispensation-list"),
        reverse("members:register-detail", args=[member.pk]),
        reverse("members:interest-review", args=[entry.pk]),
        reverse("members:dispensation-add", args=[member.pk]),
    ]


# Who may open what


def test_the_public_is_sent_to_sign_in_for_every_keepers_page(client):
    member = councillor()
    entry = interest(member, today=today())
    for url in member_pages(entry) + officer_pages(member, entry):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_the_member_opens_their_own_pages_and_not_the_monitoring_officers(client):
    member = councillor()
    entry = interest(member, today=today())
    client.force_login(member.user)
    for url in member_pages(entry):
        assert client.get(url).status_code == 200, url
    for url in officer_pages(member, entry):
        assert client.get(url).status_code == 403, url


def test_another_members_entry_is_not_found(client):
    member, other = councillor(), councillor()
    entry = interest(member, today=today())
    client.force_login(other.user)
    assert client.get(reverse("members:interest-edit", args=[entry.pk])).status_code == 404
    response = client.post(reverse("members:interest-end", args=[entry.pk]), {"ended_on": today().isoformat()})
    assert response.status_code == 404
    assert Interest.objects.get(pk=entry.pk).ended_on is None


def test_an_officer_without_a_register_is_refused_the_members_pages(client):
    member = councillor()
    entry = interest(member, today=today())
    client.force_login(UserFactory(roles=["Democratic Services"]))
    for url in member_pages(entry) + officer_pages(member, entry):
        assert client.get(url).status_code == 403, url


def test_the_monitoring_officer_opens_their_pages_and_keeps_no_register_of_their_own(client):
    member = councillor()
    entry = interest(member, today=today())
    client.force_login(monitoring_officer())
    for url in officer_pages(member, entry):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("members:register-mine")).status_code == 403
    assert client.get(reverse("members:interest-edit", args=[entry.pk])).status_code == 403


def test_everyone_reads_the_published_register_and_its_pdf(client):
    member = councillor()
    interest(member, today=today(), description="Director, Mill Lane Homes")
    page = client.get(reverse("members:register-public", args=[member.pk]))
    assert page.status_code == 200 and b"Director, Mill Lane Homes" in page.content
    councillor_page = client.get(member.get_absolute_url()).content
    assert reverse("members:register-public", args=[member.pk]).encode() in councillor_page
    pdf = client.get(reverse("members:register-pdf", args=[member.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "Director, Mill Lane Homes" in pdf_text(pdf.content)
    info = pdf_info(pdf.content)
    assert f"Register of interests: {member}" in info  # titled
    assert "Tagged:          yes" in info


def test_a_former_councillors_register_is_not_found(client):
    member = councillor(term_ends_on=today() - datetime.timedelta(days=1))
    assert client.get(reverse("members:register-public", args=[member.pk])).status_code == 404


# The member's forms


def test_the_member_adds_an_interest_and_the_public_register_shows_it(client):
    member = councillor()
    client.force_login(member.user)
    response = client.post(
        reverse("members:interest-add"),
        {
            "kind": "dpi",
            "category": "employment",
            "holder": "member",
            "description": "Teacher, Northbridge Academy",
            "became_aware_on": (today() - datetime.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("members:register-mine")
    assert b"Teacher, Northbridge Academy" in client.get(reverse("members:register-public", args=[member.pk])).content


def test_a_refused_interest_comes_back_with_govuk_errors_and_what_was_typed(client):
    member = councillor()
    client.force_login(member.user)
    response = client.post(
        reverse("members:interest-add"),
        {
            "kind": "dpi",
            "category": "employment",
            "holder": "partner",
            "description": "Nurse at Northbridge General",
            "organisation": "Northbridge NHS Trust",
            "became_aware_on": "2026-02-30",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in content
    assert "Date you became aware of it must be a real date" in content
    assert "Nurse at Northbridge General" in content and 'value="Northbridge NHS Trust"' in content
    # the service's rule, on its field
    response = client.post(
        reverse("members:interest-add"),
        {
            "kind": "dpi",
            "category": "employment",
            "holder": "partner",
            "description": "Nurse at Northbridge General",
            "became_aware_on": today().isoformat(),
        },
    )
    assert "Enter your spouse&#x27;s or partner&#x27;s name" in response.content.decode()
    assert 'href="#id_partner_name"' in response.content.decode()
    assert not Interest.objects.exists()


def test_a_gift_below_the_threshold_is_refused_on_its_value(client, settings):
    settings.GIFTS_THRESHOLD_POUNDS = 50
    member = councillor()
    client.force_login(member.user)
    data = {
        "received_on": today().isoformat(),
        "donor": "Northbridge Rotary",
        "description": "Dinner",
        "value": "49.99",
    }
    response = client.post(reverse("members:gift-add"), data)
    content = response.content.decode()
    assert "govuk-error-summary" in content and "less than £50" in content and 'value="49.99"' in content
    assert client.post(reverse("members:gift-add"), {**data, "value": "50"}).status_code == 302
    assert Gift.objects.get().value_pence == 5000


def test_the_member_changes_and_ends_an_interest(client):
    member = councillor()
    entry = interest(member, today=today())
    client.force_login(member.user)
    edit = reverse("members:interest-edit", args=[entry.pk])
    assert "Director, Northbridge Care Ltd" in client.get(edit).content.decode()
    response = client.post(
        edit,
        {
            "kind": entry.kind,
            "category": entry.category,
            "holder": "member",
            "description": "Chair, Northbridge Care Ltd",
            "became_aware_on": entry.became_aware_on.isoformat(),
        },
    )
    assert response.status_code == 302
    response = client.post(reverse("members:interest-end", args=[entry.pk]), {"ended_on": today().isoformat()})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.description, entry.ended_on) == ("Chair, Northbridge Care Ltd", today())


# The Monitoring Officer's forms


def test_the_monitoring_officer_marks_an_interest_sensitive_and_the_public_sees_it_withheld(client):
    member = councillor()
    entry = interest(member, today=today(), description="Home: 4 Mill Lane")
    client.force_login(monitoring_officer())
    url = reverse("members:interest-review", args=[entry.pk])
    refused = client.post(url, {"sensitive": "on", "sensitive_reason": ""})
    assert refused.status_code == 200 and "Enter why the interest is sensitive" in refused.content.decode()
    assert client.post(url, {"sensitive": "on", "sensitive_reason": "Threats"}).status_code == 302
    client.logout()
    public = client.get(reverse("members:register-public", args=[member.pk])).content.decode()
    assert "Mill Lane" not in public and "withheld under section 32" in public


def test_the_monitoring_officer_is_refused_their_own_entry_on_the_form(client):
    officer = monitoring_officer()
    member = councillor(user=officer)
    entry = interest(member, today=today())
    client.force_login(officer)
    response = client.post(reverse("members:interest-review", args=[entry.pk]), {})
    assert response.status_code == 200 and "your own register" in response.content.decode()
    assert Interest.objects.get(pk=entry.pk).reviewed_at is None


def test_a_dispensation_over_four_years_comes_back_with_what_was_typed(client):
    member = councillor()
    client.force_login(monitoring_officer())
    url = reverse("members:dispensation-add", args=[member.pk])
    data = {
        "scope": "Setting the council tax",
        "reasons": "Section 33(2)(b)",
        "may_participate": "on",
        "may_vote": "on",
        "starts_on": "2026-05-11",
        "ends_on": "2030-05-11",
    }
    response = client.post(url, data)
    content = response.content.decode()
    assert "at most four years" in content and "Setting the council tax" in content and 'value="2030-05-11"' in content
    assert not Dispensation.objects.exists()
    assert client.post(url, {**data, "ends_on": "2030-05-10"}).status_code == 302
    assert Dispensation.objects.get().person == member.user


# Query counts


def test_the_monitoring_officers_list_does_not_grow_with_the_registers(client, django_assert_num_queries):
    officer = monitoring_officer()
    client.force_login(officer)
    url = reverse("members:register-list")
    for _ in range(2):
        interest(councillor(), today=today())
    client.get(url)
    with django_assert_num_queries(6) as few:  # the session is read from Redis (cached_db)
        assert client.get(url).status_code == 200
    for _ in range(4):
        member = councillor()
        interest(member, today=today())
        sensitive(member, officer, details="x", today=today())
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_public_register_does_not_grow_with_its_entries(client, django_assert_num_queries):
    member, officer = councillor(), monitoring_officer()
    url = reverse("members:register-public", args=[member.pk])
    interest(member, today=today())
    # 6: the published register's entries and the day of the member's last return.
    with django_assert_num_queries(6) as few:
        assert client.get(url).status_code == 200
    for number in range(5):
        interest(member, today=today(), description=f"Entry {number}")
        services.gift_notify(
            person=member.user,
            by=member.user,
            received_on=today(),
            donor=f"Donor {number}",
            description="Lunch",
            value_pence=6000,
        )
        services.dispensation_grant(
            person=member.user, by=officer, scope="Budget", reasons="s.33", starts_on=today(), ends_on=today()
        )
    sensitive(member, officer, details="x", today=today())
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# The dashboards


def test_the_dashboards_show_the_28_day_clock(client):
    due = councillor(term_starts_on=today() - datetime.timedelta(days=28))
    overdue = councillor(term_starts_on=today() - datetime.timedelta(days=29))
    client.force_login(due.user)
    page = client.get(reverse("home")).content.decode()
    assert "Your register of interests" in page and "Due" in page and "0 days left" in page
    client.force_login(monitoring_officer())
    page = client.get(reverse("home")).content.decode()
    assert "Registers of interests" in page
    assert "Overdue (1)" in page and str(overdue) in page and "Due (1)" in page and str(due) in page


def test_a_cabinet_member_without_a_seat_as_councillor_is_told_they_keep_no_register(client):
    client.force_login(UserFactory(roles=["Cabinet Member"]))
    assert "You do not keep a register of interests" in client.get(reverse("home")).content.decode()


def test_an_interest_the_member_asks_to_withhold_is_never_public(client):
    member = councillor()
    client.force_login(member.user)
    data = {
        "kind": "dpi",
        "category": "land",
        "holder": "member",
        "description": "Home: 4 Mill Lane",
        "became_aware_on": today().isoformat(),
        "ask_sensitive": "on",
    }
    refused = client.post(reverse("members:interest-add"), data).content.decode()
    assert "Enter why the details should be withheld" in refused and "Home: 4 Mill Lane" in refused
    assert client.post(reverse("members:interest-add"), {**data, "sensitive_reason": "Threats"}).status_code == 302
    client.logout()
    public = client.get(reverse("members:register-public", args=[member.pk])).content.decode()
    assert "Mill Lane" not in public and "withheld under section 32" in public


def test_the_monitoring_officers_list_shows_each_register_with_its_clock_and_what_awaits_review(client):
    overdue = councillor(term_starts_on=today() - datetime.timedelta(days=29))
    notified = councillor(term_starts_on=today() - datetime.timedelta(days=10))
    interest(notified, today=today())
    services.register_confirm(person=notified.user, by=notified.user, confirmed=True)
    client.force_login(monitoring_officer())
    page = client.get(reverse("members:register-list")).content.decode()
    rows = {str(member): page.split(str(member), 1)[1].split("</tr>", 1)[0] for member in (overdue, notified)}
    assert "Overdue" in rows[str(overdue)] and "Never" in rows[str(overdue)]
    assert "Confirmed" in rows[str(notified)] and today().strftime("%-d %B %Y") in rows[str(notified)]
