from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import ResetPasswordForm, SignInForm

_email_context = {"council_name": settings.COUNCIL_NAME, "service_name": settings.COUNCIL_SERVICE_NAME}

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=ResetPasswordForm, extra_email_context=_email_context),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.history, name="history"),
    path("people/", views.people, name="people"),
    path("people/add/", views.person_add, name="person-add"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/roles/", views.person_roles, name="person-roles"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("packs/", include("council.packs.urls")),
    path("", include("members.urls")),
    path("", include("scrutiny.urls")),
    path("", include("commissioning.urls")),
]

handler500 = "council.views.server_error"

# Uploaded documents are never served from MEDIA_URL, not even in development: they go through
# scrutiny's document view, which applies the exempt-information rules (LGA 1972 Schedule 12A).
