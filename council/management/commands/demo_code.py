from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from council.accounts.demo import demo_code


class Command(BaseCommand):
    help = "Print the demo officers' current two-factor code (DEBUG only: the demo key is public)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo two-factor code exists only in the demo (DEBUG on).")
        self.stdout.write(demo_code())
