"""Every cell of docs/permissions.md, checked against the running app."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from council.roles import Role
from members.models import Body, BodyKind, Membership
from tests.factories import BodyFactory, MemberFactory, MembershipFactory, UserFactory
from tests.matrix import agree, allowed, outcome, refused_on_the_form

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


# Each capability: build what it needs, then make the request and return its response; a POST's
# response says whether its change happened (``outcome``).
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
    response = client.post(
        reverse("members:body-add"), {"name": "Audit and Governance Committee", "kind": BodyKind.OVERVIEW_SCRUTINY}
    )
    return outcome(response, Body.objects.filter(name="Audit and Governance Committee").exists())


def committees_edit(client, person, body=None):
    body = body or _body()
    response = client.post(
        reverse("members:body-edit", args=[body.slug]), {"name": f"{body.name} (renamed)", "kind": body.kind}
    )
    return outcome(response, Body.objects.filter(pk=body.pk, name__endswith="(renamed)").exists())


def committees_members(client, person, body=None):
    """Add a member, then end another's membership: both allowed or both refused."""
    body = body or _body()
    seated = MembershipFactory(body=body)
    newcomer = MemberFactory().user
    added = client.post(
        reverse("members:membership-add", args=[body.slug]),
        {"person": newcomer.pk, "role": "member", "start_date": "2025-05-20"},
    )
    outcome(added, Membership.objects.filter(body=body, person=newcomer).exists())
    ended = client.post(reverse("members:membership-end", args=[body.slug, seated.pk]), {"end_date": "2026-05-31"})
    outcome(ended, Membership.objects.filter(pk=seated.pk, end_date="2026-05-31").exists())
    return _same_answer(added, ended)


def committees_clerks(client, person, body=None):
    """Assign a colleague in Democratic Services as a clerk, then remove them again."""
    body = body or _body()
    from council import permissions

    colleague = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])

    def clerks():
        return permissions.holders("members.change_body", body).filter(pk=colleague.pk).exists()

    assigned = outcome(client.post(reverse("members:body-clerks", args=[body.slug]), {"clerk": colleague.pk}), clerks())
    removed = client.post(reverse("members:body-clerk-remove", args=[body.slug, colleague.pk]))
    outcome(removed, assigned.changed and not clerks())
    return _same_answer(assigned, removed)


def _same_answer(first, second):
    return agree(first, second)


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
    response = client.post(
        reverse("scrutiny:meeting-edit", args=[meeting.pk]),
        {"day": "2027-03-04", "start_time": "18:00", "venue": "Committee Room 2"},
    )
    meeting.refresh_from_db()
    return outcome(response, meeting.venue == "Committee Room 2")


def agenda_manage(client, person, body=None):
    meeting = _meeting(body)
    response = client.post(reverse("scrutiny:item-add", args=[meeting.pk]), {"title": "Budget", "kind": "report"})
    return outcome(response, meeting.items.filter(title="Budget").exists())


def attendance_record(client, person, body=None):
    """Save the register of a meeting under way (its day has come, so recording is allowed)."""
    import datetime

    from django.utils import timezone

    from tests.factories import MeetingFactory

    meeting = MeetingFactory(body=body or _body(), starts_at=timezone.now() - datetime.timedelta(hours=1))
    seat = MembershipFactory(body=meeting.body)
    response = client.post(
        reverse("scrutiny:attendance-record", args=[meeting.pk]), {f"status_{seat.person_id}": "present"}
    )
    return outcome(response, meeting.attendances.filter(person=seat.person_id, status="present").exists())


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
    outcome(response, SupportingDocument.objects.filter(item=item, title="Appendix A").exists())
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
    from scrutiny.models import AgendaItem, Minute
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(body=body or _body(), starts_at=timezone.now() - datetime.timedelta(days=1))
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Strategic Commissioning")
    # Only published business is minuted (LGA 1972 s.100B): published on time, then held.
    clerk = UserFactory()
    services.agenda_publish(meeting=meeting, by=clerk, today=meeting.date - datetime.timedelta(days=14))
    services.meeting_mark_held(meeting=meeting, by=clerk)
    response = client.post(
        reverse("scrutiny:minute-write", args=[meeting.pk, item.pk]), {"text": "The report was noted."}
    )
    return outcome(response, Minute.objects.filter(item=item, text="The report was noted.").exists())


def work_programme_view(client, person):
    return client.get(reverse("scrutiny:work-programme", args=[_body().slug]))


def publications_check(client, person):
    """Check a file against the publication records: anyone, signed in or not. The page is the
    capability (a check changes nothing, so it is not counted as a POST; tests/test_security_publication_clock.py
    posts files and hashes to it)."""
    return client.get(reverse("scrutiny:publication-check"))


def people_view(client, person):
    return client.get(reverse("people"))


def people_add(client, person):
    from django.contrib.auth import get_user_model

    response = client.post(
        reverse("person-add"), {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@northbridge.example"}
    )
    return outcome(response, get_user_model().objects.filter(email="ada@northbridge.example").exists())


def people_roles(client, person):
    other = UserFactory()
    response = client.post(reverse("person-roles", args=[other.pk]), {"roles": [Role.OFFICER.value]})
    return outcome(response, other.groups.filter(name=Role.OFFICER.value).exists())


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


def assert_denied(response, signed_in: bool):
    """Refused: the 403 page or not found; for a POST also the form back with its errors and nothing
    changed (a rule the service enforces, such as separation of duties); the public is sent to sign in."""
    if signed_in:
        assert response.status_code in (403, 404) or refused_on_the_form(response), response.status_code
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
