"""Nothing a person typed is ever marked safe (issue 11, finding 1).

A consultation owner's question help text once reached ``field.help_text|safe`` in the GOV.UK hint
template: a script in it ran as every councillor who opened the question. The first tests are that
attack; the last reads the whole codebase for ways to switch escaping off and allows only those
listed here with the reason each one is safe.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from members.models import QuestionKind
from tests.factories import ConsultationFactory, MemberFactory, QuestionFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
ESCAPED = "&lt;script&gt;window.__xss=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;"


@pytest.fixture
def hostile_consultation():
    consultation = ConsultationFactory(title="Roles in commissioning")
    for position, kind in enumerate((QuestionKind.FREE_TEXT, QuestionKind.MULTIPLE_CHOICE), start=1):
        question = QuestionFactory(
            consultation=consultation, position=position, kind=kind, text="What should members do?", help_text=PAYLOAD
        )
        if kind == QuestionKind.MULTIPLE_CHOICE:
            question.options.create(position=1, label="Workshops")
    return consultation


def assert_inert(html: str):
    assert "<script>window.__xss" not in html
    assert "<img src=x" not in html
    assert ESCAPED in html  # shown to the reader as the text it is


def test_a_script_in_question_help_text_is_shown_as_text_to_the_member_answering(client, hostile_consultation):
    client.force_login(MemberFactory().user)
    response = client.get(reverse("members:consultation-respond", args=[hostile_consultation.pk]))
    assert response.status_code == 200
    assert_inert(response.content.decode())


def test_a_script_in_question_help_text_is_shown_as_text_on_the_owners_pages(client, hostile_consultation):
    client.force_login(hostile_consultation.owner)
    question = hostile_consultation.questions.first()
    for url in (
        reverse("members:consultation-detail", args=[hostile_consultation.pk]),
        reverse("members:question-edit", args=[hostile_consultation.pk, question.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>window.__xss" not in html and "<img src=x" not in html, url


def test_a_script_in_a_consultation_title_is_escaped_in_the_html_email(django_capture_on_commit_callbacks):
    from django.core import mail

    from members.consultations.selectors.responses import Given
    from members.consultations.services.responses import response_submit

    consultation = ConsultationFactory(title=PAYLOAD)
    question = QuestionFactory(consultation=consultation, kind=QuestionKind.FREE_TEXT, help_text=PAYLOAD)
    member = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response_submit(
            consultation=consultation,
            member=member,
            answers={question.pk: Given(text=PAYLOAD)},
            based_on_version=0,
        )
    html, kind = mail.outbox[-1].alternatives[0]
    assert kind == "text/html"
    assert "<script>window.__xss" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_developer_written_help_text_is_escaped_too():
    """Help text is text: markup belongs in the template, never in help_text."""
    from django import forms

    class Form(forms.Form):
        name = forms.CharField(help_text="Use <b>bold</b> & more")

    html = str(Form()["name"].as_field_group())
    assert "Use &lt;b&gt;bold&lt;/b&gt; &amp; more" in html


# Every way of switching escaping off, found by reading the code.

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = re.compile(
    r"\|\s*safe(seq)?\b|\bfilter\s+safe\b|mark_safe\s*\(|format_html(_join)?\s*\(|autoescape\s+off|SafeString\s*\("
    r"|is_safe\s*=\s*True|needs_autoescape|safe_join"
    # In the service's own scripts: markup made from strings, and code made from strings.
    r"|innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\s*\(|new\s+Function"
)
#: file -> reason. Each is developer-written text, or a plain-text body that no browser renders.
ALLOWED = {
    # Plain-text email bodies and subjects (text/plain: no HTML is ever made from them).
    "templates/registration/invitation_email.txt": "plain-text email body",
    "templates/registration/invitation_subject.txt": "plain-text email subject",
    "templates/registration/password_reset_subject.txt": "plain-text email subject",
    "templates/registration/password_reset_email.html": (
        "Django's email_template_name: sent as the text/plain body (no html_email_template_name is set)"
    ),
    "templates/members/emails/consultation_invitation.txt": "plain-text email body",
    "templates/members/emails/consultation_reminder.txt": "plain-text email body",
    "templates/members/emails/consultation_thank_you.txt": "plain-text email body",
    "templates/members/emails/response_confirmation.txt": "plain-text email body",
    "templates/scrutiny/emails/recommendation_reminder.txt": "plain-text email body",
    "templates/executive/emails/urgency_request.txt": "plain-text email body",
    "templates/executive/emails/urgency_answer.txt": "plain-text email body",
    "templates/scrutiny/emails/interest_notice.txt": "plain-text email body (no HTML alternative is attached)",
    "templates/executive/emails/general_exception.txt": "plain-text email body",
    "templates/executive/emails/call_in_valid.txt": "plain-text email body",
    "templates/record/alerts/emails/alert.txt": "plain-text email body (the HTML part is its own, escaped, template)",
    "templates/record/alerts/emails/confirm.txt": "plain-text email body (the HTML part is its own template)",
    "templates/record/alerts/emails/already_subscribed.txt": "plain-text email body (the HTML part is its own)",
    "templates/record/alerts/emails/footer.txt": "the plain-text emails' footer, included only by them",
    "templates/scrutiny/emails/summons.txt": "plain-text email body (the HTML alternative is autoescaped)",
    # The pack fetcher's test of hostile HTML in a PDF template (never served to a browser).
    "tests/pack_templates/packs_test/hostile.html": "test fixture proving the PDF fetcher refuses hostile markup",
    # The pack build page swaps in its progress panel, rendered (and escaped) by a Django template.
    "static/js/packs.mjs": "innerHTML of packs/_build_panel.html, rendered server-side with autoescaping",
    # The import's progress page does the same with moderngov/_run_panel.html.
    "static/js/moderngov.mjs": "innerHTML of moderngov/_run_panel.html, rendered server-side with autoescaping",
    # This module names the patterns it looks for.
    "tests/test_security_xss.py": "the patterns themselves",
}
SEARCHED = (
    "council",
    "members",
    "scrutiny",
    "executive",
    "commissioning",
    "moderngov",
    "record",
    "templates",
    "tests",
    "static/js",
)


def _matches():
    for top in SEARCHED:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in {".py", ".html", ".txt", ".xml", ".svg", ".js", ".mjs"} or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for number, line in enumerate(text.splitlines(), start=1):
                if PATTERNS.search(line):
                    yield str(path.relative_to(ROOT)), number, line.strip()


def test_nothing_switches_escaping_off_except_the_allowed_plain_text_and_fixtures():
    unexplained = [f"{path}:{number}: {line}" for path, number, line in _matches() if path not in ALLOWED]
    assert unexplained == [], "Escaping switched off where a person's text may reach HTML:\n" + "\n".join(unexplained)


def test_every_allowed_file_still_needs_its_exception():
    used = {path for path, _, _ in _matches()}
    assert set(ALLOWED) - used == set()
