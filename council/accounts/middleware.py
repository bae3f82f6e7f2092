"""Two rules on every request of a signed-in person: sessions end, and officers need their code."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from . import two_factor

SIGNED_IN_AT = "council_signed_in_at"
LAST_SEEN = "council_last_seen"
# The last-seen time is written at most this often (seconds), so a busy page does not save the
# session on every request.
LAST_SEEN_RESOLUTION = 60


def start_session_clock(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: the absolute lifetime and the idle time start now."""
    if hasattr(request, "session"):
        now = int(timezone.now().timestamp())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN] = now


def idle_limit_seconds(request) -> int:
    required = two_factor.required_in_session(request)
    minutes = settings.SESSION_IDLE_MINUTES if required else settings.SESSION_IDLE_MINUTES_MEMBERS
    return minutes * 60


class SessionLifetimeMiddleware:
    """Sign the person out after their idle time (30 minutes for officers and clerks by default) or
    SESSION_MAX_HOURS after signing in, whichever comes first. The next page asks them to sign in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        from .models import Outcome
        from .services import record_sign_in_event

        session = request.session
        now = int(timezone.now().timestamp())
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        last_seen = session.setdefault(LAST_SEEN, now)
        too_old = now - signed_in_at >= settings.SESSION_MAX_HOURS * 60 * 60
        idle = now - last_seen >= idle_limit_seconds(request)
        if too_old or idle:
            person = request.user
            # Not Django's logout signal: the log says why the session ended.
            request._council_session_expired = True
            logout(request)
            record_sign_in_event(request=request, outcome=Outcome.SESSION_EXPIRED, person=person)
            messages.info(
                request,
                "You have been signed out because you were inactive for too long. Sign in again to continue."
                if idle and not too_old
                else f"You have been signed out because you signed in more than {settings.SESSION_MAX_HOURS} "
                "hours ago. Sign in again to continue.",
            )
        elif now - last_seen >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN] = now


def allowed_before_second_factor(view_func):
    """Mark a view a signed-in person may use before entering their code (sign-out, the code and
    set-up pages)."""
    view_func.before_second_factor = True
    return view_func


class TwoFactorMiddleware:
    """A person with an authenticator app, or in a role that requires one, reaches nothing but the
    code page (or the set-up page) until this session is verified with a code. The pages the public
    may open (a meeting, a published paper, a pack) answer them as the public meanwhile: a password
    alone must not open what only the person may see (their committee's exempt papers, its
    confidential pack)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if getattr(view_func, "before_second_factor", False):
            return None
        if two_factor.confirmed_device(user) is not None:
            target = "two-factor-verify"
        elif two_factor.required_in_session(request):
            target = "two-factor-setup"
        else:
            return None
        if not getattr(view_func, "login_required", True):
            request.user = AnonymousUser()
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
