from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from record import scale


class Command(BaseCommand):
    help = (
        "Load a council's decade on top of the demo council (loaded first if missing): about 40 bodies, "
        "4,000 meetings with agendas, registers and minutes, 40,000 agenda items, 60,000 documents (sharing "
        "a few hundred real PDFs), 300 reviews with 3,000 savings lines, 500 consultations with 20,000 "
        "responses, each row with its history. The same rows every time. --fraction scales every count "
        "(0.01 for about 40 meetings). From code: record.scale.load(years=10, fraction=1.0)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10, help="Municipal years before the demo's (1 to 12).")
        parser.add_argument("--fraction", type=float, default=1.0, help="Scale every count (more than 0, at most 1).")
        parser.add_argument("--seed", type=int, default=scale.SEED, help="Another seed gives other (fixed) rows.")
        parser.add_argument("--search-index", action="store_true", help="Rebuild the search index afterwards.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The council's past is demo data: it loads only where DEBUG is on, like load_demo.")
        try:
            result = scale.load(
                years=options["years"],
                fraction=options["fraction"],
                seed=options["seed"],
                index=options["search_index"],
            )
        except (ValueError, scale.AlreadyLoaded) as error:
            raise CommandError(str(error)) from error
        width = max(len(label) for label in result.rows)
        for label, count in result.rows.items():
            self.stdout.write(f"  {label.ljust(width)}  {count:>9,}")
        self.stdout.write(f"  {'history rows'.ljust(width)}  {result.history_rows:>9,}")
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {result.total:,} rows and their history in {result.seconds:.1f} s.")
        )
