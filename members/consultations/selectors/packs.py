"""The printable summary of a consultation as a PDF, through the pack engine (council/packs):
a document the owner can send to a committee as a supporting document.

One edition, "summary": built by those who manage the consultation, downloaded by whoever may read
its summary (its managers, and its audience once the owner has published the summary).
"""

from django.conf import settings
from django.utils import timezone

from council.packs import HtmlPart, PackKind, PackSpec, register

from ...models import Consultation
from .. import access
from . import summary as summary_selectors

KIND = "consultation-summary"
EDITION = "summary"


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%-d %B %Y}, {local:%H:%M}"


def summary_context(consultation: Consultation) -> dict:
    """The summary as plain data (the engine hashes it to cache the rendered pages)."""
    respondents, questions = summary_selectors.summary(consultation)
    return {
        "council": settings.COUNCIL_NAME,
        "title": consultation.title,
        "purpose": consultation.purpose,
        "owner": consultation.owner.get_full_name(),
        "opens": _when(consultation.opens_at),
        "closes": _when(consultation.closes_at),
        "respondents": respondents,
        "published": consultation.summary_published_at is not None,
        "outcome": consultation.outcome if consultation.outcome_published_at else "",
        "questions": [
            {
                "number": number,
                "text": item.question.text,
                "answered": item.answered,
                "multiple": item.question.kind == "multiple",
                "counts": [{"label": c.label, "count": c.count, "percent": c.percent} for c in item.counts],
                "by_ward": [
                    {"ward": str(ward), "answers": [{"member": m.user.get_full_name(), "text": t} for m, t in answers]}
                    for ward, answers in item.by_ward
                ],
                "texts": [{"member": m.user.get_full_name(), "ward": m.ward.name, "text": t} for m, t in item.texts],
            }
            for number, item in enumerate(questions, start=1)
        ],
    }


def build_spec(consultation: Consultation, edition: str) -> PackSpec:
    title = f"Consultation summary: {consultation.title}"
    return PackSpec(
        title=title,
        author=str(settings.COUNCIL_NAME),
        subject=f"Members' responses to {consultation.title}",
        parts=(
            HtmlPart(
                key="summary",
                template="packs/consultation/summary.html",
                context=summary_context(consultation),
                bookmark="Summary of members' responses",
            ),
        ),
        filename=f"consultation-{consultation.pk}-summary.pdf",
    )


def register_summary_pack() -> None:
    register(
        PackKind(
            name=KIND,
            model=Consultation,
            build_spec=build_spec,  # type: ignore[arg-type]  # PackKind is not generic over its model
            can_build=lambda user, consultation, edition: access.can_manage(user, consultation),
            can_download=lambda user, consultation, edition: access.can_read_summary(user, consultation),
            editions=lambda consultation: [EDITION],
            label=lambda edition: "Consultation summary",
        )
    )
