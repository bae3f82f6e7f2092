"""Members' consultations at a review's Analyse and Plan stages: linked from the review (the
link is held in commissioning), shown on the overview, and counted as members' engagement at
the gate once members have responded."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning.models import StageConsultation
from commissioning.selectors.consultations import members_engaged_at, stage_consultations
from commissioning.services import consultations as services
from commissioning.services import reviews as review_services
from council.errors import RuleError
from council.roles import Role
from members.models import ConsultationState, ResponseState
from tests.factories import (
    ConsultationFactory,
    MemberFactory,
    MembershipFactory,
    PortfolioFactory,
    ProgrammeBoardFactory,
    ResponseFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    return ReviewFactory(title="Leisure Centres Management")


@pytest.fixture
def consultation():
    return ConsultationFactory(title="Leisure centres: what matters in your ward")


def submit(consultation, member=None):
    return ResponseFactory(
        consultation=consultation,
        member=member or MemberFactory(),
        state=ResponseState.SUBMITTED,
        submitted_at=timezone.now(),
    )


def test_an_officer_links_a_consultation_to_the_analyse_stage(client, officer, review, consultation):
    client.force_login(officer)
    response = client.post(
        reverse("commissioning:consultation-link", args=[review.pk]),
        {"stage": "analyse", "consultation": consultation.pk},
    )

    assert response.status_code == 302
    link = StageConsultation.objects.get(review=review)
    assert (link.stage, link.consultation, link.linked_by) == ("analyse", consultation, officer)
    assert link.history.first().history_change_reason == "Consultation linked to the Analyse stage"


def test_the_same_consultation_is_linked_to_a_stage_once(officer, review, consultation):
    services.stage_consultation_link(review=review, stage="analyse", consultation=consultation, by=officer)

    with pytest.raises(RuleError, match="already linked to the Analyse stage"):
        services.stage_consultation_link(review=review, stage="analyse", consultation=consultation, by=officer)
    # The Plan stage may ask the same members again with the same consultation.
    services.stage_consultation_link(review=review, stage="plan", consultation=consultation, by=officer)
    assert StageConsultation.objects.filter(review=review).count() == 2


def test_only_analyse_and_plan_take_consultations(client, officer, review, consultation):
    with pytest.raises(RuleError, match="Analyse and Plan"):
        services.stage_consultation_link(review=review, stage="do", consultation=consultation, by=officer)

    client.force_login(officer)
    response = client.post(
        reverse("commissioning:consultation-link", args=[review.pk]), {"stage": "do", "consultation": consultation.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode() or "Select the stage" in response.content.decode()
    assert not StageConsultation.objects.exists()


def test_someone_elses_draft_consultation_cannot_be_chosen(client, officer, review):
    draft = ConsultationFactory(state=ConsultationState.DRAFT, title="Not ready yet")
    client.force_login(officer)

    page = client.get(reverse("commissioning:consultation-link", args=[review.pk])).content.decode()
    response = client.post(
        reverse("commissioning:consultation-link", args=[review.pk]), {"stage": "analyse", "consultation": draft.pk}
    )

    assert "Not ready yet" not in page
    assert "Select a consultation from the list" in response.content.decode()
    assert not StageConsultation.objects.exists()


def test_a_councillor_may_not_link_and_a_board_member_may_on_their_review(client, review, consultation):
    councillor = MemberFactory().user
    client.force_login(councillor)
    url = reverse("commissioning:consultation-link", args=[review.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"stage": "analyse", "consultation": consultation.pk}).status_code == 403

    board = ProgrammeBoardFactory()
    review.programme_board = board
    review.save()
    MembershipFactory(body=board, person=councillor)
    assert client.post(url, {"stage": "analyse", "consultation": consultation.pk}).status_code == 302


def test_the_public_is_sent_to_sign_in(client, review):
    response = client.get(reverse("commissioning:consultation-link", args=[review.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unlinking_is_for_editors_and_recorded(client, officer, review, consultation):
    link = services.stage_consultation_link(review=review, stage="analyse", consultation=consultation, by=officer)
    url = reverse("commissioning:consultation-unlink", args=[review.pk, link.pk])

    client.force_login(MemberFactory().user)
    assert client.post(url).status_code == 403
    client.force_login(officer)
    assert client.post(url).status_code == 302

    assert not StageConsultation.objects.exists()
    assert link.history.first().history_change_reason == "Consultation unlinked from the Analyse stage"


def test_submitted_responses_to_a_linked_consultation_count_as_members_engaged(officer, review, consultation):
    services.stage_consultation_link(review=review, stage="analyse", consultation=consultation, by=officer)
    ResponseFactory(consultation=consultation)  # a draft is not engagement yet
    assert not members_engaged_at(review, "analyse")

    submit(consultation)

    assert members_engaged_at(review, "analyse")
    assert not members_engaged_at(review, "plan")
    [link] = stage_consultations(review)["analyse"]
    assert link.submitted == 1


def test_the_gate_records_members_engaged_through_a_consultation(review, consultation):
    holder = MemberFactory(user__roles=[Role.COUNCILLOR, Role.CABINET_MEMBER])
    review.portfolios.set([PortfolioFactory(cabinet_member=holder)])
    services.stage_consultation_link(review=review, stage="analyse", consultation=consultation, by=holder.user)
    submit(consultation)

    decision = review_services.gate_pass(review=review, by=holder.user, evidence="Needs analysis", stage="analyse")

    assert decision.members_engaged


def test_the_overview_shows_each_linked_consultation_with_its_responses(client, officer, review, consultation):
    services.stage_consultation_link(review=review, stage="analyse", consultation=consultation, by=officer)
    submit(consultation)
    submit(consultation)
    client.force_login(MemberFactory().user)

    page = client.get(review.get_absolute_url()).content.decode()

    assert "Leisure centres: what matters in your ward" in page
    assert "2 responses submitted" in page


def test_the_overview_reads_the_links_in_a_constant_number_of_queries(
    client, officer, review, django_assert_num_queries
):
    client.force_login(officer)
    url = review.get_absolute_url()
    services.stage_consultation_link(review=review, stage="analyse", consultation=ConsultationFactory(), by=officer)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        consultation = ConsultationFactory()
        services.stage_consultation_link(review=review, stage="plan", consultation=consultation, by=officer)
        submit(consultation)
    with django_assert_num_queries(len(few)):
        client.get(url)
