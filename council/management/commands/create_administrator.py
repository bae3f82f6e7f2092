from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from council import services
from council.accounts.invitations import invitation_link, send_invitation
from council.accounts.selectors import administrator_awaiting_password
from council.errors import RuleError

REASON = "Administrator added with manage.py create_administrator"


class Command(BaseCommand):
    help = (
        "Add an Administrator (a council's first, on a new installation): they choose their own password "
        "from a one-time link, emailed to them or, with --print-link, printed here, then set up two-factor sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The address they will sign in with.")
        parser.add_argument("--first-name", default="", help="Needed to add them (not with --new-link).")
        parser.add_argument("--last-name", default="", help="Needed to add them (not with --new-link).")
        parser.add_argument(
            "--print-link",
            action="store_true",
            help="Print the one-time link instead of emailing it (for a council whose mail is not set up yet). "
            "Give it to the person only: it lets whoever opens it choose the password.",
        )
        parser.add_argument(
            "--new-link",
            action="store_true",
            help="A new link for an Administrator added here who has not chosen a password yet "
            "(their link expired or the email went astray).",
        )

    def handle(self, *args, email, first_name, last_name, print_link, new_link, **options):
        if new_link:
            person = administrator_awaiting_password(email)
            if person is None:
                raise CommandError(
                    f"{email.strip()} is not an Administrator waiting to choose a password. Someone who has a "
                    "password can use “Forgotten your password?” on the sign-in page."
                )
        else:
            person = self._add(email=email, first_name=first_name, last_name=last_name)

        if not print_link and send_invitation(person):
            self.stdout.write(
                self.style.SUCCESS(
                    f"{person} ({person.email}) is an Administrator and has been sent an email with a link to "
                    "choose a password. The link works once, for one day."
                )
            )
            return
        if not print_link:
            self.stderr.write("The email could not be sent, so here is the link to give them yourself.")
        self.stdout.write(
            self.style.SUCCESS(f"{person} ({person.email}) is an Administrator.")
            + "\nGive them this link, and only them: it works once, for one day, to choose their password.\n"
            + "They then set up an authenticator app for two-factor sign-in.\n\n"
            + invitation_link(person)
            + "\n"
        )

    def _add(self, *, email, first_name, last_name):
        if not first_name.strip() or not last_name.strip():
            raise CommandError("Give their names with --first-name and --last-name.")
        try:
            return services.administrator_create(email=email, first_name=first_name, last_name=last_name, reason=REASON)
        except RuleError as error:
            if error.message != services.ALREADY_A_PERSON:
                raise CommandError(error.message) from None
        if administrator_awaiting_password(email) is not None:
            raise CommandError(
                f"{email.strip()} is already an Administrator here, who has not chosen a password yet. "
                "For a new link, run this again with --new-link."
            )
        raise CommandError(
            f"{email.strip()} is already a person here. An Administrator can give them the Administrator "
            f"role on the People page: {settings.SITE_URL}{reverse('people')}"
        )
