from django.core.management.base import BaseCommand

from record.services.search import index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of the public record from every searchable record."

    def handle(self, *args, **options):
        count = index_rebuild()
        self.stdout.write(f"Search index rebuilt: {count:,} entries.")
