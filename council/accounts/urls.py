"""Sign-in routes under accounts/ (Django's own auth URLs fill in the rest: reset confirm, done pages)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .middleware import allowed_before_second_factor

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", allowed_before_second_factor(auth_views.LogoutView.as_view()), name="logout"),
    path("two-factor/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/set-up/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/set-up/qr-code.svg", views.two_factor_qr, name="two-factor-qr"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password_change/", views.password_change, name="password_change"),
    path("sign-ins/", views.sign_in_log, name="sign-in-log"),
]
