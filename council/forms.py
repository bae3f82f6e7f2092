from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.shortcuts import redirect

from .demo import DEMO_PASSWORD
from .errors import RuleError


class GovukFormRenderer(TemplatesSetting):
    """Render every form and field in the GOV.UK Frontend pattern.

    The field template gives each field its label (or fieldset and legend), hint and inline
    error; the widget overrides in ``templates/django/forms/widgets/`` give the controls their
    GOV.UK classes. ``TemplatesSetting`` makes the project's ``templates/`` directory win over
    Django's built-in widget templates.
    """

    form_template_name = "forms/govuk/form.html"
    field_template_name = "forms/govuk/field.html"


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (2025-05-20) whatever the locale: given the
    British 20/05/2025, browsers show an empty field and a saved date would be lost on the next save."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class SignInForm(AuthenticationForm):
    """Django's sign-in form without autofocus, which would compete with the error summary for focus."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].label = "Email address"

    def clean(self):
        # The demo council's one password is published in the README: on a live service (DEBUG
        # off) it opens nothing, even an account that somehow holds it.
        if not settings.DEBUG and self.cleaned_data.get("password") == DEMO_PASSWORD:
            raise ValidationError(
                "That is the demo council's published password and it does not work here. "
                "Use the link in your invitation, or reset your password",
                code="demo_password",
            )
        return super().clean()


class ResetPasswordForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )


def posted(request):
    """The submitted data on POST, else None: a POST that sends nothing still binds the form, so
    its errors show instead of a blank form."""
    return request.POST if request.method == "POST" else None


def form_error(form, error) -> None:
    """Put a service's ``RuleError`` on the form: on its field when the form has that field,
    otherwise at the top of the error summary."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def submit(request, form, action, *, done, to=None):
    """The post of a form page, one way: when ``form`` is posted and valid, call ``action`` (a
    service, with no arguments: it reads ``form.cleaned_data``), then say ``done`` and redirect to
    ``to``, each given as it is or as a function of what the service returned (``to`` left out: the
    record the service returned).

    Returns None for a GET or an invalid form, and when the service refuses: its ``RuleError`` goes
    on the form (``form_error``), so the view renders the form again in the GOV.UK error pattern.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action()
    except RuleError as error:
        form_error(form, error)
        return None
    messages.success(request, done(result) if callable(done) else done)
    if to is None:
        return redirect(result)
    return redirect(to(result) if callable(to) else to)
