"""Two tabs (or two windows) editing one response: neither is lost silently.

Each form carries the version of the response it was opened on; a save based on an older version
overwrites nothing and shows both sets of answers side by side so the member chooses.
"""

import pytest
from django.urls import reverse

from members.consultations.selectors.responses import Given, saved_answers
from members.consultations.services.responses import ResponseConflict, response_save_draft
from members.models import QuestionKind, Response
from tests.factories import ConsultationFactory, MemberFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MemberFactory()


@pytest.fixture
def consultation():
    consultation = ConsultationFactory(title="How members take part in commissioning")
    QuestionFactory(consultation=consultation, position=1, kind=QuestionKind.FREE_TEXT, text="What works well?")
    return consultation


def _question(consultation):
    return consultation.questions.get()


def test_a_save_based_on_an_older_version_is_a_conflict_and_overwrites_nothing(consultation, member):
    q = _question(consultation)
    first = response_save_draft(
        consultation=consultation, member=member, answers={q.pk: Given(text="Tab one")}, based_on_version=0
    )
    assert first.version == 1
    second = response_save_draft(
        consultation=consultation, member=member, answers={q.pk: Given(text="Tab one, again")}, based_on_version=1
    )
    assert second.version == 2

    with pytest.raises(ResponseConflict) as raised:
        response_save_draft(
            consultation=consultation, member=member, answers={q.pk: Given(text="Tab two")}, based_on_version=1
        )
    assert raised.value.response.version == 2
    response = Response.objects.get()
    assert saved_answers(response)[q.pk].text == "Tab one, again"
    assert response.version == 2
    assert response.history.count() == 2


def test_two_tabs_that_both_start_a_response_conflict_rather_than_both_create(consultation, member):
    q = _question(consultation)
    response_save_draft(consultation=consultation, member=member, answers={q.pk: Given(text="A")}, based_on_version=0)
    with pytest.raises(ResponseConflict):
        response_save_draft(
            consultation=consultation, member=member, answers={q.pk: Given(text="B")}, based_on_version=0
        )
    assert Response.objects.count() == 1


def _page(client, consultation):
    return client.get(reverse("members:consultation-respond", args=[consultation.pk]))


def _post(client, consultation, version, text, action="draft", **extra):
    q = _question(consultation)
    data = {"version": str(version), f"q{q.pk}": text, "action": action, **extra}
    return client.post(reverse("members:consultation-respond", args=[consultation.pk]), data)


def test_the_second_tab_sees_both_answers_side_by_side_and_chooses(client, consultation, member):
    from django.test import Client

    q = _question(consultation)
    tab_one, tab_two = client, Client()
    tab_one.force_login(member.user)
    tab_two.force_login(member.user)
    # Both tabs open the page before anything is saved: both forms carry version 0.
    assert 'name="version" value="0"' in _page(tab_one, consultation).content.decode()
    assert 'name="version" value="0"' in _page(tab_two, consultation).content.decode()

    assert _post(tab_one, consultation, 0, "Saved from the first tab").status_code == 302
    page = _post(tab_two, consultation, 0, "Typed in the second tab")

    assert page.status_code == 200
    html = page.content.decode()
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html
    assert "changed in another tab or window" in html
    assert "Saved from the first tab" in html  # the saved answer, shown beside
    assert "Typed in the second tab" in html  # what was just typed, kept in the field
    assert 'name="version" value="1"' in html  # saving again is based on what is stored now
    assert saved_answers(Response.objects.get())[q.pk].text == "Saved from the first tab"

    # The member keeps what they typed: submitted again with the current version, it is saved.
    assert _post(tab_two, consultation, 1, "Typed in the second tab", **{f"keep_q{q.pk}": "typed"}).status_code == 302
    assert saved_answers(Response.objects.get())[q.pk].text == "Typed in the second tab"


def test_choosing_the_saved_answer_keeps_it(client, consultation, member):
    q = _question(consultation)
    client.force_login(member.user)
    _post(client, consultation, 0, "Saved first")
    conflict = _post(client, consultation, 0, "Typed later")
    assert "Saved first" in conflict.content.decode()
    assert _post(client, consultation, 1, "Typed later", **{f"keep_q{q.pk}": "saved"}).status_code == 302
    response = Response.objects.get()
    assert saved_answers(response)[q.pk].text == "Saved first"
    assert response.version == 2


def test_the_conflict_links_each_question_to_choose_from_the_error_summary(client, consultation, member):
    q = _question(consultation)
    client.force_login(member.user)
    _post(client, consultation, 0, "Saved first")
    html = _post(client, consultation, 0, "Typed later").content.decode()
    assert (
        f'<a href="#id_keep_q{q.pk}_0">Your answer to question 1 is not the one saved: choose which to keep</a>' in html
    )
    assert "Which answer to question 1 do you want to keep?" in html


def _race(consultation, member, version, texts):
    """Two saves of the same response at the same moment, each on its own connection."""
    import threading

    from django.db import connection

    q = _question(consultation)
    start = threading.Barrier(len(texts))
    outcomes = []

    def save(text):
        try:
            start.wait()
            response_save_draft(
                consultation=consultation, member=member, answers={q.pk: Given(text=text)}, based_on_version=version
            )
            outcomes.append("saved")
        except ResponseConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


# Committed rows, so that two connections see them (like the gates concurrency test, this empties
# the database afterwards: run with --create-db next time).
@pytest.mark.django_db(transaction=True)
def test_two_tabs_saving_at_the_same_moment_one_is_saved_and_the_other_told(consultation, member):
    q = _question(consultation)
    response_save_draft(
        consultation=consultation, member=member, answers={q.pk: Given(text="First")}, based_on_version=0
    )

    assert _race(consultation, member, 1, ["Tab one", "Tab two"]) == ["conflict", "saved"]
    response = Response.objects.get()
    assert response.version == 2
    assert saved_answers(response)[q.pk].text in ("Tab one", "Tab two")
    assert response.history.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_tabs_starting_a_response_at_the_same_moment_create_one(consultation, member):
    assert _race(consultation, member, 0, ["Tab one", "Tab two"]) == ["conflict", "saved"]
    assert Response.objects.get().version == 1
