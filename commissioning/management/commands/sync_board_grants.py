from django.core.management.base import BaseCommand

from commissioning.services.boards import sync_all_board_grants


class Command(BaseCommand):
    help = "Bring programme board members' grants on their reviews in step with the seats current today."

    def handle(self, *args, **options):
        checked = sync_all_board_grants()
        self.stdout.write(f"Checked the grants of {checked} board seat holders.")
