"""Foundation views: the dashboard, audit history, people and roles, health and errors."""

import sentry_sdk
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from health_check.views import HealthCheckView

from . import dashboard, health, permissions, services
from . import history as audit
from .accounts.invitations import send_invitation
from .accounts.selectors import sign_in_status
from .errors import RuleError
from .forms import posted
from .page_cache import private_page
from .people import PersonForm, RolesForm
from .roles import ROLE_DESCRIPTIONS, Role

User = get_user_model()
# A history's entries a page at a time, newest first (the GOV.UK pagination pattern).
HISTORY_PER_PAGE = 50


@private_page
def home(request):
    return render(request, "council/home.html", {"panels": dashboard.panels_for(request)})


def roles_panel(request):
    return {"roles": [(role, ROLE_DESCRIPTIONS[Role(role)]) for role in permissions.roles_of(request.user)]}


@require_GET
def history(request, app_label, model_name, pk):
    """The audit history of any tracked object, for those who may read the object itself (its
    app's read rule), with the fields they may not see withheld; any other object is not found."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404 from exc
    if not hasattr(model, "history"):
        raise Http404
    obj = audit.readable(request.user, model, model._default_manager.filter(pk=pk)).first()
    if obj is None:
        raise Http404
    withheld = audit.withheld_fields(request.user, obj)
    label = str(model._meta.verbose_name).capitalize()
    return render(
        request,
        "council/history.html",
        {
            "object": f"this {label.lower()}" if audit.name_withheld(obj, withheld) else obj,
            "object_label": label,
            "back_url": obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None,
            "entries": Paginator(audit.timeline(obj, withheld=withheld), HISTORY_PER_PAGE).get_page(
                request.GET.get("page")
            ),
        },
    )


def people(request):
    permissions.require(request.user, "council.view_user")
    people = permissions.permitted(request.user, User.objects.all(), "council.view_user").prefetch_related("groups")
    return render(
        request,
        "council/people.html",
        {
            "people": people,
            "can_add": permissions.can(request.user, "council.add_user"),
            "can_read_sign_in_log": permissions.can(request.user, "council.view_signinevent"),
        },
    )


def person_detail(request, pk):
    person = permissions.get_permitted_or_404(request.user, User.objects.all(), "council.view_user", pk=pk)
    can_change = permissions.can(request.user, "council.change_user", person)
    return render(
        request,
        "council/person_detail.html",
        {
            "person": person,
            "person_roles": permissions.roles_of(person),
            "can_change": can_change,
            "sign_in": sign_in_status(person) if can_change else None,
        },
    )


@require_http_methods(["GET", "POST"])
def person_roles(request, pk):
    person = permissions.get_permitted_or_404(request.user, User.objects.all(), "council.change_user", pk=pk)
    form = RolesForm(posted(request), initial={"roles": permissions.roles_of(person)})
    if request.method == "POST" and form.is_valid():
        try:
            services.person_set_roles(person=person, roles=form.cleaned_data["roles"], by=request.user)
        except RuleError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Roles updated for {person}.")
            return redirect(person)
    return render(
        request, "council/person_roles.html", {"person": person, "form": form, "role_help": ROLE_DESCRIPTIONS}
    )


@require_http_methods(["GET", "POST"])
def person_add(request):
    permissions.require(request.user, "council.add_user")
    form = PersonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_create(
                by=request.user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                title=data["title"],
                roles=data["roles"],
            )
        except RuleError as error:
            form.add_error(error.field, error.message)
        else:
            if send_invitation(person):
                messages.success(request, f"{person} has been added and sent an email to choose a password.")
            else:
                messages.warning(
                    request,
                    f"{person} has been added, but the email to choose a password could not be sent. "
                    "Ask them to use “Forgotten your password?” on the sign-in page.",
                )
            return redirect(person)
    return render(request, "council/person_add.html", {"form": form, "role_help": ROLE_DESCRIPTIONS})


@permissions.public
@require_GET
def accessibility(request):
    """The accessibility statement public sector bodies must publish (PSBAR 2018), following the
    GOV.UK model statement; the contact details and review date are settings."""
    return render(
        request,
        "council/accessibility.html",
        {
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "contact_phone": settings.ACCESSIBILITY_CONTACT_PHONE,
            "reply_working_days": settings.ACCESSIBILITY_REPLY_WORKING_DAYS,
            "last_reviewed": settings.ACCESSIBILITY_LAST_REVIEWED,
            "site_url": settings.SITE_URL,
        },
    )


class HealthView(HealthCheckView):
    """For load balancers and container health checks, and people: each part of the service and its
    status; 200 when all answer, 503 when one does not (also as ?format=json or text)."""

    template_name = "council/health.html"

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:  # the library's "a check failed": the service is unavailable
            response.status_code = 503
        return response

    def get_checks(self):
        return health.configured_checks()


# Never kept by a browser, a shared cache or the public pages' cache (council/http_cache.py): a load
# balancer must see each part's status as it is now.
healthz = permissions.public(never_cache(HealthView.as_view()))


def errors_are_reported() -> bool:
    """Whether an unhandled error reaches the service team: mailed to ADMINS, or sent to Sentry."""
    return bool(settings.ADMINS) or bool(sentry_sdk.get_client().dsn)


@permissions.public
def server_error(request):
    """The 500 page, rendered without the request context (which may be what failed)."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render(
            {
                "council_name": settings.COUNCIL_NAME,
                "service_name": settings.COUNCIL_SERVICE_NAME,
                "team_told": errors_are_reported(),
            }
        )
    )
