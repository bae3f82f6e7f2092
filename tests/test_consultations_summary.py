"""The owner's view of the answers: the tracker, the summary and the CSV export."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council import exports
from council.roles import Role
from members.consultations.selectors import summary as summaries
from members.consultations.selectors import tracker as trackers
from members.models import Answer, ConsultationState, QuestionKind
from tests.factories import (
    BodyFactory,
    ConsultationFactory,
    MemberFactory,
    MembershipFactory,
    PartyFactory,
    QuestionFactory,
    QuestionOptionFactory,
    ResponseFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(person_with_role):
    return person_with_role(Role.CABINET_MEMBER, first_name="Richard", last_name="Hartley")


def respond(consultation, member, *, submitted=True, at=None, **answers):
    """A response with answers given as {question: value}; value is text, a scale, options or (ward, text)."""
    response = ResponseFactory(
        consultation=consultation,
        member=member,
        state="submitted" if submitted else "draft",
        submitted_at=(at or timezone.now()) if submitted else None,
    )
    for question, value in answers.get("values", {}).items():
        answer = Answer(response=response, question=question)
        if question.kind == QuestionKind.AGREE_SCALE:
            answer.scale = value
        elif question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
            answer.save()
            answer.options.set(value)
            continue
        elif question.kind == QuestionKind.WARD_FEEDBACK:
            answer.ward, answer.text = value
        else:
            answer.text = value
        answer.save()
    return response


@pytest.fixture
def consultation(owner):
    consultation = ConsultationFactory(owner=owner, title="Member roles in commissioning")
    roles = QuestionFactory(
        consultation=consultation, kind=QuestionKind.MULTIPLE_CHOICE, text="Which roles?", position=1
    )
    board = QuestionOptionFactory(question=roles, label="Programme board member", position=1)
    champion = QuestionOptionFactory(question=roles, label="Service champion", position=2)
    scale = QuestionFactory(
        consultation=consultation, kind=QuestionKind.AGREE_SCALE, text="Analyse and Plan?", position=2
    )
    ward_q = QuestionFactory(consultation=consultation, kind=QuestionKind.WARD_FEEDBACK, text="Your ward?", position=3)
    text = QuestionFactory(consultation=consultation, kind=QuestionKind.FREE_TEXT, text="Anything else?", position=4)
    riverside, hillside = WardFactory(name="Riverside"), WardFactory(name="Hillside")
    alan = MemberFactory(user__first_name="Alan", user__last_name="McLain", ward=riverside)
    beth = MemberFactory(user__first_name="Beth", user__last_name="Okafor", ward=hillside)
    carl = MemberFactory(user__first_name="Carl", user__last_name="Draftman", ward=riverside)
    respond(
        consultation,
        alan,
        values={roles: [board, champion], scale: 5, ward_q: (riverside, "Library hours"), text: '=HYPERLINK("x")'},
    )
    respond(consultation, beth, values={roles: [board], scale: 4, ward_q: (hillside, "Pool"), text: "More training"})
    respond(consultation, carl, submitted=False, values={roles: [champion], scale: 1, text: "DRAFT SECRET"})
    consultation.q = {"roles": roles, "scale": scale, "ward": ward_q, "text": text}
    return consultation


def test_the_summary_counts_only_submitted_responses(client_for, owner, consultation):
    respondents, questions = summaries.summary(consultation)
    assert respondents == 2
    roles, scale, ward, text = questions
    assert [(c.label, c.count, c.percent) for c in roles.counts] == [
        ("Programme board member", 2, 100),
        ("Service champion", 1, 50),
    ]
    assert [(c.label, c.count) for c in scale.counts if c.count] == [("Strongly agree", 1), ("Agree", 1)]
    assert [name for name, _ in ward.by_ward] == ["Hillside", "Riverside"]
    assert [t for _, t in text.texts] == ['=HYPERLINK("x")', "More training"]
    page = client_for(owner).get(reverse("members:consultation-summary", args=[consultation.pk])).content.decode()
    assert "DRAFT SECRET" not in page
    assert "Library hours" in page and "Alan McLain, Riverside" in page
    assert "2 submitted responses" in page


def test_members_read_the_summary_only_once_it_is_published(client_for, consultation, person_with_role):
    url = reverse("members:consultation-summary", args=[consultation.pk])
    member = MemberFactory()
    assert client_for(member.user).get(url).status_code == 403
    consultation.state = ConsultationState.REPORTED
    consultation.summary_published_at = timezone.now()
    consultation.save()
    assert client_for(member.user).get(url).status_code == 200
    assert client_for(person_with_role(Role.OFFICER)).get(url).status_code == 404
    outsider = MemberFactory(term_ends_on=datetime.date(2020, 1, 1))
    assert client_for(outsider.user).get(url).status_code == 403


def test_the_csv_has_a_row_per_submitted_response_and_cannot_run_formulas(client_for, owner, consultation):
    response = client_for(owner).get(reverse("members:consultation-csv", args=[consultation.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["Member", "Ward", "Party", "Submitted (UK time)"]
    assert rows[0][4:] == ["Which roles?", "Analyse and Plan?", "Your ward?", "Anything else?"]
    assert len(rows) == 3
    alan = rows[1]
    assert alan[0] == "Alan McLain"
    assert alan[4] == "Programme board member; Service champion"
    assert alan[5] == "Strongly agree"
    assert alan[6] == "Riverside: Library hours"
    assert alan[7] == '\'=HYPERLINK("x")'


#: Cells a spreadsheet would run as a formula (or whose tab or carriage return hides one).
FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", FORMULAS)
def test_cells_that_a_spreadsheet_would_run_are_made_text(value):
    assert exports.safe_cell(value) == "'" + value
    assert exports.safe_cell("Fine = good") == "Fine = good"


def test_every_cell_of_the_consultation_csv_is_made_safe_header_included(client_for, owner):
    consultation = ConsultationFactory(owner=owner)
    questions = [QuestionFactory(consultation=consultation, text=v, position=n) for n, v in enumerate(FORMULAS, 1)]
    respond(consultation, MemberFactory(user__first_name="=Ann"), values={q: q.text for q in questions})
    response = client_for(owner).get(reverse("members:consultation-csv", args=[consultation.pk]))
    header, row = csv.reader(io.StringIO(response.getvalue().decode()))
    assert header[4:] == row[4:] == ["'" + v for v in FORMULAS]
    assert row[0].startswith("'=Ann ")


def test_the_tracker_shows_who_has_and_has_not_responded(client_for, owner):
    consultation = ConsultationFactory(owner=owner)
    green = PartyFactory(name="Green")
    body = BodyFactory(name="Adults Scrutiny")
    done = MemberFactory(user__first_name="Done", user__last_name="Member", party=green)
    MembershipFactory(body=body, person=done.user)
    drafting = MemberFactory(user__first_name="Drafting", user__last_name="Member")
    MemberFactory(user__first_name="Silent", user__last_name="Member")
    MembershipFactory(body=body, person=MemberFactory(user__first_name="Seated", user__last_name="Quiet").user)
    respond(consultation, done)
    respond(consultation, drafting, submitted=False)
    tracker = trackers.tracker(consultation)
    assert (tracker.total, tracker.submitted, tracker.draft, tracker.not_started) == (4, 1, 1, 2)
    assert [(g.name, g.submitted, g.not_started) for g in tracker.by_body] == [("Adults Scrutiny", 1, 1)]
    assert ("Green", 1) in [(g.name, g.submitted) for g in tracker.by_party]
    page = client_for(owner).get(reverse("members:consultation-tracker", args=[consultation.pk])).content.decode()
    assert "1 of 4" in page and "Not started" in page and "Drafting Member" in page


def test_submissions_per_day_are_counted_on_london_days(owner):
    consultation = ConsultationFactory(owner=owner)
    # 23:30 UTC on 1 July is 00:30 on 2 July in London (British Summer Time).
    respond(consultation, MemberFactory(), at=datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC))
    respond(consultation, MemberFactory(), at=datetime.datetime(2026, 7, 2, 8, 0, tzinfo=datetime.UTC))
    respond(consultation, MemberFactory(), at=datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC))
    per_day = trackers.tracker(consultation).per_day
    assert [(day.isoformat(), n) for day, n, _ in per_day] == [("2026-07-01", 1), ("2026-07-02", 2)]


def test_the_tracker_costs_the_same_queries_as_the_audience_grows(client_for, owner, django_assert_num_queries):
    consultation = ConsultationFactory(owner=owner)
    body = BodyFactory()

    def grow(n):
        for i in range(n):
            member = MemberFactory()
            MembershipFactory(body=body, person=member.user)
            if i % 2:
                respond(consultation, member)

    grow(3)
    client = client_for(owner)
    url = reverse("members:consultation-tracker", args=[consultation.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow(30)
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_the_summary_costs_the_same_queries_as_responses_grow(
    client_for, owner, consultation, django_assert_num_queries
):
    client = client_for(owner)
    url = reverse("members:consultation-summary", args=[consultation.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        respond(consultation, MemberFactory(), values={consultation.q["scale"]: 3, consultation.q["text"]: "More"})
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_the_demo_consultations_load_once_with_about_two_thirds_responded(demo_council, client_for):
    from members.consultations import demo
    from members.models import Consultation, Response

    assert list(Consultation.objects.order_by("title").values_list("title", flat=True)) == [
        demo.LEISURE,
        demo.MEMBER_ROLES,
    ]
    roles = Consultation.objects.get(title=demo.MEMBER_ROLES)
    assert roles.state == ConsultationState.OPEN and roles.closes_at > timezone.now()
    assert roles.owner.get_full_name() == "Richard Hartley"
    tracker = trackers.tracker(roles)
    assert tracker.total == 45 and tracker.submitted == 30 and tracker.draft == 4
    assert len(tracker.per_day) > 1
    assert demo.load() == []
    assert Response.objects.filter(consultation=roles).count() == 34
    page = client_for(roles.owner).get(reverse("members:consultation-summary", args=[roles.pk])).content.decode()
    assert "30 submitted responses" in page


def test_the_tracker_offers_a_reminder_to_non_responders_while_open(client_for, owner):
    consultation = ConsultationFactory(owner=owner)
    MemberFactory()
    page = client_for(owner).get(reverse("members:consultation-tracker", args=[consultation.pk])).content.decode()
    assert f'action="{reverse("members:consultation-remind", args=[consultation.pk])}"' in page
    consultation.state = ConsultationState.CLOSED
    consultation.save()
    page = client_for(owner).get(reverse("members:consultation-tracker", args=[consultation.pk])).content.decode()
    assert "Remind members who have not responded" not in page


def test_the_summary_has_a_printable_version(client_for, owner, consultation):
    page = client_for(owner).get(reverse("members:consultation-summary", args=[consultation.pk]) + "?print=1")
    html = page.content.decode()
    assert page.status_code == 200 and "css/summary-print.css" in html and 'media="print"' in html


def test_the_owner_makes_a_pdf_of_the_summary_for_committee_through_the_pack_engine(
    client_for, owner, consultation, settings, tmp_path, django_capture_on_commit_callbacks
):
    """A printable summary (PDF through the pack machinery) that can go to committee as a supporting
    document: built by the owner, the same answers as the summary page, drafts left out."""
    import subprocess

    import pikepdf

    from council.packs.models import PackVersion

    settings.MEDIA_ROOT = tmp_path / "media"
    client = client_for(owner)
    with django_capture_on_commit_callbacks(execute=True):  # the build task runs after commit
        built = client.post(reverse("packs:build", args=["consultation-summary", consultation.pk, "summary"]))
    assert built.status_code == 302

    version = PackVersion.objects.get(kind="consultation-summary", object_id=str(consultation.pk))
    page = client.get(reverse("members:consultation-summary", args=[consultation.pk])).content.decode()
    assert "Download the summary as a PDF" in page
    download = client.get(reverse("packs:download", args=["consultation-summary", consultation.pk, "summary"]))
    path = tmp_path / "summary.pdf"
    path.write_bytes(b"".join(download.streaming_content) if download.streaming else download.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    assert "Consultation summary: Member roles in commissioning" in text
    assert "2 submitted responses" in text and "Library hours" in text and "Alan McLain, Riverside" in text
    assert "DRAFT SECRET" not in text
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert len(pdf.pages) == version.pages


def test_only_managers_make_the_summary_pdf_and_members_read_it_once_published(client_for, owner, consultation):
    member = MemberFactory()
    build = reverse("packs:build", args=["consultation-summary", consultation.pk, "summary"])
    assert client_for(member.user).post(build).status_code in (403, 404)
    page = client_for(owner).get(reverse("members:consultation-summary", args=[consultation.pk])).content.decode()
    assert "Make a PDF of the summary" in page
