"""Setting up the council's own data: wards, parties and their groups, councillors, officers and
portfolios. Democratic Services and Administrators only (``access.can_set_up_council``); nothing is
deleted here, only retired (see ``services.organisation``)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from council.accounts.invitations import send_invitation
from council.errors import RuleError
from council.forms import form_error, posted, submit

from .. import access, services
from ..forms.setup import CouncillorForm, OfficerForm, PartyForm, PortfolioForm, RetireForm, WardForm
from ..models import Member, Officer, Party, Portfolio, Ward
from ..selectors import organisation


def _page(request, form, *, title, back_url, back_text, button="Save", caption="", intro="", multipart=False):
    return render(
        request,
        "members/setup/form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "button": button,
            "back_url": back_url,
            "back_text": back_text,
            "cancel_url": back_url,
            "multipart": multipart,
        },
    )


def _retire(request, obj, retire, *, noun: str, plural: str, list_name: str, note: str):
    """The page that retires ``obj`` on a day, with ``note`` saying what stays as it is."""
    form = RetireForm(posted(request))
    list_url = reverse(list_name)
    done = submit(
        request,
        form,
        lambda: retire(by=request.user, on=form.cleaned_data["retired_on"]),
        done=f"{obj} has been retired.",
        to=list_url,
    )
    return done or _page(
        request,
        form,
        title=f"Retire {obj}",
        caption=noun,
        intro=note,
        button="Retire",
        back_url=list_url,
        back_text=f"Back to {plural}",
    )


@require_GET
def council_setup(request):
    access.require_set_up(request.user)
    return render(request, "members/setup/hub.html", organisation.setup_counts())


# Wards


@require_GET
def ward_list(request):
    access.require_set_up(request.user)
    return render(request, "members/setup/ward_list.html", {"wards": organisation.wards_for_setup()})


@require_http_methods(["GET", "POST"])
def ward_add(request):
    access.require_set_up(request.user)
    form = WardForm(posted(request))
    done = submit(
        request,
        form,
        lambda: services.ward_create(by=request.user, **form.cleaned_data),
        done=lambda ward: f"{ward} ward has been added.",
        to=reverse("members:ward-list"),
    )
    return done or _page(
        request, form, title="Add a ward", button="Add ward", back_url=reverse("members:ward-list"),
        back_text="Back to wards",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def ward_edit(request, pk):
    access.require_set_up(request.user)
    ward = get_object_or_404(Ward, pk=pk)
    form = WardForm(posted(request), instance=ward)
    done = submit(
        request,
        form,
        lambda: services.ward_update(ward=ward, by=request.user, **form.cleaned_data),
        done=f"{ward} ward has been updated.",
        to=reverse("members:ward-list"),
    )
    return done or _page(
        request, form, title=f"Change {ward}", caption="Ward", back_url=reverse("members:ward-list"),
        back_text="Back to wards",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def ward_retire(request, pk):
    access.require_set_up(request.user)
    ward = get_object_or_404(Ward.objects.in_use(), pk=pk)
    return _retire(
        request,
        ward,
        lambda **kw: services.ward_retire(ward=ward, **kw),
        noun="Ward",
        plural="wards",
        list_name="members:ward-list",
        note="A retired ward is no longer offered for new councillors. Its councillors, serving and "
        "former, keep it, and it stays in every past record.",
    )


# Parties and their groups


@require_GET
def party_list(request):
    access.require_set_up(request.user)
    return render(request, "members/setup/party_list.html", {"parties": organisation.parties_for_setup()})


@require_http_methods(["GET", "POST"])
def party_add(request):
    access.require_set_up(request.user)
    form = PartyForm(posted(request))
    done = submit(
        request,
        form,
        lambda: services.party_create(by=request.user, **form.cleaned_data),
        done=lambda party: f"{party} has been added.",
        to=reverse("members:party-list"),
    )
    return done or _page(
        request, form, title="Add a party", button="Add party", back_url=reverse("members:party-list"),
        back_text="Back to parties",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def party_edit(request, pk):
    access.require_set_up(request.user)
    party = get_object_or_404(Party, pk=pk)
    form = PartyForm(posted(request), instance=party)
    done = submit(
        request,
        form,
        lambda: services.party_update(party=party, by=request.user, **form.cleaned_data),
        done=f"{party} has been updated.",
        to=reverse("members:party-list"),
    )
    return done or _page(
        request, form, title=f"Change {party}", caption="Party", back_url=reverse("members:party-list"),
        back_text="Back to parties",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def party_retire(request, pk):
    access.require_set_up(request.user)
    party = get_object_or_404(Party.objects.in_use(), pk=pk)
    return _retire(
        request,
        party,
        lambda **kw: services.party_retire(party=party, **kw),
        noun="Party",
        plural="parties",
        list_name="members:party-list",
        note="A retired party is no longer offered for new councillors. Those who stood for it keep it "
        "in their records.",
    )


# Councillors


@require_GET
def councillor_setup_list(request):
    access.require_set_up(request.user)
    return render(request, "members/setup/councillor_list.html", organisation.councillors_for_setup())


def _invited(request, person, created: bool, what: str) -> None:
    """Say what was saved, and whether the invitation went: a mail server that is down leaves the
    record saved, with a warning."""
    if not created:
        messages.success(request, f"{what} has been added. {person.email} already signs in, so no invitation was sent.")
    elif send_invitation(person):
        messages.success(request, f"{what} has been added and sent an email to choose a password.")
    else:
        messages.warning(
            request,
            f"{what} has been added, but the email to choose a password could not be sent. "
            "Ask them to use “Forgotten your password?” on the sign-in page.",
        )


@require_http_methods(["GET", "POST"])
def councillor_add(request):
    access.require_set_up(request.user)
    form = CouncillorForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            member, created = services.councillor_create(
                by=request.user, photo=form.cleaned_data["photo"], **form.person(), **form.details()
            )
        except RuleError as error:
            form_error(form, error)
        else:
            _invited(request, member.user, created, str(member))
            return redirect(member)
    return _page(
        request, form, title="Add a councillor", button="Add councillor", multipart=True,
        back_url=reverse("members:councillor-setup-list"), back_text="Back to councillors",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def councillor_edit(request, pk):
    access.require_set_up(request.user)
    member = get_object_or_404(Member.objects.with_people(), pk=pk)
    form = CouncillorForm(posted(request), request.FILES or None, member=member)
    done = submit(
        request,
        form,
        lambda: services.councillor_update(
            member=member,
            by=request.user,
            name=form.person(),
            photo=form.cleaned_data["photo"],
            remove_photo=form.cleaned_data.get("remove_photo", False),
            **form.details(),
        ),
        done=f"{member} has been updated.",
    )
    return done or _page(
        request, form, title=f"Change {member}", caption="Councillor", multipart=True,
        intro="To record a councillor leaving office, end their term instead of changing the dates here.",
        back_url=member.get_absolute_url(), back_text=f"Back to {member}",
    )  # fmt: skip


# Officers


@require_GET
def officer_list(request):
    access.require_set_up(request.user)
    return render(request, "members/setup/officer_list.html", {"officers": organisation.officers_for_setup()})


@require_http_methods(["GET", "POST"])
def officer_add(request):
    access.require_set_up(request.user)
    form = OfficerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            officer, created = services.officer_create(by=request.user, **form.person(), **form.details())
        except RuleError as error:
            form_error(form, error)
        else:
            _invited(request, officer.user, created, officer.user.get_full_name())
            return redirect("members:officer-list")
    return _page(
        request, form, title="Add an officer", button="Add officer", back_url=reverse("members:officer-list"),
        back_text="Back to officers",
        intro="Someone who already signs in with this email address is linked: they keep their roles and "
        "are given the Officer role. Someone new is given the Officer role and sent an email to choose a password.",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def officer_edit(request, pk):
    access.require_set_up(request.user)
    officer = get_object_or_404(Officer.objects.select_related("user"), pk=pk)
    form = OfficerForm(posted(request), officer=officer)
    done = submit(
        request,
        form,
        lambda: services.officer_update(officer=officer, by=request.user, **form.details()),
        done=f"{officer.user.get_full_name()}'s details have been updated.",
        to=reverse("members:officer-list"),
    )
    return done or _page(
        request, form, title=f"Change {officer.user.get_full_name()}", caption="Officer",
        back_url=reverse("members:officer-list"), back_text="Back to officers",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def officer_retire(request, pk):
    access.require_set_up(request.user)
    officer = get_object_or_404(Officer.objects.in_use().select_related("user"), pk=pk)
    return _retire(
        request,
        officer,
        lambda **kw: services.officer_retire(officer=officer, **kw),
        noun="Officer",
        plural="officers",
        list_name="members:officer-list",
        note="This records that they have left the council, and nothing else: their sign-in, roles, "
        "committee seats and the reviews they lead stay as they are, though exempt papers shared with "
        "them on a need-to-know basis no longer open for them from that day. An Administrator can "
        "deactivate their sign-in and change their roles on their page in People and roles.",
    )


# Portfolios


@require_GET
def portfolio_list(request):
    access.require_set_up(request.user)
    return render(request, "members/setup/portfolio_list.html", {"portfolios": organisation.portfolios_for_setup()})


@require_http_methods(["GET", "POST"])
def portfolio_add(request):
    access.require_set_up(request.user)
    form = PortfolioForm(posted(request))
    done = submit(
        request,
        form,
        lambda: services.portfolio_create(by=request.user, **form.cleaned_data),
        done=lambda portfolio: f"{portfolio} has been added.",
        to=reverse("members:portfolio-list"),
    )
    return done or _page(
        request, form, title="Add a portfolio", button="Add portfolio",
        back_url=reverse("members:portfolio-list"), back_text="Back to portfolios",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def portfolio_edit(request, pk):
    access.require_set_up(request.user)
    portfolio = get_object_or_404(Portfolio, pk=pk)
    form = PortfolioForm(posted(request), instance=portfolio)
    done = submit(
        request,
        form,
        lambda: services.portfolio_update(portfolio=portfolio, by=request.user, **form.cleaned_data),
        done=f"{portfolio} has been updated.",
        to=reverse("members:portfolio-list"),
    )
    return done or _page(
        request, form, title=f"Change {portfolio}", caption="Portfolio",
        back_url=reverse("members:portfolio-list"), back_text="Back to portfolios",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def portfolio_retire(request, pk):
    access.require_set_up(request.user)
    portfolio = get_object_or_404(Portfolio.objects.in_use(), pk=pk)
    return _retire(
        request,
        portfolio,
        lambda **kw: services.portfolio_retire(portfolio=portfolio, **kw),
        noun="Portfolio",
        plural="portfolios",
        list_name="members:portfolio-list",
        note="A retired portfolio stays in the records of the decisions taken under it.",
    )
