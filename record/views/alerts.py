"""Email alerts: subscribing (anyone), confirming, unsubscribing and managing from an email's link,
and a signed-in person's own alert settings."""

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from council import permissions
from council.errors import RuleError
from council.forms import form_error, posted, submit

from .. import access
from ..forms.alerts import FrequencyForm, OwnAlertsForm, SearchSubscribeForm, SubscribeForm
from ..models import PENDING_DAYS, SubscriptionKind, SubscriptionStatus
from ..selectors import alerts as selectors
from ..services import alerts as services

#: The search filters a search alert keeps (those of the search page).
SEARCH_FILTERS = ("body", "type", "from", "to")


def _count_request(kind: str, value: str) -> int:
    key = "alert-subscribe:" + kind + ":" + hashlib.sha256(value.encode()).hexdigest()
    cache.add(key, 0, timeout=60 * 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        return 1


def _too_many(request, email: str) -> bool:
    """Counts the request against its address and its network address, as password resets are."""
    by_email = _count_request("email", services.normalise_email(email))
    by_address = _count_request("ip", get_client_ip_address(request) or "unknown")
    return (
        by_email > settings.ALERT_REQUESTS_PER_ADDRESS_PER_HOUR
        or by_address > settings.ALERT_REQUESTS_PER_NETWORK_PER_HOUR
    )


def _target(request) -> dict:
    """What the subscription follows, from the page's query string; not found if it names nothing."""
    params = request.GET
    if params.get("committee"):
        body = get_object_or_404(selectors.subscribable_bodies(), slug=params["committee"])
        return {"kind": SubscriptionKind.COMMITTEE, "body": body, "subject": f"agendas and minutes of {body}"}
    if params.get("councillor", "").isdigit():
        member = get_object_or_404(selectors.subscribable_councillors(), pk=params["councillor"])
        return {"kind": SubscriptionKind.COUNCILLOR, "member": member, "subject": f"the activity of {member}"}
    if "consultations" in params:
        return {"kind": SubscriptionKind.CONSULTATIONS, "subject": "new consultations open to the public"}
    if "q" in params:
        filters = {name: params[name][:100] for name in SEARCH_FILTERS if params.get(name)}
        return {"kind": SubscriptionKind.SEARCH, "query": params["q"][:200], "filters": filters, "subject": "a search"}
    raise Http404


@permissions.public
@require_http_methods(["GET", "POST"])
def subscription_add(request):
    target = _target(request)
    search = target["kind"] == SubscriptionKind.SEARCH
    form_class = SearchSubscribeForm if search else SubscribeForm
    form = form_class(posted(request), initial={"query": target.get("query", "")} if search else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _too_many(request, data["email"]):
            form.add_error(None, "There have been too many requests for email alerts. Wait an hour, then try again")
            status = 429
        else:
            try:
                services.subscription_request(
                    email=data["email"],
                    kind=target["kind"],
                    frequency=data["frequency"],
                    body=target.get("body"),
                    member=target.get("member"),
                    query=data.get("query", ""),
                    filters=target.get("filters"),
                    by=request.user,
                )
            except RuleError as error:
                form_error(form, error)
            else:
                return redirect("record:subscription-sent")
    return render(
        request,
        "record/alerts/subscribe.html",
        {"form": form, "target": target, "filters": target.get("filters", {})},
        status=status,
    )


@permissions.public
@require_GET
def subscription_sent(request):
    return render(request, "record/alerts/sent.html", {"days": PENDING_DAYS})


def _by_token_or_404(token: str):
    subscription = selectors.subscription_by_token(token)
    if subscription is None:
        raise Http404
    return subscription


@permissions.public
@never_cache
@require_http_methods(["GET", "POST"])
def subscription_confirm(request, token):
    """The confirmation link opens this page; only its button (a POST) confirms, so a mail scanner
    that follows links confirms nothing."""
    subscription = _by_token_or_404(token)
    error = None
    if request.method == "POST":
        try:
            subscription = services.subscription_confirm(subscription=subscription)
        except RuleError as refused:
            error = refused.message
        else:
            return render(request, "record/alerts/confirmed.html", {"subscription": subscription})
    elif subscription.status == SubscriptionStatus.UNSUBSCRIBED or services.is_expired(subscription, timezone.now()):
        error = "This link has expired or was cancelled. Subscribe again for a new link"
    return render(request, "record/alerts/confirm.html", {"subscription": subscription, "error": error})


@permissions.public
@csrf_exempt  # RFC 8058: a mail client's one-click POST carries no CSRF token; it can only unsubscribe.
@never_cache
@require_http_methods(["GET", "POST"])
def subscription_unsubscribe(request, token):
    """GET: a page with the button. POST (the button, or a mail client's one-click
    ``List-Unsubscribe=One-Click``): unsubscribes the token's subscription and nothing else."""
    subscription = _by_token_or_404(token)
    if request.method == "POST":
        subscription = services.subscription_unsubscribe(subscription=subscription)
        return render(request, "record/alerts/unsubscribed.html", {"subscription": subscription})
    return render(request, "record/alerts/unsubscribe.html", {"subscription": subscription})


@permissions.public
@never_cache
@require_GET
def subscription_manage(request, token):
    """Every subscription of the address the link was sent to."""
    subscription = _by_token_or_404(token)
    return render(
        request,
        "record/alerts/manage.html",
        {"subscription": subscription, "subscriptions": selectors.address_subscriptions(subscription)},
    )


@permissions.public
@require_POST
def subscription_frequency(request, token):
    """Change how often one of the address's subscriptions (``subscription``) is sent, from the
    manage page; only a subscription of the address the link was sent to."""
    subscription = _by_token_or_404(token)
    form = FrequencyForm(request.POST)
    if not form.is_valid():
        raise Http404
    chosen = form.cleaned_data["subscription"]
    other = next((s for s in selectors.address_subscriptions(subscription) if s.pk == chosen), None)
    if other is None:
        raise Http404
    try:
        services.subscription_change_frequency(subscription=other, frequency=form.cleaned_data["frequency"])
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Changed: {other.subject}.")
    return redirect("record:subscription-manage", token=token)


@require_http_methods(["GET", "POST"])
def alert_settings(request):
    """A signed-in person's own alerts, sent to the address they sign in with."""
    access.require_choose_own_alerts(request.user)
    chosen = selectors.own_alerts(request.user)
    form = OwnAlertsForm(
        posted(request),
        initial={
            "bodies": chosen.bodies,
            "members": chosen.members,
            "consultations": chosen.consultations,
            "frequency": chosen.frequency,
        },
    )
    response = submit(
        request,
        form,
        lambda: services.own_alerts_save(person=request.user, **form.cleaned_data),
        done="Your email alerts have been saved.",
        to="record:alert-settings",
    )
    if response:
        return response
    return render(request, "record/alerts/settings.html", {"form": form, "others": chosen.others})
