"""Every cell of docs/permissions.md, checked against the running app."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from council.roles import Role
from members.models import BodyKind
from tests.factories import BodyFactory, MemberFactory, MembershipFactory, UserFactory

MATRIX = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
PUBLIC = "Public"


def read_matrix() -> dict[str, dict[str, str]]:
    lines = [line for line in MATRIX.read_text().splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        key = re.sub(r"`", "", cells[0])
        rows[key] = dict(zip(header[2:], cells[2:], strict=True))
    return rows


def _body(kind=BodyKind.OVERVIEW_SCRUTINY):
    return BodyFactory(kind=kind)


# Each capability: build what it needs, then make the request. Returns (response, success status).
def councillors_view(client, person):
    from tests.factories import MemberFactory

    member = MemberFactory()
    return client.get(reverse("members:councillor-detail", args=[member.pk]))


def committees_view(client, person, body=None):
    body = body or _body()
    return client.get(reverse("members:body-detail", args=[body.slug]))


def committees_view_internal(client, person):
    return committees_view(client, person, _body(BodyKind.WORKING_GROUP))


def dashboard_view(client, person):
    return client.get(reverse("home"))


def committees_add(client, person):
    return client.post(
        reverse("members:body-add"), {"name": "Audit and Governance Committee", "kind": BodyKind.OVERVIEW_SCRUTINY}
    )


def committees_edit(client, person, body=None):
    body = body or _body()
    return client.post(
        reverse("members:body-update", args=[body.slug]), {"name": f"{body.name} (renamed)", "kind": body.kind}
    )


def committees_members(client, person, body=None):
    """Add a member, then end another's membership: both allowed or both refused."""
    body = body or _body()
    seated = MembershipFactory(body=body)
    added = client.post(
        reverse("members:membership-add", args=[body.slug]),
        {"person": MemberFactory().user.pk, "role": "member", "start_date": "2025-05-20"},
    )
    ended = client.post(reverse("members:membership-end", args=[body.slug, seated.pk]), {"end_date": "2026-05-31"})
    return _same_answer(added, ended)


def committees_clerks(client, person, body=None):
    """Assign a colleague in Democratic Services as a clerk, then remove them again."""
    body = body or _body()
    colleague = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    assigned = client.post(reverse("members:body-clerks", args=[body.slug]), {"clerk": colleague.pk})
    removed = client.post(reverse("members:body-clerk-remove", args=[body.slug, colleague.pk]))
    return _same_answer(assigned, removed)


def _same_answer(first, second):
    assert (first.status_code, allowed(first)) == (second.status_code, allowed(second))
    return second


def committees_history(client, person):
    body = _body()
    return client.get(reverse("history", args=["members", "body", body.pk]))


def _meeting(body=None, kind=BodyKind.OVERVIEW_SCRUTINY):
    from tests.factories import MeetingFactory

    return MeetingFactory(body=body or _body(kind))


def meetings_view(client, person):
    return client.get(_meeting().get_absolute_url())


def meetings_view_internal(client, person):
    return client.get(_meeting(kind=BodyKind.WORKING_GROUP).get_absolute_url())


def meetings_manage(client, person, body=None):
    meeting = _meeting(body)
    return client.post(
        reverse("scrutiny:meeting-update", args=[meeting.pk]),
        {"day": "2027-03-04", "start_time": "18:00", "venue": "Committee Room 2"},
    )


def agenda_manage(client, person, body=None):
    meeting = _meeting(body)
    return client.post(reverse("scrutiny:item-add", args=[meeting.pk]), {"title": "Budget", "kind": "report"})


def attendance_record(client, person, body=None):
    """Save the register of a meeting under way (its day has come, so recording is allowed)."""
    import datetime

    from django.utils import timezone

    from tests.factories import MeetingFactory

    meeting = MeetingFactory(body=body or _body(), starts_at=timezone.now() - datetime.timedelta(hours=1))
    return client.post(reverse("scrutiny:attendance-record", args=[meeting.pk]), {})


def _papers(body=None, *, exempt=False, published=True):
    """A meeting with one item and one PDF under it; the caller removes the stored file."""
    from scrutiny import services
    from tests.factories import MeetingFactory
    from tests.test_documents import pdf_bytes, upload

    meeting = MeetingFactory(body=body or _body())
    clerk = UserFactory()
    fields = {"exempt": True, "exempt_paragraph": 1, "public_interest_reason": "A named person"} if exempt else {}
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Care contract", **fields)
    document = services.document_add(item=item, upload=upload(pdf_bytes()), title="Report", kind="report", by=clerk)
    if published:
        services.agenda_publish(meeting=meeting, by=clerk)
    return meeting, item, document


def _without_file(response, *documents):
    for document in documents:
        document.file.storage.delete(document.file.name)
    return response


def documents_view(client, person):
    meeting, _, document = _papers()
    return _without_file(client.get(reverse("scrutiny:document-open", args=[meeting.pk, document.pk])), document)


def documents_upload(client, person, body=None):
    from scrutiny.models import SupportingDocument
    from tests.test_documents import pdf_bytes, upload

    meeting, item, document = _papers(body, published=False)
    response = client.post(
        reverse("scrutiny:document-add", args=[meeting.pk, item.pk]),
        {"title": "Appendix A", "kind": "appendix", "file": upload(pdf_bytes())},
    )
    return _without_file(response, *SupportingDocument.objects.filter(item=item))


def documents_exempt_open(client, person, body=None):
    """For a clerk, "own" is a committee they clerk; for anyone else it is a seat on the committee
    (a current membership), not a clerk's grant, which is taken back here."""
    from council import permissions

    own = body is not None and permissions.can(person, "members.change_body", body)
    if own and not permissions.has_role(person, Role.DEMOCRATIC_SERVICES):
        permissions.revoke("members.change_body", person, body)
        MembershipFactory(body=body, person=person)
    meeting, _, document = _papers(body, exempt=True)
    return _without_file(client.get(reverse("scrutiny:document-open", args=[meeting.pk, document.pk])), document)


def documents_access_log(client, person, body=None):
    meeting = _meeting(body)
    return client.get(reverse("scrutiny:exempt-access", args=[meeting.pk]))


def minutes_write(client, person, body=None):
    """Write the minute of an item at a meeting that has been held."""
    import datetime

    from django.utils import timezone

    from scrutiny import services
    from scrutiny.models import AgendaItem
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(body=body or _body(), starts_at=timezone.now() - datetime.timedelta(days=1))
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Strategic Commissioning")
    # Only published business is minuted (LGA 1972 s.100B): published on time, then held.
    clerk = UserFactory()
    services.agenda_publish(meeting=meeting, by=clerk, today=meeting.date - datetime.timedelta(days=14))
    services.meeting_mark_held(meeting=meeting, by=clerk)
    return client.post(reverse("scrutiny:minute-write", args=[meeting.pk, item.pk]), {"text": "The report was noted."})


def work_programme_view(client, person):
    return client.get(reverse("scrutiny:work-programme", args=[_body().slug]))


def publications_check(client, person):
    """Check a file against the publication records: anyone, signed in or not."""
    return client.post(reverse("scrutiny:publication-check"), {"sha256": "0" * 64})


def people_view(client, person):
    return client.get(reverse("people"))


def people_add(client, person):
    return client.post(
        reverse("person-add"), {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@northbridge.example"}
    )


def people_roles(client, person):
    other = UserFactory()
    return client.post(reverse("person-roles", args=[other.pk]), {"roles": [Role.OFFICER.value]})


def people_history(client, person):
    other = UserFactory()
    return client.get(reverse("history", args=["council", "user", other.pk]))


CAPABILITIES = {
    "councillors.view": councillors_view,
    "committees.view": committees_view,
    "committees.view-internal": committees_view_internal,
    "dashboard.view": dashboard_view,
    "committees.add": committees_add,
    "committees.edit": committees_edit,
    "committees.members": committees_members,
    "committees.clerks": committees_clerks,
    "committees.history": committees_history,
    "meetings.view": meetings_view,
    "meetings.view-internal": meetings_view_internal,
    "meetings.manage": meetings_manage,
    "agenda.manage": agenda_manage,
    "attendance.record": attendance_record,
    "documents.view": documents_view,
    "documents.upload": documents_upload,
    "documents.exempt-open": documents_exempt_open,
    "documents.access-log": documents_access_log,
    "minutes.write": minutes_write,
    "work-programme.view": work_programme_view,
    "publications.check": publications_check,
    "people.view": people_view,
    "people.add": people_add,
    "people.roles": people_roles,
    "people.history": people_history,
}

# Later capabilities keep their checks in their own modules (tests/matrix_*.py), each with a
# CAPABILITIES dict like the one above. Their "own" checks take ``own=True`` (the person's own
# object: e.g. a review whose board they sit on) or ``own=False`` (someone else's) instead of a body.
OWN_FLAG_KEYS: set[str] = set()
for _path in sorted(Path(__file__).resolve().parent.glob("matrix_*.py")):
    _module = __import__(f"tests.{_path.stem}", fromlist=["CAPABILITIES"])
    CAPABILITIES.update(_module.CAPABILITIES)
    OWN_FLAG_KEYS.update(_module.CAPABILITIES)

# What a signed-in person gets for an object that is not theirs, where it is not "not found": an
# exempt paper is listed on the public agenda by title and paragraph, so it is refused, not hidden.
OTHERS_OBJECT = {"documents.exempt-open": 403}

MATRIX_ROWS = read_matrix()
CELLS = [(key, column, cell) for key, row in MATRIX_ROWS.items() for column, cell in row.items()]


def test_matrix_and_checks_name_the_same_capabilities():
    assert set(MATRIX_ROWS) == set(CAPABILITIES)
    for row in MATRIX_ROWS.values():
        assert set(row) == {PUBLIC, *[role.value for role in Role]}
        assert set(row.values()) <= {"yes", "no", "own"}


def allowed(response) -> bool:
    if response.status_code == 200:
        return True
    # A successful form post redirects to what it changed, never to the sign-in page.
    return response.status_code == 302 and "/accounts/login/" not in response["Location"]


def assert_denied(response, signed_in: bool):
    if signed_in:
        assert response.status_code in (403, 404), response.status_code
    else:
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "column", "cell"), CELLS, ids=[f"{k}-{c}" for k, c, _ in CELLS])
def test_permission_matrix_cell(client, key, column, cell):
    person = None
    if column != PUBLIC:
        person = UserFactory(roles=[column])
        client.force_login(person)
    check = CAPABILITIES[key]
    if cell == "yes":
        assert allowed(check(client, person))
    elif cell == "no":
        assert_denied(check(client, person), signed_in=person is not None)
    elif key in OWN_FLAG_KEYS:
        assert allowed(check(client, person, own=True))
        response = check(client, person, own=False)
        assert_denied(response, signed_in=True)
    else:  # own: allowed on what is assigned to them, not found elsewhere
        from council import permissions

        own, other = _body(), _body()
        permissions.grant("members.change_body", person, own)
        assert allowed(check(client, person, body=own))
        response = check(client, person, body=other)
        assert response.status_code == OTHERS_OBJECT.get(key, 404)
