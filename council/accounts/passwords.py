"""A password rule of our own: nobody chooses the demo council's published password."""

from django.core.exceptions import ValidationError

from council.demo import DEMO_PASSWORD


class NotTheDemoPasswordValidator:
    """The demo's password is printed by ``make run`` and the README; as anyone's own password it
    would be a shared one. Django asks this validator wherever a person chooses a password (the
    invitation link, reset, change)."""

    def validate(self, password, user=None):
        if password == DEMO_PASSWORD:
            raise ValidationError(
                "This is the demo council's published password. Choose a password of your own",
                code="demo_password",
            )

    def get_help_text(self):
        return "Your password cannot be the demo council's published password."
