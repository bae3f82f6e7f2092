"""What signing in and out sets off: the session clock, last_login without a history row, the log."""

from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in, user_logged_out

from . import two_factor
from .middleware import start_session_clock
from .models import Outcome


def record_sign_out(sender, request, user, **kwargs):
    from .services import record_sign_in_event

    ended_otherwise = getattr(request, "_council_session_expired", False) or getattr(
        request, "_council_locked_out", False
    )
    if user is not None and request is not None and not ended_otherwise:
        record_sign_in_event(request=request, outcome=Outcome.SIGNED_OUT, person=user)


def connect():
    from .services import record_last_login

    # Django's receiver saves the whole person, which adds an empty row to their audit history.
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(record_last_login, dispatch_uid="council.record_last_login")
    user_logged_in.connect(start_session_clock, dispatch_uid="council.start_session_clock")
    user_logged_in.connect(two_factor.note_requirement, dispatch_uid="council.two_factor_requirement")
    user_logged_out.connect(record_sign_out, dispatch_uid="council.record_sign_out")
