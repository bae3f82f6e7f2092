"""Sign-in that resists attack (issue 11, finding 8): throttling and lockout, two-factor sign-in,
password reset and change, session lifetimes, and the sign-in log.

The rule's own tests sign in through the forms, never with the force_login shortcut.
"""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from council.accounts.models import Outcome, SignInEvent
from council.roles import Role
from tests.clock_kit import moving_clock
from tests.factories import MemberFactory, UserFactory
from tests.factories.council import PASSWORD, authenticator_for, code_from

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chromium/131"


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, HTTP_USER_AGENT=BROWSER, **extra)


def signed_in(client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 200


@pytest.fixture
def clock(monkeypatch):
    """The clock as the product reads it (django.utils.timezone.now), moved by the test."""
    return moving_clock(monkeypatch)


# --- Throttling --------------------------------------------------------------------------------


def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(client):
    admin = UserFactory(email="admin@northbridge.example", roles=[Role.ADMINISTRATOR])
    authenticator_for(admin)
    for _ in range(30):
        sign_in(client, admin.email, "guess-" + "x" * 8)

    response = sign_in(client, admin.email)

    page = response.content.decode()
    assert response.status_code == 429
    assert "Your account is locked" in page
    assert "You can try again after" in page
    assert "contact your Administrator" in page
    assert "Traceback" not in page and 'name="password"' in page  # the sign-in page, not a bare 403
    assert not signed_in(client)
    assert not client.session.get("_auth_user_id")


def test_the_account_locks_at_the_fifth_failure_whatever_the_case_of_the_address(client, settings):
    person = UserFactory(email="officer@northbridge.example", roles=[Role.OFFICER])
    for attempt in range(settings.SIGNIN_ACCOUNT_FAILURE_LIMIT - 1):
        response = sign_in(client, "Officer@Northbridge.example" if attempt % 2 else person.email, "wrong-password")
        assert response.status_code == 200
        assert "Your account is locked" not in response.content.decode()
    response = sign_in(client, person.email, "wrong-password")
    assert response.status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, settings):
    person = UserFactory(email="member@northbridge.example", roles=[Role.COUNCILLOR])
    for _ in range(settings.SIGNIN_ACCOUNT_FAILURE_LIMIT):
        sign_in(client, person.email, "wrong-password")
    assert sign_in(client, person.email).status_code == 429

    # The clock moves past the cool-off since the last failure.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(minutes=settings.SIGNIN_COOL_OFF_MINUTES + 1)
    )

    assert sign_in(client, person.email).status_code == 302
    assert signed_in(client)


def test_one_address_trying_many_accounts_is_locked_out_but_others_are_not(client, settings):
    person = UserFactory(email="member@northbridge.example", roles=[Role.COUNCILLOR])
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    for n in range(settings.SIGNIN_ADDRESS_FAILURE_LIMIT):
        # Each address tried fewer times than the account limit.
        sign_in(client, f"guess{n}@northbridge.example", "wrong-password", **attacker)

    assert sign_in(client, person.email, **attacker).status_code == 429
    assert sign_in(client, person.email, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_the_administrator_unlocks_an_account_from_the_persons_page(client, client_for, settings):
    person = UserFactory(email="member@northbridge.example", roles=[Role.COUNCILLOR])
    for _ in range(settings.SIGNIN_ACCOUNT_FAILURE_LIMIT):
        sign_in(client, person.email, "wrong-password")
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    admin_client = client_for(admin)
    page = admin_client.get(reverse("person-detail", args=[person.pk])).content.decode()
    assert "Yes, after too many failed attempts" in page
    assert reverse("person-unlock", args=[person.pk]) in page

    response = admin_client.post(reverse("person-unlock", args=[person.pk]))

    assert response.status_code == 302
    client.logout()
    assert sign_in(client, person.email).status_code == 302
    latest = person.history.first()
    assert latest.history_change_reason == "Sign-in unlocked after too many failed attempts"
    assert latest.history_user == admin


@pytest.mark.parametrize("role", [Role.DEMOCRATIC_SERVICES, Role.COUNCILLOR])
def test_no_one_but_the_administrator_can_unlock(client_for, role, settings):
    person = UserFactory(email="member@northbridge.example")
    for n in range(settings.SIGNIN_ACCOUNT_FAILURE_LIMIT):
        AccessAttempt.objects.create(
            username=person.email,
            ip_address="203.0.113.9",
            user_agent=f"browser {n}",
            failures_since_start=1,
            attempt_time=timezone.now(),
            get_data="",
            post_data="",
            http_accept="",
            path_info="/",
        )
    response = client_for(UserFactory(roles=[role])).post(reverse("person-unlock", args=[person.pk]))
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username=person.email).count() == settings.SIGNIN_ACCOUNT_FAILURE_LIMIT


# --- Two-factor sign-in ------------------------------------------------------------------------


def test_an_officer_with_the_right_password_but_no_code_cannot_open_a_page(client):
    officer = UserFactory(email="officer@northbridge.example", roles=[Role.OFFICER])
    authenticator_for(officer)

    response = sign_in(client, officer.email)

    assert response["Location"].startswith(reverse("two-factor-verify"))
    for url in (reverse("home"), reverse("people"), reverse("members:body-add"), reverse("password_change")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two-factor-verify"))


def test_the_code_completes_the_sign_in_and_goes_where_the_person_was_going(client):
    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    device = authenticator_for(clerk)
    client.get(reverse("members:body-add"))  # sent to sign in, with next=
    response = client.post(
        reverse("login") + "?next=/committees/",
        {"username": clerk.email, "password": PASSWORD, "next": "/committees/"},
    )
    response = client.post(response["Location"], {"code": code_from(device), "next": "/committees/"})
    assert response.status_code == 302 and response["Location"] == "/committees/"
    assert signed_in(client)


def test_a_wrong_code_is_refused_and_counts_towards_the_lockout(client, settings):
    officer = UserFactory(email="officer@northbridge.example", roles=[Role.FINANCE_OFFICER])
    device = authenticator_for(officer)
    sign_in(client, officer.email)
    wrong = f"{(int(code_from(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("two-factor-verify"), {"code": wrong})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert not signed_in(client)

    for _ in range(settings.SIGNIN_ACCOUNT_FAILURE_LIMIT - 1):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)  # django-otp's own delay aside
        response = client.post(reverse("two-factor-verify"), {"code": wrong})
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    # Locked: the half-finished sign-in is over, and even the right code and password are refused now.
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
    assert sign_in(client, officer.email).status_code == 429
    outcomes = list(SignInEvent.objects.filter(person=officer).values_list("outcome", flat=True))
    assert outcomes.count(Outcome.TWO_FACTOR_FAILED) == settings.SIGNIN_ACCOUNT_FAILURE_LIMIT


def test_an_officer_without_an_app_is_taken_to_set_it_up_and_nowhere_else(client):
    officer = UserFactory(email="officer@northbridge.example", roles=[Role.COMMISSIONING_OFFICER])

    response = sign_in(client, officer.email)
    assert response["Location"].startswith(reverse("two-factor-setup"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("two-factor-setup"))

    page = client.get(reverse("two-factor-setup")).content.decode()
    assert f'src="{reverse("two-factor-qr")}"' in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1)
    assert len(secret.replace(" ", "")) == 32
    qr = client.get(reverse("two-factor-qr"))
    assert qr["Content-Type"] == "image/svg+xml" and "no-store" in qr["Cache-Control"]
    assert qr.content.startswith(b"<?xml") and b"<svg" in qr.content

    response = client.post(
        reverse("two-factor-setup"), {"code": "000000" if code_from(device) != "000000" else "111111"}
    )
    assert "The code is not right" in response.content.decode()
    assert not signed_in(client)

    response = client.post(reverse("two-factor-setup"), {"code": code_from(device)})
    assert response.status_code == 302
    assert signed_in(client)
    device.refresh_from_db()
    assert device.confirmed
    assert officer.history.first().history_change_reason == "Two-factor sign-in set up"


def test_someone_with_only_the_password_cannot_replace_the_app(client):
    officer = UserFactory(email="officer@northbridge.example", roles=[Role.OFFICER])
    authenticator_for(officer)
    sign_in(client, officer.email)

    assert client.get(reverse("two-factor-setup"))["Location"].startswith(reverse("two-factor-verify"))
    assert client.get(reverse("two-factor-qr")).status_code == 404
    assert not TOTPDevice.objects.filter(user=officer, confirmed=False).exists()


def test_a_councillor_without_an_app_gets_in_with_the_password(client):
    member = MemberFactory(user__email="councillor@northbridge.example")
    response = sign_in(client, member.user.email)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert signed_in(client)


def test_a_councillor_who_set_up_an_app_needs_its_code(client):
    member = MemberFactory(user__email="councillor@northbridge.example")
    device = authenticator_for(member.user)
    assert sign_in(client, member.user.email)["Location"].startswith(reverse("two-factor-verify"))
    assert not signed_in(client)
    client.post(reverse("two-factor-verify"), {"code": code_from(device)})
    assert signed_in(client)


def test_the_administrator_resets_a_lost_app_and_the_officer_sets_up_a_new_one(client, client_for):
    officer = UserFactory(email="officer@northbridge.example", roles=[Role.OFFICER])
    authenticator_for(officer)
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    admin_client = client_for(admin)
    assert (
        reverse("person-two-factor-reset", args=[officer.pk])
        in admin_client.get(reverse("person-detail", args=[officer.pk])).content.decode()
    )

    response = admin_client.post(reverse("person-two-factor-reset", args=[officer.pk]))

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    latest = officer.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("Two-factor sign-in reset", admin)
    client.logout()
    assert sign_in(client, officer.email)["Location"].startswith(reverse("two-factor-setup"))


@pytest.mark.parametrize("role", [Role.DEMOCRATIC_SERVICES, Role.COUNCILLOR])
def test_no_one_but_the_administrator_can_reset_an_app(client_for, role):
    officer = UserFactory(roles=[Role.OFFICER])
    authenticator_for(officer)
    response = client_for(UserFactory(roles=[role])).post(reverse("person-two-factor-reset", args=[officer.pk]))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=officer).exists()


@pytest.mark.real_two_factor
def test_an_officer_given_an_officer_role_mid_session_must_set_up_an_app(client):
    member = MemberFactory(user__email="councillor@northbridge.example")
    client.force_login(member.user)  # no code: the shortcut is off in this test
    assert signed_in(client)
    member.user.groups.add(Group.objects.get(name=Role.DEMOCRATIC_SERVICES.value))
    assert client.get(reverse("home"))["Location"].startswith(reverse("two-factor-setup"))


# --- Password reset ----------------------------------------------------------------------------


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    UserFactory(email="member@northbridge.example")
    url = reverse("password_reset")
    with django_capture_on_commit_callbacks() as callbacks, CaptureQueriesContext(connection) as queries:
        known = client.post(url, {"email": "member@northbridge.example"})
    assert len(callbacks) == 1  # the lookup and the email happen in the worker, after commit
    with django_capture_on_commit_callbacks() as callbacks, django_assert_num_queries(len(queries)):
        unknown = client.post(url, {"email": "nobody@northbridge.example"})
    assert len(callbacks) == 1
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_reset_email_goes_only_to_an_existing_address(client, django_capture_on_commit_callbacks):
    UserFactory(email="member@northbridge.example")
    for email in ("member@northbridge.example", "nobody@northbridge.example"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("password_reset"), {"email": email})
    assert [m.to for m in mail.outbox] == [["member@northbridge.example"]]
    assert "https://democracy.northbridge.example/accounts/reset/" in mail.outbox[0].body


def test_password_reset_is_throttled_per_address_and_per_requester(
    client, settings, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    cache.clear()
    limit = settings.PASSWORD_RESET_LIMIT_PER_HOUR
    for _ in range(limit):
        assert client.post(reverse("password_reset"), {"email": "member@northbridge.example"}).status_code == 302
    response = client.post(reverse("password_reset"), {"email": "member@northbridge.example"})
    assert response.status_code == 429
    assert "too many requests to reset a password" in response.content.decode()

    cache.clear()
    for n in range(limit):
        client.post(reverse("password_reset"), {"email": f"person{n}@northbridge.example"})
    assert client.post(reverse("password_reset"), {"email": "someone@northbridge.example"}).status_code == 429
    other = client.post(reverse("password_reset"), {"email": "someone@northbridge.example"}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302
    cache.clear()


# --- Password change ---------------------------------------------------------------------------


def test_the_password_change_page_works_with_debug_off(client_for, settings):
    settings.DEBUG = False
    person = UserFactory(roles=[Role.OFFICER])
    client = client_for(person)

    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "Change your password" in page.content.decode()

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert client.get(response["Location"]).status_code == 200
    person.refresh_from_db()
    assert person.check_password("a-new-long-passphrase")


def test_a_wrong_current_password_keeps_the_page_with_the_error(client_for, settings):
    settings.DEBUG = False
    client = client_for(UserFactory(roles=[Role.COUNCILLOR]))
    response = client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


# --- Sessions ----------------------------------------------------------------------------------


def _sign_in_fully(client, person):
    response = sign_in(client, person.email)
    if response["Location"].startswith(reverse("two-factor-verify")):
        client.post(reverse("two-factor-verify"), {"code": code_from(authenticator_for(person))})
    assert signed_in(client)


def test_an_officer_idle_for_thirty_minutes_signs_in_again(client, clock):
    officer = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    authenticator_for(officer)
    _sign_in_fully(client, officer)
    clock.move(minutes=29)
    assert signed_in(client)
    clock.move(minutes=29)  # 29 minutes since the last page: still in
    assert signed_in(client)

    clock.move(minutes=30)

    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "inactive for too long" in client.get(response["Location"]).content.decode()
    assert SignInEvent.objects.filter(person=officer, outcome=Outcome.SESSION_EXPIRED).exists()


def test_a_councillor_may_stay_idle_longer(client, clock, settings):
    member = MemberFactory()
    _sign_in_fully(client, member.user)
    clock.move(minutes=settings.SESSION_IDLE_MINUTES + 5)
    assert signed_in(client)
    clock.move(minutes=settings.SESSION_IDLE_MINUTES_MEMBERS)
    assert not signed_in(client)


def test_the_idle_time_is_configurable(client, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    officer = UserFactory(roles=[Role.OFFICER])
    _sign_in_fully(client, officer)
    clock.move(minutes=6)
    assert not signed_in(client)


def test_even_a_busy_session_ends_after_its_absolute_lifetime(client, clock, settings):
    member = MemberFactory()
    _sign_in_fully(client, member.user)
    for _ in range(settings.SESSION_MAX_HOURS * 60 // 25):
        clock.move(minutes=25)
        assert signed_in(client)

    clock.move(minutes=25)

    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("login"))
    assert f"more than {settings.SESSION_MAX_HOURS} hours ago" in client.get(response["Location"]).content.decode()


# --- The sign-in log ---------------------------------------------------------------------------


def test_every_attempt_and_sign_out_is_in_the_sign_in_log(client, settings):
    officer = UserFactory(email="officer@northbridge.example", roles=[Role.OFFICER])
    device = authenticator_for(officer)
    sign_in(client, officer.email, "wrong-password")
    sign_in(client, "nobody@northbridge.example", "wrong-password")
    sign_in(client, officer.email)
    client.post(reverse("two-factor-verify"), {"code": f"{(int(code_from(device)) + 1) % 1_000_000:06d}"})
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    client.post(reverse("two-factor-verify"), {"code": code_from(device)})
    client.post(reverse("logout"))
    for _ in range(settings.SIGNIN_ACCOUNT_FAILURE_LIMIT):
        sign_in(client, officer.email, "wrong-password")

    events = list(SignInEvent.objects.order_by("at", "pk"))
    assert [(e.email, e.outcome) for e in events[:6]] == [
        ("officer@northbridge.example", Outcome.WRONG_PASSWORD),
        ("nobody@northbridge.example", Outcome.WRONG_PASSWORD),
        ("officer@northbridge.example", Outcome.TWO_FACTOR_FAILED),
        ("officer@northbridge.example", Outcome.SIGNED_IN),
        ("officer@northbridge.example", Outcome.SIGNED_OUT),
        ("officer@northbridge.example", Outcome.WRONG_PASSWORD),
    ]
    assert events[-1].outcome == Outcome.LOCKED_OUT
    assert events[0].person == officer and events[1].person is None
    assert {e.ip_address for e in events} == {"127.0.0.1"}
    assert events[0].user_agent == BROWSER


def test_signing_in_adds_no_row_to_the_persons_history(client):
    member = MemberFactory(user__email="councillor@northbridge.example")
    before = member.user.history.count()
    sign_in(client, member.user.email)
    client.post(reverse("logout"))
    sign_in(client, member.user.email)
    member.user.refresh_from_db()
    assert member.user.last_login is not None
    assert member.user.history.count() == before


def test_the_administrator_reads_the_sign_in_log_newest_first_in_pages(client_for, django_assert_num_queries):
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    person = UserFactory(email="member@northbridge.example")
    client = client_for(admin)

    def add_events(n):
        for i in range(n):
            SignInEvent.objects.create(
                person=person, email=person.email, outcome=Outcome.WRONG_PASSWORD, ip_address=f"192.0.2.{i % 250}"
            )

    add_events(3)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("sign-in-log"))
    add_events(60)
    SignInEvent.objects.create(email="latest@northbridge.example", outcome=Outcome.LOCKED_OUT)
    with django_assert_num_queries(len(few)):
        client.get(reverse("sign-in-log"))

    page = client.get(reverse("sign-in-log")).content.decode()
    assert page.index("latest@northbridge.example") < page.index("member@northbridge.example")
    assert "64 events" in page and "Page 1 of 2" in page
    assert client.get(reverse("sign-in-log") + "?page=2").status_code == 200
    mine = client.get(reverse("sign-in-log") + f"?person={person.pk}").content.decode()
    assert "latest@northbridge.example" not in mine
    # The next page of one person's events is still that person's.
    assert f'href="?person={person.pk}&amp;page=2"' in mine
    assert f'href="{reverse("sign-in-log")}"' in client.get(reverse("people")).content.decode()
    assert (
        f"{reverse('sign-in-log')}?person={person.pk}"
        in client.get(reverse("person-detail", args=[person.pk])).content.decode()
    )


@pytest.mark.parametrize("role", [Role.DEMOCRATIC_SERVICES, Role.OFFICER, Role.COUNCILLOR])
def test_only_the_administrator_reads_the_sign_in_log(client, client_for, role):
    assert client.get(reverse("sign-in-log"))["Location"].startswith(reverse("login"))
    assert client_for(UserFactory(roles=[role])).get(reverse("sign-in-log")).status_code == 403


# --- The demo ------------------------------------------------------------------------------------


def test_the_demo_gives_officers_an_app_with_the_printed_key_only_in_debug(
    demo_council, client, settings, capsys, monkeypatch
):
    from django.core.management import CommandError, call_command

    from council.accounts.demo import demo_code
    from council.demo import DEMO_PASSWORD

    # The demo is there already: the command's loaders find nothing to add (tests/test_demo.py
    # loads it twice for real), so this checks what the command itself does with the sign-ins.
    monkeypatch.setattr("council.management.commands.load_demo.load_all", lambda: demo_council)
    settings.DEBUG = False
    with pytest.raises(CommandError):  # the demo is never loaded into a live service
        call_command("load_demo")
    assert not TOTPDevice.objects.exists()
    assert "demo key" not in capsys.readouterr().out

    settings.DEBUG = True
    call_command("load_demo")
    output = capsys.readouterr().out
    assert "Add this demo key to an" in output
    clerk_email = next(line.split()[2] for line in output.splitlines() if "Democratic Services" in line)
    response = sign_in(client, clerk_email, DEMO_PASSWORD)
    assert response["Location"].startswith(reverse("two-factor-verify"))
    client.post(reverse("two-factor-verify"), {"code": demo_code()})
    assert signed_in(client)


def test_a_councillor_may_add_an_app_from_their_account_and_then_needs_it(client):
    member = MemberFactory(user__email="councillor@northbridge.example")
    sign_in(client, member.user.email)
    page = client.get(reverse("password_change")).content.decode()
    assert reverse("two-factor-setup") in page
    assert "optional" not in page  # the set-up page explains; the link is enough here
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=member.user, confirmed=False)
    assert client.post(reverse("two-factor-setup"), {"code": code_from(device)}).status_code == 302
    assert SignInEvent.objects.filter(person=member.user, outcome=Outcome.SIGNED_IN).count() == 1
    client.post(reverse("logout"))
    assert sign_in(client, member.user.email)["Location"].startswith(reverse("two-factor-verify"))
