"""What the register of interests tests share: a councillor, the Monitoring Officer, and entries
made through the services (so every entry in a test obeys the rules a real one does)."""

import datetime
import subprocess
import tempfile

from council.roles import Role
from members.models import InterestCategory, InterestHolder, InterestKind
from members.services import interests as services
from tests.factories import MemberFactory, UserFactory

TODAY = datetime.date(2026, 3, 2)


def councillor(**fields):
    return MemberFactory(**fields)


def monitoring_officer(**fields):
    return UserFactory(roles=[Role.MONITORING_OFFICER], **fields)


def interest(member, *, today=TODAY, **values):
    """A disclosable pecuniary interest of ``member`` (a Member), notified by them ``today``."""
    fields = {
        "kind": InterestKind.DISCLOSABLE_PECUNIARY,
        "category": InterestCategory.EMPLOYMENT,
        "holder": InterestHolder.MEMBER,
        "description": "Director, Northbridge Care Ltd",
        "organisation": "Northbridge Care Ltd",
        "became_aware_on": today - datetime.timedelta(days=3),
        **values,
    }
    return services.interest_add(person=member.user, by=member.user, today=today, **fields)


def sensitive(member, officer, *, details: str, partner_name: str = "", today=TODAY):
    """A partner's interest marked sensitive by ``officer``: both its details and the partner's name
    are things the published register must never show."""
    entry = interest(
        member,
        today=today,
        holder=InterestHolder.PARTNER if partner_name else InterestHolder.MEMBER,
        partner_name=partner_name,
        description=details,
        organisation=details,
        subjects=details,
        category=InterestCategory.LAND,
    )
    return services.interest_mark_sensitive(interest=entry, by=officer, reason=f"Threats of violence {details}")


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(["pdftotext", pdf.name, "-"], capture_output=True, check=True, text=True).stdout


def pdf_info(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(["pdfinfo", pdf.name], capture_output=True, check=True, text=True).stdout
