"""Reviews: create and edit, the overview with its stages and gates, members' input and comments,
the programme board and Cabinet Working Group, and the review's one timeline.

Everyone signed in with a role reads reviews; commissioning officers and Administrators create
and edit them, board members edit theirs; the accountable Cabinet Member or a board member
decides the gates (``commissioning.access``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from council.errors import RuleError
from council.forms import posted, submit
from council.pagination import page_of
from members.forms import EndMembershipForm, MembershipForm

from .. import access
from ..forms.reviews import (
    BoardDecisionForm,
    CommentForm,
    EngagementForm,
    GateForm,
    RagForm,
    ReviewForm,
    StatusForm,
    WorkingGroupForm,
    WorkingGroupNoteForm,
)
from ..models import ENGAGEMENT_STAGES, Stage, next_stage, previous_stage
from ..models.reviews import OPEN_STATUSES
from ..money import pounds
from ..selectors import decisions as decision_selectors
from ..selectors import reviews as selectors
from ..services import decisions as decision_services
from ..services import reviews as services


def _form_page(request, review, form, *, title, button, back=None, **extra):
    back = back or review.get_absolute_url()
    context = {
        "form": form,
        "review": review,
        "title": title,
        "caption": review.title if review else "Commissioning",
        "button": button,
        "back_url": back,
        "back_text": "Back to the review" if review else "Back to commissioning reviews",
        "cancel_url": back,
    }
    return render(request, "commissioning/review/form.html", context | extra)


def _editable(request, pk):
    review = selectors.review_for_page(request.user, pk)
    if not access.can_edit(request.user, review):
        raise PermissionDenied
    return review


def _review_form(request, review, form, service, *, done, to, **page):
    """The page of a form whose valid post calls ``service(review=, by=, **form.cleaned_data)``."""
    if response := submit(
        request, form, lambda: service(review=review, by=request.user, **form.cleaned_data), done=done, to=to
    ):
        return response
    return _form_page(request, review, form, **page)


def _board_url(review, anchor=""):
    return reverse("commissioning:review-board", args=[review.pk]) + (f"#{anchor}" if anchor else "")


@require_http_methods(["GET", "POST"])
def review_add(request):
    if not access.can_create(request.user):
        raise PermissionDenied
    form = ReviewForm(posted(request))
    if response := submit(
        request,
        form,
        lambda: services.review_create(by=request.user, **form.service_arguments()),
        done=lambda review: f"The review “{review}” has been created at the Analyse stage.",
    ):
        return response
    return _form_page(
        request,
        None,
        form,
        title="Create a commissioning review",
        button="Create review",
        back=reverse("commissioning:review-list"),
    )


@require_http_methods(["GET", "POST"])
def review_edit(request, pk):
    review = _editable(request, pk)
    form = ReviewForm(posted(request), instance=review)
    if response := submit(
        request,
        form,
        lambda: services.review_update(review=review, by=request.user, **form.service_arguments()),
        done="The review’s details have been updated.",
        to=review,
    ):
        return response
    return _form_page(request, review, form, title="Change the review’s details", button="Save changes")


@require_http_methods(["GET", "POST"])
def review_rag(request, pk):
    review = _editable(request, pk)
    form = RagForm(posted(request), initial={"rag": review.rag} if review.rag else None)
    return _review_form(
        request,
        review,
        form,
        services.review_set_rag,
        done="The RAG rating has been updated.",
        to=review,
        title="Update the RAG rating",
        button="Save rating",
    )


@require_http_methods(["GET", "POST"])
def review_status(request, pk):
    review = _editable(request, pk)
    form = StatusForm(posted(request))
    return _review_form(
        request,
        review,
        form,
        services.review_set_status,
        done=lambda changed: f"The review is now {changed.get_status_display().lower()}.",
        to=review,
        title="Change the review’s status",
        button="Change status",
        intro=f"The review is {review.get_status_display().lower()}.",
    )


@require_GET
def review_detail(request, pk):
    review = selectors.review_for_page(request.user, pk)
    can_edit = access.can_edit(request.user, review)
    open_review = review.status in OPEN_STATUSES
    capacity = access.gate_capacity(request.user, review) if open_review else None
    conflict = access.gate_conflict(request.user, review, capacity) if capacity else None
    return render(
        request,
        "commissioning/review/detail.html",
        {
            "review": review,
            "section": "overview",
            "portfolios": selectors.accountable_portfolios(review),
            "budget": pounds(review.budget_in_scope),
            "stages": selectors.stage_rows(review),
            "comments": selectors.comments(review),
            "can_edit": can_edit and open_review,
            "can_comment": access.can_comment(request.user, review),
            "can_decide": capacity is not None and not conflict,
            "can_reverse": capacity is not None and not conflict and previous_stage(review.stage) is not None,
            "gate_conflict": conflict,
            "open_review": open_review,
            "engagement_stages": ENGAGEMENT_STAGES,
            "comment_form": CommentForm(),
            "can_link": can_edit and open_review,
            "next_decision": decision_selectors.next_decision(request.user, review),
            "can_draft_entry": open_review and decision_services.may_draft_entry(request.user, review),
            "decision_stage": review.stage == decision_selectors.DECISION_STAGE,
        },
    )


def _gate_review(request, pk):
    """The review whose gates the person decides: the accountable Cabinet Member or a board member."""
    review = selectors.review_for_page(request.user, pk)
    if access.gate_capacity(request.user, review) is None:
        raise PermissionDenied
    return review


def _gate_closed(request, review, *, back=False):
    """Back to the review, saying why, when no gate decision can be taken on it now (the service's
    rule: a closed review, or going back from the first stage); None when one can."""
    try:
        services.gate_check(review=review, back=back)
    except RuleError as error:
        messages.error(request, f"{error.message}.")
        return redirect(review)
    return None


def _passed(decision) -> str:
    if decision.to_stage:
        return (
            f"The {decision.get_from_stage_display()} gate has been passed: "
            f"the review is now at {decision.get_to_stage_display()}."
        )
    return "The Review gate has been passed: the review is complete."


def _gate_page(request, review, form, **page):
    capacity = access.gate_capacity(request.user, review)
    return _form_page(
        request,
        review,
        form,
        capacity=capacity,
        # Said before they type: the service refuses the decision whatever is typed.
        gate_conflict=None if form.errors else access.gate_conflict(request.user, review, capacity),
        engagement_stage=review.stage in ENGAGEMENT_STAGES,
        members_engaged=selectors.members_engaged_at(review, review.stage),
        gate_page=True,
        **page,
    )


@require_http_methods(["GET", "POST"])
def gate_pass(request, pk):
    review = _gate_review(request, pk)
    if closed := _gate_closed(request, review):
        return closed
    form = GateForm(posted(request), review=review)
    if response := submit(
        request,
        form,
        lambda: services.gate_pass(review=review, by=request.user, **form.cleaned_data),
        done=_passed,
        to=review,
    ):
        return response
    stage, following = Stage(review.stage), next_stage(review.stage)
    return _gate_page(
        request,
        review,
        form,
        title=f"Pass the {stage.label} gate",
        button="Pass the gate",
        intro=f"Passing the gate ends the {stage.label} stage and starts {Stage(following).label}."
        if following
        else "Passing the Review gate completes the review.",
    )


@require_http_methods(["GET", "POST"])
def gate_reverse(request, pk):
    review = _gate_review(request, pk)
    if closed := _gate_closed(request, review, back=True):
        return closed
    form = GateForm(posted(request), review=review, reverse=True)
    if response := submit(
        request,
        form,
        lambda: services.gate_reverse(review=review, by=request.user, **form.cleaned_data),
        done=lambda decision: f"The review has gone back to the {decision.get_to_stage_display()} stage.",
        to=review,
    ):
        return response
    stage, before = Stage(review.stage), Stage(previous_stage(review.stage))
    return _gate_page(
        request,
        review,
        form,
        title=f"Go back to the {before.label} stage",
        button="Go back a stage",
        intro=f"The review returns from {stage.label} to {before.label}: a recorded decision, with your reasons.",
        danger=True,
    )


@require_http_methods(["GET", "POST"])
def engagement_add(request, pk):
    review = _editable(request, pk)
    form = EngagementForm(posted(request), review=review)
    return _review_form(
        request,
        review,
        form,
        services.engagement_add,
        done="The councillor’s input has been recorded.",
        to=review.get_absolute_url() + "#engagement",
        title="Record a councillor’s input",
        button="Record input",
        intro="Members act as critical friend at the Analyse and Plan stages: record the needs and views "
        "they feed back for their ward.",
    )


@require_http_methods(["GET", "POST"])
def review_comment(request, pk):
    review = selectors.review_for_page(request.user, pk)
    if not access.can_comment(request.user, review):
        raise PermissionDenied
    form = CommentForm(posted(request))
    return _review_form(
        request,
        review,
        form,
        services.comment_add,
        done="Your comment has been posted.",
        to=review.get_absolute_url() + "#comments",
        title="Comment on the review",
        button="Post comment",
    )


# The programme board and the Cabinet Working Group


@require_GET
def review_board(request, pk):
    review = selectors.review_for_page(request.user, pk)
    can_edit = access.can_edit(request.user, review) and review.status in OPEN_STATUSES
    return render(
        request,
        "commissioning/review/board.html",
        {
            "review": review,
            "section": "board",
            "board_name": services.board_name(review),
            "seats": selectors.board_seats(review),
            "decisions": selectors.board_decisions(review),
            "working_group_members": selectors.working_group_members(review),
            "working_group_notes": selectors.working_group_notes(review),
            "can_edit": can_edit,
        },
    )


@require_POST
def board_create(request, pk):
    review = _editable(request, pk)
    try:
        board = services.board_create(review=review, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{board} has been set up. Add its members.")
    return redirect(_board_url(review))


@require_http_methods(["GET", "POST"])
def board_seat_add(request, pk):
    review = _editable(request, pk)
    if review.programme_board_id is None:
        raise PermissionDenied
    form = MembershipForm(posted(request))
    return _review_form(
        request,
        review,
        form,
        services.board_seat_add,
        done=lambda seat: f"{seat.person} has a seat on the programme board.",
        to=_board_url(review, "board"),
        title="Add a member to the programme board",
        button="Add member",
        back=_board_url(review),
        intro="Board members may change the review and decide its gates while their seat lasts.",
    )


@require_http_methods(["GET", "POST"])
def board_seat_end(request, pk, membership_pk):
    review = _editable(request, pk)
    if review.programme_board_id is None:
        raise Http404
    membership = get_object_or_404(
        review.programme_board.memberships.not_ended().select_related("person"), pk=membership_pk
    )
    form = EndMembershipForm(posted(request), membership=membership)
    if response := submit(
        request,
        form,
        lambda: services.board_seat_end(
            review=review, by=request.user, membership=membership, end_date=form.cleaned_data["end_date"]
        ),
        done=f"{membership.person}’s seat on the programme board has ended.",
        to=_board_url(review, "board"),
    ):
        return response
    return _form_page(
        request,
        review,
        form,
        title=f"End {membership.person}’s seat on the programme board",
        button="End seat",
        back=_board_url(review),
        intro="They may change the review and decide its gates until the end of the last day of their seat.",
    )


@require_http_methods(["GET", "POST"])
def board_decision_add(request, pk):
    review = _editable(request, pk)
    form = BoardDecisionForm(posted(request))
    return _review_form(
        request,
        review,
        form,
        services.board_decision_add,
        done="The decision has been added to the board’s log.",
        to=_board_url(review, "decisions"),
        title="Record a board decision",
        button="Record decision",
        back=_board_url(review),
    )


@require_http_methods(["GET", "POST"])
def working_group(request, pk):
    review = _editable(request, pk)
    form = WorkingGroupForm(posted(request), initial={"body": review.working_group_id})
    if response := submit(
        request,
        form,
        lambda: services.working_group_link(
            review=review, by=request.user, body=form.cleaned_data["body"], name=form.cleaned_data["name"]
        ),
        done=lambda body: f"{body} now supports the review.",
        to=_board_url(review, "working-group"),
    ):
        return response
    return _form_page(
        request,
        review,
        form,
        title="Cabinet Working Group supporting the review",
        button="Save",
        back=_board_url(review),
    )


@require_http_methods(["GET", "POST"])
def working_group_note_add(request, pk):
    review = _editable(request, pk)
    form = WorkingGroupNoteForm(posted(request))
    return _review_form(
        request,
        review,
        form,
        services.working_group_note_add,
        done="The note has been added.",
        to=_board_url(review, "working-group"),
        title="Add a working group note",
        button="Add note",
        back=_board_url(review),
    )


@require_GET
def review_timeline(request, pk):
    review = selectors.review_for_page(request.user, pk)
    return render(
        request,
        "commissioning/review/timeline.html",
        {
            "review": review,
            "section": "history",
            # Each change is told against the one before it, so the whole history is read; a page shown.
            "events": page_of(request, selectors.review_timeline(review)),
            "thread": decision_selectors.review_thread(request.user, review),
        },
    )
