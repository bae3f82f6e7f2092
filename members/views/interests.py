"""The register of interests as its keepers use it: the member's own register ("Your register of
interests": add, change and end an interest, add a gift, confirm it complete) and the Monitoring Officer's pages (every
register with what is due and overdue, one member's register, reviewing an entry, dispensations).

Who may act is asked of ``members.access``; the services check it again, with separation of duties."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from council.errors import RuleError
from council.forms import posted, submit

from .. import access
from ..forms import ConfirmRegisterForm, DispensationForm, EndInterestForm, GiftForm, InterestForm, ReviewForm
from ..models import Interest, Member
from ..selectors import register as register_selectors
from ..services import interests as services

MINE = "members:register-mine"


def _own_member(request) -> Member:
    """The signed-in member whose register this is; the 403 page for anyone who keeps none."""
    if not access.can_keep_register(request.user, request.user):
        raise PermissionDenied
    return Member.objects.with_people().get(user=request.user)


def _own_interest(request, pk) -> Interest:
    _own_member(request)
    return get_object_or_404(Interest.objects.filter(person=request.user), pk=pk)


def _require_reviewer(request) -> None:
    if not access.can_review_registers(request.user):
        raise PermissionDenied


# The member's own register


@require_GET
def register_mine(request):
    member = _own_member(request)
    return render(
        request,
        "members/register/mine.html",
        {"register": register_selectors.full_register(request.user, member), "member": member},
    )


def _interest_form_page(request, form, *, title, button):
    return render(
        request,
        "members/register/interest_form.html",
        {"form": form, "title": title, "button": button, "back_url": reverse(MINE), "cancel_url": reverse(MINE)},
    )


@require_http_methods(["GET", "POST"])
def interest_add(request):
    _own_member(request)
    form = InterestForm(posted(request))
    done = submit(
        request,
        form,
        lambda: services.interest_add(person=request.user, by=request.user, **form.cleaned_data),
        done="Your interest has been added to your register. The Monitoring Officer will review it.",
        to=reverse(MINE),
    )
    return done or _interest_form_page(request, form, title="Add an interest", button="Add interest")


@require_http_methods(["GET", "POST"])
def interest_edit(request, pk):
    interest = _own_interest(request, pk)
    initial = {name: getattr(interest, name) for name in services.INTEREST_FIELDS}
    initial.update(wards=list(interest.wards.all()), ask_sensitive=interest.sensitive)
    form = InterestForm(posted(request), initial=initial)
    done = submit(
        request,
        form,
        lambda: services.interest_change(interest=interest, by=request.user, **form.cleaned_data),
        done="Your interest has been changed. The Monitoring Officer will review it again.",
        to=reverse(MINE),
    )
    return done or _interest_form_page(request, form, title="Change an interest", button="Save changes")


@require_http_methods(["GET", "POST"])
def interest_end(request, pk):
    interest = _own_interest(request, pk)
    form = EndInterestForm(posted(request))
    done = submit(
        request,
        form,
        lambda: services.interest_end(interest=interest, by=request.user, **form.cleaned_data),
        done="The interest has ended. The published register no longer shows it.",
        to=reverse(MINE),
    )
    return done or render(
        request,
        "members/register/interest_end.html",
        {"form": form, "interest": interest, "back_url": reverse(MINE), "cancel_url": reverse(MINE)},
    )


@require_http_methods(["GET", "POST"])
def gift_add(request):
    _own_member(request)
    form = GiftForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.gift_notify(person=request.user, by=request.user, **form.cleaned_data)
        except RuleError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "The gift or hospitality has been added to your register.")
            return redirect(MINE)
    return render(
        request,
        "members/register/gift_form.html",
        {
            "form": form,
            "title": "Add a gift or hospitality",
            "button": "Add gift or hospitality",
            "back_url": reverse(MINE),
            "cancel_url": reverse(MINE),
            "threshold": register_selectors.pounds(services.gift_threshold_pence()),
        },
    )


@require_http_methods(["GET", "POST"])
def register_confirm(request):
    """The member's return: they confirm their register complete, or that they have nothing to
    register (a nil return)."""
    member = _own_member(request)
    form = ConfirmRegisterForm(posted(request))
    done = submit(
        request,
        form,
        lambda: services.register_confirm(person=request.user, by=request.user, **form.cleaned_data),
        done=lambda made: (
            "You have told the Monitoring Officer you have nothing to register."
            if made.nil
            else "You have confirmed your register of interests is complete and correct."
        ),
        to=reverse(MINE),
    )
    nil = register_selectors.nothing_to_register(member)
    return done or render(
        request,
        "members/register/confirm.html",
        {
            "form": form,
            "title": "Confirm your register is complete",
            "caption": str(member),
            "button": "Confirm",
            "nil": nil,
            "statement": services.CONFIRM_NIL if nil else services.CONFIRM_COMPLETE,
            "clock": register_selectors.register_clock(member),
            "back_url": reverse(MINE),
            "cancel_url": reverse(MINE),
        },
    )


# The Monitoring Officer's pages


@require_GET
def register_list(request):
    _require_reviewer(request)
    rows = register_selectors.registers()
    return render(request, "members/register/list.html", {"rows": rows})


@require_GET
def register_detail(request, pk):
    _require_reviewer(request)
    member = get_object_or_404(Member.objects.with_people(), pk=pk)
    return render(
        request,
        "members/register/detail.html",
        {"register": register_selectors.full_register(request.user, member), "member": member},
    )


@require_http_methods(["GET", "POST"])
def interest_review(request, pk):
    _require_reviewer(request)
    interest = get_object_or_404(
        Interest.objects.filter(person__member__isnull=False).select_related("person__member"), pk=pk
    )
    member = interest.person.member
    form = ReviewForm(
        posted(request), initial={"sensitive": interest.sensitive, "sensitive_reason": interest.sensitive_reason}
    )
    back = reverse("members:register-detail", args=[member.pk])
    done = submit(
        request,
        form,
        lambda: services.interest_review(interest=interest, by=request.user, **form.cleaned_data),
        done=lambda reviewed: (
            "The interest is marked sensitive: the published register withholds its details."
            if reviewed.sensitive
            else "The interest has been reviewed."
        ),
        to=back,
    )
    return done or render(
        request,
        "members/register/review.html",
        {"form": form, "interest": interest, "member": member, "back_url": back, "cancel_url": back},
    )


@require_GET
def dispensation_list(request):
    _require_reviewer(request)
    return render(request, "members/register/dispensations.html", {"dispensations": register_selectors.dispensations()})


@require_http_methods(["GET", "POST"])
def dispensation_add(request, pk):
    _require_reviewer(request)
    member = get_object_or_404(Member.objects.with_people(), pk=pk)
    form = DispensationForm(posted(request), person=member.user)
    back = reverse("members:register-detail", args=[member.pk])
    done = submit(
        request,
        form,
        lambda: services.dispensation_grant(person=member.user, by=request.user, **form.cleaned_data),
        done=f"The dispensation for {member} has been granted.",
        to=reverse("members:dispensation-list"),
    )
    return done or render(
        request,
        "members/register/dispensation_form.html",
        {"form": form, "member": member, "back_url": back, "cancel_url": back},
    )
