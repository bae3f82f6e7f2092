"""The accessibility statement has what the Public Sector Bodies (Websites and Mobile Applications)
(No. 2) Accessibility Regulations 2018 require, following the GOV.UK model statement."""

import datetime
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REQUIRED_SECTIONS = [
    "Who runs this service",
    "How accessible this service is",
    "Asking for information in an accessible format",
    "Reporting accessibility problems with this service",
    "Enforcement procedure",
    "Technical information about this service's accessibility",
    "Compliance status",
    "Non-accessible content",
    "Non-compliance with the accessibility regulations",
    "Disproportionate burden",
    "Content that's not within the scope of the accessibility regulations",
    "Preparation of this accessibility statement",
]


def _statement(client) -> str:
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def _headings(page: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).replace("&#x27;", "'").strip() for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page)
    ]


def test_the_statement_has_every_section_the_regulations_require(client):
    headings = _headings(_statement(client))
    for section in REQUIRED_SECTIONS:
        assert section in headings, section


def test_the_statement_is_honest_about_compliance_and_names_what_is_not_accessible(client):
    page = _statement(client)
    assert "partially compliant with the" in page and "Web Content Accessibility Guidelines version 2.2</a> AA" in page
    assert "uploaded as PDFs may have no tags" in page
    assert "1.3.1 (info and relationships)" in page
    assert "published before 23 September 2018" in page
    assert "We are not claiming disproportionate burden" in page


def test_the_enforcement_procedure_names_the_ehrc_the_ecni_and_the_eass(client):
    page = _statement(client)
    assert "Equality and Human Rights Commission (EHRC)" in page
    assert "Equality Commission for Northern Ireland (ECNI)" in page
    assert "Equality Advisory and Support Service (EASS)" in page


def test_contact_reply_time_and_review_date_come_from_the_settings(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "access@northbridge.example"
    settings.ACCESSIBILITY_CONTACT_PHONE = "01632 960000"
    settings.ACCESSIBILITY_REPLY_WORKING_DAYS = 3
    settings.ACCESSIBILITY_LAST_REVIEWED = datetime.date(2027, 3, 1)

    page = _statement(client)

    assert 'href="mailto:access@northbridge.example"' in page and "call 01632 960000" in page
    assert "get back to you within 3 working days" in page
    assert 'last reviewed on <time datetime="2027-03-01">1 March 2027</time>' in page
    assert "prepared on 7 December 2026" in page


def test_the_statement_says_how_the_service_was_tested(client):
    page = _statement(client)
    assert "axe-core" in page and "Playwright" in page
    assert "320 CSS pixels" in page and "keyboard" in page
    assert "not yet been audited by an accessibility specialist" in page
    assert "a resident finding the next meeting from the public home" in page


def test_the_default_settings(settings):
    from council.settings import base

    assert base.ACCESSIBILITY_REPLY_WORKING_DAYS == 5
    assert base.ACCESSIBILITY_CONTACT_EMAIL == base.DEFAULT_FROM_EMAIL
    assert isinstance(base.ACCESSIBILITY_LAST_REVIEWED, datetime.date)
