"""The work-plan pack: a version of the Commissioning Work Plan printed for committee.

Commissioning supplies the content; the pack engine (``council.packs``) renders, merges, numbers
and keeps it. Two editions:

- **public**: only for a version Council has agreed (a Council decision is public, as on the
  version page). Anyone may download it, the public too. Officers are named by their post, never
  by name, as the public version page keeps officers' names out; councillors (Cabinet Members,
  councillors owning a saving or sitting on a board) are public figures and are named. Unlike the
  public version page it carries each review's stage, RAG and savings: it is the paper brought
  back to an overview and scrutiny committee, and committee papers are public unless exempt.
- **internal**: for every version, drafts included, for those who may read every version (everyone
  signed in). It names officers: who prepared the version, who recorded each decision, the lead
  officer and each saving's accountable owner.

The pack: a front sheet (council, title, state and approval trail, the committee it is brought
back to, the contact officer, and the contents with the page each review starts on), then one
part per review in the version's order (its priority with the rationale and each criterion's
score, stages and dates, programme board, accountable Cabinet Members, savings with their owners,
RAG and status), then the savings totals. Each review is its own part, so a rebuild after one
review changes re-renders only that part.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.utils import formats

from council import permissions
from council.errors import RuleError
from council.packs import Edition, HtmlPart, PackKind, PackSpec, register
from members.models import Membership, Portfolio
from scrutiny import access as scrutiny_access
from scrutiny.models import WorkProgrammeEntry

from . import access
from .models import OPEN_STATUSES, SavingLine, WorkPlanState, WorkPlanVersion, financial_year_label
from .models.savings import ZERO
from .money import pounds
from .selectors.priorities import criterion_weights, ranking, stage_timeline

KIND = "work-plan"
PUBLIC = Edition.PUBLIC
INTERNAL = "internal"

LABELS = {
    PUBLIC: "Public work-plan pack",
    INTERNAL: "Work-plan pack for members and officers",
}


#: What the pack says of a committee's action to bring the plan back while its minutes are draft.
UNCONFIRMED_SUBJECT = "An action from minutes not yet confirmed"


def editions(version: WorkPlanVersion) -> list[str]:
    """A version Council has agreed has a public edition too; any other only the internal one."""
    if version.state == WorkPlanState.COUNCIL_AGREED:
        return [PUBLIC, INTERNAL]
    return [INTERNAL]


def label(edition: str) -> str:
    return LABELS.get(edition, edition)


def can_build(user, version: WorkPlanVersion, edition: str) -> bool:
    """Commissioning officers and Administrators, who prepare the work plan."""
    return edition in editions(version) and access.can_manage_work_plan(user)


def can_download(user, version: WorkPlanVersion, edition: str) -> bool:
    """The public edition of an agreed version: everyone. Otherwise: those who may read every
    version (everyone signed in; the public reads only agreed versions)."""
    if edition not in editions(version):
        return False
    if edition == PUBLIC:
        return True
    return permissions.can(user, "commissioning.view_workplanversion", version)


# --- Content --------------------------------------------------------------------------------


def _day(day) -> str:
    return formats.date_format(day, "j F Y") if day else ""


def _person(user, public: bool) -> str:
    """A councillor by name (a public figure); an officer by name and post, or in the public
    edition by post only."""
    if user is None:
        return ""
    member = getattr(user, "member", None)
    if member is not None:
        return f"Councillor {user.get_full_name()}"
    officer = getattr(user, "officer", None)
    if public:
        return officer.job_title if officer is not None else "Council officer"
    return f"{user.get_full_name()}, {officer.job_title}" if officer is not None else user.get_full_name()


def _people():
    """People with what ``_person`` reads (whether they are a councillor or an officer)."""
    return get_user_model().objects.select_related("member", "officer")


def _cabinet_member(portfolio: Portfolio) -> str:
    if portfolio.cabinet_member is None:
        return f"{portfolio} (vacant)"
    return f"Councillor {portfolio.cabinet_member.user.get_full_name()}, {portfolio}"


def _money(sums: dict) -> dict:
    return {name: pounds(sums.get(name, ZERO)) for name in ("claimed", "forecast", "realised", "gap", "at_risk")}


def _front(version: WorkPlanVersion, public: bool) -> dict:
    prepared_by = _people().get(pk=version.prepared_by_id)
    officer = getattr(prepared_by, "officer", None)
    if public:
        contact = {
            "name": officer.job_title if officer else "Commissioning",
            "email": settings.DEFAULT_FROM_EMAIL,
            "phone": "",
        }
    else:
        contact = {
            "name": _person(prepared_by, False),
            "email": prepared_by.email,
            "phone": officer.phone if officer else "",
        }
    trail = [
        {
            "decision": t.get_to_state_display(),
            "date": _day(t.decided_on),
            "reference": t.reference,
            "meeting": str(t.meeting) if t.meeting_id else "",
            "recorded_by": "" if public else _person(t.recorded_by, False),
        }
        for t in version.transitions.select_related(
            "meeting__body", "recorded_by__member", "recorded_by__officer"
        ).order_by("decided_on", "pk")
    ]
    bring_backs = list(
        version.bring_backs.select_related("entry__body", "entry__target_meeting").order_by("recorded_at")
    )
    # One pack for every reader: an entry answering an action is named once its minutes are public.
    public_entries = set(
        scrutiny_access.visible(
            AnonymousUser(), WorkProgrammeEntry.objects.filter(pk__in=[b.entry_id for b in bring_backs])
        ).values_list("pk", flat=True)
    )
    committees = [
        {
            "committee": str(b.entry.body),
            "subject": b.entry.title if b.entry_id in public_entries else UNCONFIRMED_SUBJECT,
            "status": b.entry.get_status_display(),
            "meeting": _day(b.entry.target_meeting.starts_at.date()) if b.entry.target_meeting_id else "",
        }
        for b in bring_backs
    ]
    return {
        "council": settings.COUNCIL_NAME,
        "title": version.title,
        "number": version.number,
        "state": version.get_state_display(),
        "agreed": version.state == WorkPlanState.COUNCIL_AGREED,
        "based_on": version.based_on.number if version.based_on_id else None,
        "notes": version.notes,
        "prepared_by": "" if public else _person(prepared_by, False),
        "trail": trail,
        "committees": committees,
        "contact": contact,
        "public": public,
    }


def _entries(version: WorkPlanVersion):
    portfolios = Portfolio.objects.select_related("cabinet_member__user").order_by("title")
    return list(
        version.entries.select_related(
            "review__programme_board",
            "review__working_group",
            "review__priority",
            "review__lead_officer__member",
            "review__lead_officer__officer",
        )
        .prefetch_related(
            "review__stages",
            "review__priority__scores",
            Prefetch("review__portfolios", queryset=portfolios),
        )
        .order_by("position")
    )


def _boards(board_ids, public: bool) -> dict[int, list[str]]:
    seats = defaultdict(list)
    memberships = (
        Membership.objects.current()
        .filter(body_id__in=board_ids)
        .select_related("person__member", "person__officer")
        .order_by("body_id", "role", "person__last_name", "person__first_name")
    )
    for seat in memberships:
        seats[seat.body_id].append(f"{_person(seat.person, public)} ({seat.get_role_display()})")
    return seats


def _savings(review_ids, public: bool) -> tuple[dict[int, list[dict]], dict[int, dict], dict]:
    lines = SavingLine.objects.filter(review_id__in=review_ids)
    by_review = defaultdict(list)
    for line in lines.select_related("owner__member", "owner__officer").order_by(
        "review_id", "financial_year", "budget_reference"
    ):
        by_review[line.review_id].append(
            {
                "year": financial_year_label(line.financial_year),
                "reference": line.budget_reference,
                "description": line.description,
                "claimed": pounds(line.claimed),
                "forecast": pounds(line.forecast),
                "realised": pounds(line.realised),
                "owner": _person(line.owner, public),
                "status": line.get_status_display(),
            }
        )
    totals_by_review = {pk: _money(sums) for pk, sums in lines.totals_by("review_id").items()}
    years = sorted(lines.totals_by("financial_year").items())
    by_year = [{"year": financial_year_label(year), **_money(sums)} for year, sums in years]
    return by_review, totals_by_review, {"all": _money(lines.totals()), "by_year": by_year}


def _review(entry, *, rank, joint, weights, boards, savings, totals, public: bool) -> dict:
    review = entry.review
    assessment = getattr(review, "priority", None)
    scores = {s.criterion: s for s in assessment.scores.all()} if assessment else {}
    criteria = [
        {
            "label": weight.get_criterion_display(),
            "weight": weight.weight,
            "score": scores[weight.criterion].score if weight.criterion in scores else None,
            "rationale": scores[weight.criterion].rationale if weight.criterion in scores else "",
        }
        for weight in weights
    ]
    stages = [
        {
            "label": step.label,
            "state": step.state,
            "planned": f"{_day(step.planned_start)} to {_day(step.planned_end)}"
            if step.planned_start and step.planned_end
            else _day(step.planned_start or step.planned_end),
            "actual": f"{_day(step.actual_start)} to {_day(step.actual_end)}"
            if step.actual_start and step.actual_end
            else (f"started {_day(step.actual_start)}" if step.actual_start else ""),
        }
        for step in stage_timeline(review)
    ]
    board = review.programme_board
    return {
        "id": review.pk,
        "position": entry.position,
        "title": review.title,
        "service_area": review.service_area,
        "directorate": review.directorate,
        "note": entry.note,
        "starts_on": _day(entry.starts_on),
        "ends_on": _day(entry.ends_on),
        "lead_officer": _person(review.lead_officer, public),
        "cabinet_members": [_cabinet_member(p) for p in review.portfolios.all()],
        "board": str(board) if board else "",
        "board_seats": boards.get(board.pk, []) if board else [],
        "working_group": str(review.working_group) if review.working_group_id else "",
        "stage": review.get_stage_display(),
        "status": review.get_status_display(),
        "rag": review.get_rag_display() if review.rag else "",
        "rag_key": review.rag,
        "rag_reason": review.rag_reason,
        "rag_date": _day(review.rag_date),
        "assessed": assessment is not None,
        "rank": rank,
        "joint": joint,
        "score": str(assessment.score) if assessment else "",
        "summary": assessment.summary if assessment else "",
        "assessed_on": _day(assessment.assessed_on) if assessment else "",
        "criteria": criteria,
        "stages": stages,
        "savings": savings,
        "totals": totals,
    }


def build_spec(version: WorkPlanVersion, edition: str) -> PackSpec:
    """The work-plan pack of ``version`` in ``edition``, from the data as it is now."""
    if edition not in editions(version):
        raise RuleError(
            f"Version {version.number} is {version.state_phrase}: only a version agreed by Council "
            "has a public work-plan pack"
            if edition == PUBLIC
            else f"There is no “{edition}” edition of the work-plan pack"
        )
    public = edition == PUBLIC
    front = _front(version, public)
    entries = _entries(version)
    weights = criterion_weights()
    ranks = ranking()
    review_ids = [entry.review_id for entry in entries]
    boards = _boards([e.review.programme_board_id for e in entries if e.review.programme_board_id], public)
    savings, totals, overall = _savings(review_ids, public)
    empty = _money({})
    reviews = []
    for entry in entries:
        assessment = getattr(entry.review, "priority", None)
        is_open = entry.review.status in OPEN_STATUSES
        rank = ranks.rank_of(assessment.score) if assessment and is_open else None
        reviews.append(
            _review(
                entry,
                rank=rank,
                joint=rank is not None and ranks.is_joint(assessment.score),
                weights=weights,
                boards=boards,
                savings=savings.get(entry.review_id, []),
                totals=totals.get(entry.review_id, empty),
                public=public,
            )
        )
    front["reviews"] = [
        {"key": _key(r), "position": r["position"], "title": r["title"], "standing": _standing(r)} for r in reviews
    ]
    title = f"{version.title}, version {version.number}"
    parts = [
        HtmlPart(
            key="front",
            template="packs/work_plan/front.html",
            context=front,
            bookmark="Front sheet and contents",
            needs_page_numbers=True,
        ),
        *[
            HtmlPart(
                key=_key(review),
                template="packs/work_plan/review.html",
                context={"review": review, "public": public, "pack_title": title},
                bookmark=f"{review['position']}. {review['title']}",
            )
            for review in reviews
        ],
        HtmlPart(
            key="totals",
            template="packs/work_plan/totals.html",
            context={"reviews": [_review_total(r) for r in reviews], "overall": overall, "pack_title": title},
            bookmark="Savings totals",
        ),
    ]
    return PackSpec(
        title=title,
        author=settings.COUNCIL_NAME,
        parts=tuple(parts),
        subject=f"{label(edition)}: {front['state']}",
        filename=f"commissioning-work-plan-version-{version.number}-{edition}.pdf",
    )


def _key(review: dict) -> str:
    return f"review-{review['id']}"


def _standing(review: dict) -> str:
    if review["rank"]:
        joint = " (joint)" if review.get("joint") else ""
        return f"priority rank {review['rank']}{joint}, score {review['score']}"
    if review["score"]:
        return f"score {review['score']}, not ranked"
    return "not yet assessed"


def _review_total(review: dict) -> dict:
    return {"position": review["position"], "title": review["title"], **review["totals"]}


# Imported by CommissioningConfig.ready(): the engine learns of the work-plan pack.
register(
    PackKind(
        name=KIND,
        model=WorkPlanVersion,
        build_spec=build_spec,
        can_build=can_build,
        can_download=can_download,
        editions=editions,
        label=label,
    )
)
