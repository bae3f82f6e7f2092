"""Sign-in pages: password, two-factor code and set-up, lockout, password reset and change,
and the Administrator's sign-in log, unlock and two-factor reset."""

import hashlib
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout, user_login_failed
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import verify_token

from council import permissions
from council.errors import RuleError
from council.forms import ResetPasswordForm, SignInForm, form_error, posted
from council.outbox.services import enqueue

from . import services, tasks, throttle, two_factor
from .forms import CodeForm
from .middleware import allowed_before_second_factor
from .models import Outcome, SignInEvent

User = get_user_model()
SIGN_IN_LOG_PAGE_SIZE = 50


def _next_url(request, default="home") -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return reverse(default)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


class SignInView(auth_views.LoginView):
    """The password step. A person with an authenticator app, or whose role requires one, then
    enters their code (or sets an app up) before reaching any other page."""

    authentication_form = SignInForm

    def form_valid(self, form):
        super().form_valid(form)  # signs in; the session is not yet verified by a code
        person = form.get_user()
        next_url = self.get_success_url()
        if two_factor.confirmed_device(person) is not None:
            return redirect(_with_next("two-factor-verify", next_url))
        if two_factor.is_required(person):
            return redirect(_with_next("two-factor-setup", next_url))
        services.record_sign_in_event(request=self.request, outcome=Outcome.SIGNED_IN, person=person)
        return redirect(next_url)

    def form_invalid(self, form):
        email = form.cleaned_data.get("username")
        if email and form.cleaned_data.get("password"):
            locked = getattr(self.request, "axes_locked_out", False)
            outcome = Outcome.LOCKED_OUT if locked else Outcome.WRONG_PASSWORD
            services.record_sign_in_event(request=self.request, outcome=outcome, email=email)
        return super().form_invalid(form)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response: the sign-in page saying the account is locked and until when."""
    until = throttle.locked_until(request, credentials)
    if request.user.is_authenticated:
        # A wrong code locked the account: the half-finished sign-in ends too.
        request._council_locked_out = True
        logout(request)
    email = throttle.typed_email(request, credentials) or ""
    context = {
        "form": SignInForm(request, initial={"username": email}),
        "locked_until": timezone.localtime(until) if until else None,
        "next": _next_url(request),
    }
    return render(request, "registration/login.html", context, status=429)


def _refuse_if_locked(request, person) -> bool:
    credentials = {"username": person.email}
    if AxesProxyHandler.is_allowed(request, credentials):
        return False
    request.axes_locked_out = True
    request.axes_credentials = credentials
    return True


@never_cache
@allowed_before_second_factor
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Step two: the code from the person's authenticator app."""
    person = request.user
    device = two_factor.confirmed_device(person)
    if device is None:
        return redirect(_with_next("two-factor-setup", _next_url(request)))
    if person.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(posted(request))
    if request.method == "POST" and not _refuse_if_locked(request, person) and form.is_valid():
        verified = verify_token(person, device.persistent_id, form.cleaned_data["code"])
        if verified is not None:
            otp_login(request, verified)
            services.record_sign_in_event(request=request, outcome=Outcome.SIGNED_IN, person=person)
            return redirect(_next_url(request))
        services.record_sign_in_event(request=request, outcome=Outcome.TWO_FACTOR_FAILED, person=person)
        # A wrong code counts towards the lockout like a wrong password.
        user_login_failed.send(sender=__name__, credentials={"username": person.email}, request=request)
        form.add_error("code", "The code is not right. Enter the 6-digit code your app shows now")
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@allowed_before_second_factor
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Set up an authenticator app: scan the QR code (or type the secret), then enter a code."""
    person = request.user
    if two_factor.confirmed_device(person) is not None and not person.is_verified():
        # Only someone who has proved they hold the current app may replace it.
        return redirect(_with_next("two-factor-verify", _next_url(request)))
    device = two_factor.pending_device(person)
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        # Completing a sign-in (a required role's first app), not adding an app once signed in.
        first_sign_in = not person.is_verified() and two_factor.is_required(person)
        try:
            services.two_factor_confirm(device=device, code=form.cleaned_data["code"], by=person)
        except RuleError as error:
            form_error(form, error)
        else:
            device.refresh_from_db()
            otp_login(request, device)
            if first_sign_in:
                services.record_sign_in_event(request=request, outcome=Outcome.SIGNED_IN, person=person)
            messages.success(
                request, "Your authenticator app is set up. You will need a code from it each time you sign in."
            )
            return redirect(_next_url(request))
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "secret": two_factor.secret_for_typing(device),
            "required": two_factor.is_required(person),
        },
    )


@never_cache
@allowed_before_second_factor
@require_GET
def two_factor_qr(request):
    """The QR code of the app being set up, as an SVG image (an <img>, so no inline script or style)."""
    person = request.user
    if two_factor.confirmed_device(person) is not None and not person.is_verified():
        return HttpResponse(status=404)
    svg = two_factor.qr_svg(two_factor.pending_device(person))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


# --- Password reset and change ---------------------------------------------------------------


def _reset_key(kind: str, value: str) -> str:
    return "password-reset:" + kind + ":" + hashlib.sha256(value.encode()).hexdigest()


def _count_reset_request(key: str) -> int:
    cache.add(key, 0, timeout=60 * 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        return 1


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. The request does the same work whether or not the address is anyone's:
    it counts the request and queues a task after commit; the task looks the address up and sends."""

    form_class = ResetPasswordForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        address = get_client_ip_address(self.request) or "unknown"
        by_email = _count_reset_request(_reset_key("email", email))
        by_address = _count_reset_request(_reset_key("ip", address))
        if max(by_email, by_address) > settings.PASSWORD_RESET_LIMIT_PER_HOUR:
            form.add_error(None, "There have been too many requests to reset a password. Wait an hour, then try again")
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        enqueue(tasks.send_password_reset, email=email)
        return redirect(self.get_success_url())


password_change = auth_views.PasswordChangeView.as_view(template_name="registration/password_change_form.html")


# --- The Administrator's pages -------------------------------------------------------------------


@require_GET
def sign_in_log(request):
    """Every sign-in, failed sign-in and sign-out, newest first; for one person with ?person=."""
    permissions.require(request.user, "council.view_signinevent")
    events = permissions.permitted(request.user, SignInEvent.objects.newest_first(), "council.view_signinevent")
    person = None
    if request.GET.get("person", "").isdigit():
        person = get_object_or_404(User, pk=request.GET["person"])
        events = events.filter(person=person)
    page = Paginator(events, SIGN_IN_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "council/sign_in_log.html", {"page": page, "person": person})


@require_POST
def person_unlock(request, pk):
    person = permissions.get_permitted_or_404(request.user, User.objects.all(), "council.change_user", pk=pk)
    services.person_unlock(person=person, by=request.user)
    messages.success(request, f"{person} can sign in again.")
    return redirect(person)


@require_POST
def person_two_factor_reset(request, pk):
    person = permissions.get_permitted_or_404(request.user, User.objects.all(), "council.change_user", pk=pk)
    try:
        services.person_reset_two_factor(person=person, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{person}'s authenticator app has been removed. They will set up a new one when they next sign in.",
        )
    return redirect(person)
