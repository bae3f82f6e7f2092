from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from council.accounts.demo import demo_key_for_typing, give_demo_officers_an_app
from council.demo import DEMO_PASSWORD, load_all


class Command(BaseCommand):
    help = "Load (or refresh) the demo council. Safe to run again: it changes nothing that is already there."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo council's sign-ins share one published password, so it loads only where DEBUG is on "
                "(make run). On a live service, set the council up in Council set-up or import it from ModernGov."
            )
        logins = load_all()
        self.stdout.write(self.style.SUCCESS("Demo council loaded."))
        if logins:
            width = max(len(login.role) for login in logins)
            self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})\n")
            for login in logins:
                self.stdout.write(f"  {login.role.ljust(width)}  {login.email}  ({login.name})")
            self.stdout.write("")
            if give_demo_officers_an_app([login.email for login in logins]):
                self.stdout.write(
                    "Officers, clerks and the Administrator also need a two-factor code. Add this demo key to an\n"
                    f"authenticator app (time-based): {demo_key_for_typing()}\n"
                    "or print the current code with: python manage.py demo_code\n"
                )
