"""The demo council: believable, complete for every role, and safe to load twice."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from council.demo import DEMO_PASSWORD
from council.roles import Role
from members.models import Body, Member, Membership, MembershipRole, Officer, Portfolio, Ward
from scrutiny.models import AgendaItem, Meeting, Publication

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            get_user_model(),
            Ward,
            Member,
            Officer,
            Portfolio,
            Body,
            Membership,
            Meeting,
            AgendaItem,
            Publication,
        )
    }


def test_demo_council_is_believable_and_loading_it_twice_changes_nothing(capsys, settings):
    settings.DEBUG = True  # the demo loads only where DEBUG is on
    call_command("load_demo")
    first = counts()
    output = capsys.readouterr().out
    call_command("load_demo")
    assert counts() == first

    assert 18 <= first["Ward"] <= 22
    assert 40 <= first["Member"] <= 50
    assert Member.objects.filter(user__last_name="McLain").exists()
    assert Portfolio.objects.filter(title="Corporate Services", cabinet_member__isnull=False).exists()
    for name in (
        "Overview and Scrutiny Committee",
        "Social and Community Overview and Scrutiny Committee",
        "Environment Overview and Scrutiny Committee",
        "Members Working Group",
        "Budget Working Group",
    ):
        body = Body.objects.get(name=name)
        if "Scrutiny" in name:
            roles = set(body.memberships.current().values_list("role", flat=True))
            assert {MembershipRole.CHAIR, MembershipRole.VICE_CHAIR} <= roles
    mclain = Member.objects.get(user__last_name="McLain").user
    assert Membership.objects.filter(person=mclain, body__name="Overview and Scrutiny Committee").exists()
    assert DEMO_PASSWORD in output


def test_there_is_a_demo_sign_in_for_every_role_and_the_password_works(demo_council):
    logins = demo_council
    assert {login.role for login in logins} >= {role.value for role in Role}
    User = get_user_model()
    for login in logins:
        person = User.objects.get(email=login.email)
        assert person.check_password(DEMO_PASSWORD)
        assert person.groups.filter(name=login.role).exists()


def test_migrations_alone_create_no_accounts():
    assert get_user_model().objects.count() == 0


def test_demo_has_a_year_of_meetings_for_every_body_and_the_source_meeting(demo_council):
    assert set(Body.objects.values_list("pk", flat=True)) == set(Meeting.objects.values_list("body", flat=True))
    source = Meeting.objects.get(body__name="Overview and Scrutiny Committee", starts_at__date="2026-10-22")
    item = source.items.get(title="Strategic Commissioning")
    assert item.minutes_allowed == 30
    assert item.report_author.officer.job_title == "Assistant Chief Executive"
    assert item.presenter.member.portfolios.filter(title="Corporate Services").exists()
    assert item.is_published
    assert source.publications.get().deadline_met
