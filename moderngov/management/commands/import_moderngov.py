"""manage.py import_moderngov SOURCE: a folder of saved mgWebService responses, or a ModernGov site's address."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from council.errors import RuleError
from moderngov.services import runs
from moderngov.services.fetching import DELAY, Fetcher
from moderngov.services.importing import KINDS
from moderngov.services.parsing import Source


class Command(BaseCommand):
    help = (
        "Import wards, parties, councillors, committees, memberships and meetings from ModernGov: SOURCE is a "
        "folder of saved mgWebService XML responses (any file names) or the address of the council's ModernGov "
        "site. Run it twice: a trial with --dry-run, then the real one. All or nothing; importing again updates "
        "what changed and creates nothing twice."
    )

    opener = None  # tests put a fake opener here: never the network
    delay: float | None = None

    def add_arguments(self, parser):
        parser.add_argument("source", help="a folder of saved XML responses, or https://democracy.example.gov.uk")
        parser.add_argument("--dry-run", action="store_true", help="check and count everything, then write nothing")
        parser.add_argument(
            "--documents", action="store_true", help="also fetch the documents, checked like a clerk's upload"
        )
        parser.add_argument("--by", metavar="EMAIL", help="the email address of the person importing")
        parser.add_argument("--site", help="the ModernGov site the files come from (default: from their addresses)")
        parser.add_argument(
            "--private-network",
            action="store_true",
            help="allow addresses on a private network (a ModernGov site inside the council's own network); "
            "without it only public internet addresses are fetched",
        )

    def handle(self, *args, source, dry_run, documents, by, site, private_network, **options):
        person = None
        if by:
            person = get_user_model().objects.filter(email__iexact=by.strip()).first()
            if person is None:
                raise CommandError(f"Nobody here has the email address {by}")
        try:
            if source.startswith(("http://", "https://")):
                fetched_site, sources = runs.fetch_sources(
                    base_url=source, opener=self.opener, delay=self.delay, private_network=private_network
                )
                site = site or fetched_site
            else:
                sources = self._folder(source)
            fetcher = None
            if documents:
                base = source if source.startswith(("http://", "https://")) else f"https://{site or 'localhost'}"
                fetcher = Fetcher(
                    base,
                    opener=self.opener,
                    delay=DELAY if self.delay is None else self.delay,
                    private_network=private_network,
                )
            run = runs.run_command(
                source=source, sources=sources, site=site or "", by=person, dry_run=dry_run, fetcher=fetcher
            )
        except RuleError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{'Trial (nothing written)' if dry_run else 'Imported'} from {run.site}:")
        for kind in KINDS:
            counts = run.counts.get(kind)
            if counts:
                self.stdout.write(
                    f"  {kind}: {counts['created']} created, {counts['changed']} changed, "
                    f"{counts['unchanged']} unchanged, {counts['left']} left"
                )
        for message in run.messages:
            self.stdout.write(f"  {message}")

    def _folder(self, source: str) -> list[Source]:
        folder = Path(source)
        if not folder.is_dir():
            raise CommandError(f"{source} is neither a folder nor a web address")
        files = sorted(path for path in folder.iterdir() if path.is_file() and path.suffix.lower() == ".xml")
        if not files:
            raise CommandError(f"{source} has no .xml files")
        return [Source(name=path.name, content=path.read_bytes()) for path in files]
