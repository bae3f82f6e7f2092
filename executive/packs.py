"""The forward plan pack: one published edition of the forward plan as a PDF, through the pack
engine (``council.packs``). One edition, public: the forward plan is published to everyone, and
the pack prints exactly what the edition fixed (its contents and SHA-256), never the entries as
they stand now."""

from django.conf import settings
from django.utils import formats

from council.errors import RuleError
from council.packs import Edition, HtmlPart, PackKind, PackSpec, register

from . import access
from .models import ForwardPlanEdition
from .selectors.forward_plan import edition_rows

KIND = "forward-plan"
PUBLIC = Edition.PUBLIC


def editions(edition: ForwardPlanEdition) -> list[str]:
    return [PUBLIC]


def label(edition: str) -> str:
    return "Forward plan (PDF)" if edition == PUBLIC else edition


def can_build(user, plan: ForwardPlanEdition, edition: str) -> bool:
    """Democratic Services and Administrators, who publish the forward plan."""
    return edition == PUBLIC and access.can_publish_edition(user)


def can_download(user, plan: ForwardPlanEdition, edition: str) -> bool:
    return edition == PUBLIC


def build_spec(plan: ForwardPlanEdition, edition: str) -> PackSpec:
    if edition != PUBLIC:
        raise RuleError(f"There is no “{edition}” edition of the forward plan pack")
    entries = [
        {
            **{key: value for key, value in row.items() if key != "expected_decision_on"},
            "expected": formats.date_format(row["expected_decision_on"], "j F Y"),
        }
        for row in edition_rows(plan)
    ]
    context = {
        "council": settings.COUNCIL_NAME,
        "number": plan.number,
        "published_on": formats.date_format(plan.published_on, "j F Y"),
        "sha256": plan.sha256,
        "entries": entries,
    }
    title = f"Forward plan, edition {plan.number}"
    return PackSpec(
        title=title,
        author=settings.COUNCIL_NAME,
        parts=(HtmlPart(key="plan", template="packs/forward_plan/plan.html", context=context, bookmark=title),),
        subject="Notice of key decisions (the 2012 Regulations, regulation 9)",
        filename=f"forward-plan-edition-{plan.number}.pdf",
    )


def register_forward_plan_pack() -> None:
    register(
        PackKind(
            name=KIND,
            model=ForwardPlanEdition,
            build_spec=build_spec,
            can_build=can_build,
            can_download=can_download,
            editions=editions,
            label=label,
        )
    )
