"""Search: the index kept current, stemming and ranking, filters, pages, the hit inside a PDF that
names its page, the error pattern, and a constant number of queries. (Exempt text:
tests/test_record_search_exempt.py.)"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from council import permissions
from council.roles import Role
from record.models import SearchEntry
from record.selectors.search import START, STOP, Part, SearchFilters, find, page_hits, parts, search
from scrutiny import services
from scrutiny.models import DocumentPageText, SupportingDocument
from scrutiny.services.document_text import document_text_extract, documents_awaiting_text
from tests.factories import BodyFactory, ConsultationFactory, MeetingFactory, UserFactory
from tests.factories.commissioning import ReviewFactory
from tests.search_kit import add_report, pdf_upload, published_meeting

pytestmark = pytest.mark.django_db
ANYONE = AnonymousUser()
URL = reverse("record:search")


@pytest.fixture
def body():
    return BodyFactory(name="Health Scrutiny Committee")


@pytest.fixture
def clerk(body):
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", clerk, body)
    return clerk


def titles(results):
    return [entry.title for entry in results]


# --- The index kept current -------------------------------------------------------------------


def test_an_agenda_item_is_indexed_when_saved_changed_and_removed(body, clerk):
    meeting = published_meeting(body, clerk, items=["Hospital discharge arrangements"])
    item = meeting.items.get(title="Hospital discharge arrangements")
    assert titles(search(ANYONE, "discharge")) == ["Hospital discharge arrangements"]

    item.title = "Hospital admissions"
    item.save()
    assert titles(search(ANYONE, "discharge")) == []
    assert titles(search(ANYONE, "admissions")) == ["Hospital admissions"]

    SupportingDocument.objects.filter(item=item).delete()
    item.delete()
    assert not SearchEntry.objects.filter(kind="item", object_id=item.pk).exists()


def test_the_rebuild_writes_the_same_index(body, clerk):
    published_meeting(body, clerk, items=["Dental access"])
    before = set(SearchEntry.objects.values_list("kind", "object_id", "page", "title"))
    SearchEntry.objects.all().delete()
    call_command("search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = set(SearchEntry.objects.values_list("kind", "object_id", "page", "title"))
    assert before == after
    assert titles(search(ANYONE, "dental")) == ["Dental access"]


# --- Words, ranking, snippets ------------------------------------------------------------------


def test_english_stemming_finds_other_forms_of_a_word(body, clerk):
    published_meeting(body, clerk, items=["Review of day services"])
    assert titles(search(ANYONE, "reviews")) == ["Review of day services"]
    assert titles(search(ANYONE, "reviewing")) == ["Review of day services"]


def test_a_match_in_the_title_ranks_above_one_in_the_text(body, clerk):
    def paper(item):
        if item.title == "Budget monitoring":
            add_report(item, clerk, "Finance report", ["The quarterly figures for the transport service."])

    published_meeting(body, clerk, items=["Budget monitoring", "Transport strategy"], hook=paper)
    ranked = [(entry.kind, entry.title) for entry in search(ANYONE, "transport")]
    assert ranked[0] == ("item", "Transport strategy")
    assert ("page", "Finance report") in ranked


def test_phrases_and_exclusions_follow_web_search_syntax(body, clerk):
    published_meeting(body, clerk, items=["Adult social care", "Social housing", "Care homes"])
    assert titles(search(ANYONE, '"social care"')) == ["Adult social care"]
    assert set(titles(search(ANYONE, "care -social"))) == {"Care homes"}


def test_the_snippet_marks_the_words_found(body, clerk):
    def paper(item):
        add_report(item, clerk, "Winter plan", ["Hospital beds will be added before winter pressures peak."])

    published_meeting(body, clerk, hook=paper)
    [hit] = page_hits(ANYONE, "pressure", search(ANYONE, "pressure").filter(kind="page"))
    assert Part("pressures", True) in parts(hit.snippet)


def test_parts_split_the_snippet_and_leave_an_unpaired_marker_as_text():
    assert parts(f"a {START}b{STOP} c") == [Part("a ", False), Part("b", True), Part(" c", False)]
    assert parts(f"a {STOP} b {START}c") == [Part(f"a {STOP} b {START}c", False)]
    assert parts("") == []


def test_markup_in_a_paper_is_shown_as_text(client, body, clerk):
    def paper(item):
        add_report(item, clerk, "<script>window.__xss=1</script>", ["Parking fees < 5 & <b>more</b>"])

    published_meeting(body, clerk, hook=paper)
    html = client.get(URL, {"q": "parking"}).content.decode()
    assert "<script>window.__xss" not in html and "<b>more" not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;, page 1" in html  # the title, as text
    assert "<mark>Parking</mark> fees &lt; 5 &amp;" in html  # only the words found are marked


# --- A hit inside a PDF names its page ----------------------------------------------------------


def test_a_phrase_on_the_second_page_of_a_report_names_the_page(client, body, clerk):
    documents = []

    def paper(item):
        documents.append(
            add_report(item, clerk, "Annual public health report", ["Introduction", "Obesity rates fell in Riverside"])
        )

    meeting = published_meeting(body, clerk, hook=paper)
    document = documents[0]
    assert list(document.pages.values_list("number", "text")) == [
        (1, "Introduction"),
        (2, "Obesity rates fell in Riverside"),
    ]
    response = client.get(URL, {"q": '"obesity rates"'})
    html = response.content.decode()
    assert "1 result for" in html
    link = reverse("scrutiny:document-open", args=[meeting.pk, document.pk]) + "#page=2"
    assert f'href="{link}"' in html
    assert "Annual public health report, page 2" in html


def test_the_text_is_extracted_after_the_upload_commits(body, clerk, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(body=body)
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Air quality")
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_add(
            item=item, upload=pdf_upload("air.pdf", ["Nitrogen dioxide levels"]), title="Air", kind="report", by=clerk
        )
    document.refresh_from_db()
    assert document.text_extracted_at is not None
    assert search(clerk, "nitrogen").filter(kind="page").exists()  # the clerk: the agenda is not yet published
    assert not search(ANYONE, "nitrogen").exists()


def test_a_document_the_worker_missed_is_found_by_the_beat(body, clerk):
    meeting = MeetingFactory(body=body)
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Air quality")
    document = services.document_add(  # no on-commit callbacks run: as if the worker were down
        item=item, upload=pdf_upload("air.pdf", ["Particulates"]), title="Air", kind="report", by=clerk
    )
    assert documents_awaiting_text(older_than=datetime.timedelta(0)) == [document.pk]
    from scrutiny.tasks import extract_missing_document_text

    SupportingDocument.objects.filter(pk=document.pk).update(
        uploaded_at=document.uploaded_at - datetime.timedelta(hours=1)
    )
    assert extract_missing_document_text() == 1
    assert DocumentPageText.objects.get(document=document).text == "Particulates"
    assert documents_awaiting_text(older_than=datetime.timedelta(0)) == []
    assert document_text_extract(document_id=document.pk) is None  # twice is harmless


def test_a_damaged_pdf_gives_no_text_and_no_error(body, clerk):
    meeting = MeetingFactory(body=body)
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Air quality")
    document = services.document_add(
        item=item, upload=pdf_upload("air.pdf", ["Fine"]), title="Air", kind="report", by=clerk
    )
    document.file.save("broken.pdf", ContentFile(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage"), save=True)
    assert document_text_extract(document_id=document.pk) == 0
    document.refresh_from_db()
    assert document.text_extracted_at is not None
    assert not document.pages.exists()


def test_extraction_is_capped_in_pages_and_characters(body, clerk, settings):
    settings.SEARCH_PDF_MAX_PAGES = 2
    settings.SEARCH_PDF_MAX_PAGE_CHARS = 10
    meeting = MeetingFactory(body=body)
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Long")
    document = services.document_add(
        item=item,
        upload=pdf_upload("long.pdf", ["first page of text", "second page", "third page"]),
        title="Long",
        kind="report",
        by=clerk,
    )
    assert document_text_extract(document_id=document.pk) == 2
    assert list(document.pages.values_list("text", flat=True)) == ["first page", "second pag"]


# --- Filters and pages --------------------------------------------------------------------------


def test_filters_by_committee_date_and_type(body, clerk):
    other = BodyFactory(name="Planning Committee")
    other_clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", other_clerk, other)
    recent = published_meeting(body, clerk, days_ago=5, items=["Library opening hours"])
    published_meeting(body, clerk, days_ago=400, items=["Library closures"])
    published_meeting(other, other_clerk, days_ago=5, items=["Library extension planning application"])

    assert len(search(ANYONE, "library")) == 3
    assert set(titles(search(ANYONE, "library", SearchFilters(body_id=other.pk)))) == {
        "Library extension planning application"
    }
    since = recent.date - datetime.timedelta(days=1)
    assert set(titles(search(ANYONE, "library", SearchFilters(date_from=since, body_id=body.pk)))) == {
        "Library opening hours"
    }
    assert set(titles(search(ANYONE, "library", SearchFilters(date_to=since, body_id=body.pk)))) == {"Library closures"}
    assert list(search(ANYONE, "library", SearchFilters(kinds=("minute",)))) == []


def test_the_page_filters_and_pages_keep_the_query(client, body, clerk):
    published_meeting(body, clerk, items=[f"Parks report {n}" for n in range(25)])
    response = client.get(URL, {"q": "parks", "body": body.pk, "kind": "item"})
    html = response.content.decode()
    assert "25 results for" in html
    assert "Page 1 of 2" in html
    assert "q=parks" in html and "page=2" in html
    second = client.get(URL, {"q": "parks", "body": body.pk, "kind": "item", "page": 2}).content.decode()
    assert "Page 2 of 2" in second
    assert 'value="parks"' in second


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Enter what you are looking for"),
        ({"q": "   "}, "Enter what you are looking for"),
        ({"q": "x" * 201}, "What you are looking for must be 200 characters or fewer"),
        ({"q": "parks", "date_from": "2026-02-31"}, "Enter the from date as a real date"),
        ({"q": "parks", "date_from": "2026-03-01", "date_to": "2026-02-01"}, "The to date must be the same as"),
        ({"q": "parks", "kind": "nonsense"}, "Choose types from the list"),
    ],
)
def test_bad_input_gets_the_error_pattern_and_keeps_what_was_typed(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: " in html
    if params["q"].strip() and len(params["q"]) <= 200:
        assert f'value="{params["q"]}"' in html


def test_the_empty_page_asks_without_an_error(client):
    html = client.get(URL).content.decode()
    assert "There is a problem" not in html
    assert "Search the council" in html


# --- Who finds what beyond scrutiny -------------------------------------------------------------


def test_public_consultations_only_and_reviews_for_those_who_may_see_them():
    ConsultationFactory(title="Allotments consultation", public=True, state="open")
    ConsultationFactory(title="Allotments draft", public=False, state="open")
    review = ReviewFactory(title="Allotments service review")
    officer = review.lead_officer
    assert titles(search(ANYONE, "allotments")) == ["Allotments consultation"]
    assert "Allotments service review" in titles(search(officer, "allotments"))
    assert "Allotments service review" not in titles(search(UserFactory(), "allotments"))  # signed in, no role


# --- Many results -------------------------------------------------------------------------------


def test_a_common_word_shows_its_newest_matches_newest_first_and_says_so(client, body, clerk, monkeypatch):
    """Nobody reads a thousand results: a word found in more places than ``MAX_RESULTS`` pages
    only its newest matches, newest first (not ranked: decision 0047), and says so."""
    monkeypatch.setattr("record.selectors.search.MAX_RESULTS", 2)
    published_meeting(body, clerk, days_ago=400, items=["Allotment waiting list"])
    published_meeting(body, clerk, days_ago=20, items=["Allotment allotment allotment rents"])
    published_meeting(body, clerk, days_ago=5, items=["Allotment water supply"])

    found = find(ANYONE, "allotment")
    assert found.more and found.newest_first
    assert titles(found.entries) == ["Allotment water supply", "Allotment allotment allotment rents"]
    page = client.get(URL, {"q": "allotment"}).content.decode()
    assert "More than 2 results for" in page
    assert "Showing the newest 2, newest first." in page
    assert "Allotment waiting list" not in page
    assert page.index("Allotment water supply") < page.index("Allotment allotment allotment rents")

    ranked = find(ANYONE, "rents")  # within the cap: best first, and nothing said about the newest
    assert not ranked.more and not ranked.newest_first
    assert "newest first" not in client.get(URL, {"q": "rents"}).content.decode()

    exact = find(ANYONE, "rents")
    assert not exact.more
    assert exact.total == 1
    assert "1 result for" in client.get(URL, {"q": "rents"}).content.decode()


@pytest.mark.parametrize("walk_from", [0, 10**9], ids=["walking-the-date-index", "through-the-gin-index"])
def test_the_newest_matches_are_the_same_whichever_way_they_are_read(body, clerk, monkeypatch, walk_from):
    """A common word's newest matches are read by walking the date index, a rarer one's through the
    GIN index and a sort (decision 0047): the same matches, newest first, within the cap."""
    monkeypatch.setattr("record.selectors.search.MAX_RESULTS", 2)
    monkeypatch.setattr("record.selectors.search.WALK_FROM", walk_from)
    published_meeting(body, clerk, days_ago=400, items=["Allotment waiting list"])
    published_meeting(body, clerk, days_ago=20, items=["Allotment rents"])
    published_meeting(body, clerk, days_ago=5, items=["Allotment water supply"])
    published_meeting(body, clerk, days_ago=3, items=["Water meters"], hook=_exempt_item(clerk, "Allotment lease"))

    public = find(ANYONE, "allotment")
    assert public.more
    assert set(titles(public.entries)) == {"Allotment rents", "Allotment water supply"}
    assert set(titles(search(clerk, "allotment"))) == {"Allotment water supply", "Allotment lease"}
    earlier = SearchFilters(date_to=timezone.localdate() - datetime.timedelta(days=10))
    assert set(titles(search(ANYONE, "allotment", earlier))) == {"Allotment rents", "Allotment waiting list"}


def test_a_signed_in_persons_hits_not_public_join_the_newest_matches(body, clerk, monkeypatch):
    """The rows the public may not see that the clerk may (an exempt item) are merged, newest
    first, with the public's, within the same cap."""
    monkeypatch.setattr("record.selectors.search.MAX_RESULTS", 2)
    published_meeting(body, clerk, days_ago=400, items=["Allotment waiting list"])
    published_meeting(body, clerk, days_ago=20, items=["Allotment rents"])
    published_meeting(
        body, clerk, days_ago=5, items=["Water supply"], hook=_exempt_item(clerk, "Allotment lease terms")
    )

    assert set(titles(search(clerk, "allotment"))) == {"Allotment rents", "Allotment lease terms"}
    assert set(titles(search(ANYONE, "allotment"))) == {"Allotment rents", "Allotment waiting list"}
    assert set(titles(search(UserFactory(), "allotment"))) == {"Allotment rents", "Allotment waiting list"}


def test_when_the_publics_matches_fill_the_results_only_newer_rows_not_public_join(body, clerk, monkeypatch):
    monkeypatch.setattr("record.selectors.search.MAX_RESULTS", 2)
    published_meeting(body, clerk, days_ago=500, items=["Water supply"], hook=_exempt_item(clerk, "Allotment sale"))
    for days_ago in (400, 20, 10):
        published_meeting(body, clerk, days_ago=days_ago, items=[f"Allotment report {days_ago}"])
    published_meeting(body, clerk, days_ago=5, items=["Water meters"], hook=_exempt_item(clerk, "Allotment lease"))

    found = find(clerk, "allotment")
    assert set(titles(found.entries)) == {"Allotment lease", "Allotment report 10"}
    assert found.more


def _exempt_item(clerk, *titles):
    """A ``published_meeting`` hook: add exempt items with ``titles`` before the agenda is published."""

    def hook(item):
        if item.position == 1:
            for title in titles:
                services.agenda_item_add(
                    meeting=item.meeting,
                    by=clerk,
                    title=title,
                    exempt=True,
                    exempt_paragraph=3,
                    public_interest_reason="Commercial terms",
                )

    return hook


# --- Queries ------------------------------------------------------------------------------------


def _queries(client, django_assert_max_num_queries, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.logout()
    if user:
        client.force_login(user)
    client.get(URL, {"q": "parks"})  # warm
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"q": "parks"}).status_code == 200
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_results(client, body, clerk, django_assert_max_num_queries):
    published_meeting(body, clerk, items=["Parks report"])
    few = {
        who: _queries(client, django_assert_max_num_queries, user) for who, user in (("public", None), ("clerk", clerk))
    }
    published_meeting(body, clerk, days_ago=30, items=[f"Parks report {n}" for n in range(30)])
    many = {
        who: _queries(client, django_assert_max_num_queries, user) for who, user in (("public", None), ("clerk", clerk))
    }
    assert few == many
    # One more than before the estimate of how common the words are (decision 0047).
    assert few["public"] <= 5


def test_a_signed_in_search_asks_the_same_number_of_queries_however_many_exempt_hits(
    client, body, clerk, django_assert_max_num_queries
):
    """A signed-in person's live rule is asked of the matching rows not public in one query,
    whatever their number (decision 0031)."""
    published_meeting(body, clerk, items=["Parks report"], hook=_exempt_item(clerk, "Parks lease"))
    few = _queries(client, django_assert_max_num_queries, clerk)
    leases = [f"Parks lease {n}" for n in range(20)]
    published_meeting(body, clerk, days_ago=30, items=["Water supply"], hook=_exempt_item(clerk, *leases))
    assert _queries(client, django_assert_max_num_queries, clerk) == few
