"""Fetching a council's data from its ModernGov site, through the web service (mgWebService.asmx,
plain HTTP GET): GetCommittees, GetMeetings for each current committee, GetMeeting for each
meeting, GetCouncillorsByWard; and the documents, from their own addresses.

Every request has a timeout, and a polite delay separates one from the next (a council's site is
not ours to load). Tests pass their own ``opener`` (a local server or a fake): never the network.
"""

import datetime
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from council.errors import RuleError

from .parsing import Source, read

TIMEOUT = 30  # seconds for one request
DELAY = 1.0  # seconds between two requests
MAX_BYTES = 50 * 1024 * 1024
USER_AGENT = "council-governance-import/1.0 (moving from ModernGov)"
#: The meetings fetched: a year back and a year ahead of today.
WINDOW = datetime.timedelta(days=366)


class Fetcher:
    """GETs addresses of one ModernGov site, one at a time, ``delay`` seconds apart."""

    def __init__(
        self,
        base_url: str,
        *,
        opener=None,
        timeout: float = TIMEOUT,
        delay: float = DELAY,
        sleep: Callable[[float], None] = time.sleep,
    ):
        base = base_url.strip().rstrip("/")
        if base.lower().endswith("/mgwebservice.asmx"):
            base = base[: -len("/mgWebService.asmx")]
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RuleError(f"{base_url} is not the address of a ModernGov site (https://…)")
        self.base, self.site = base, parts.hostname
        self.opener = opener or urllib.request.build_opener()
        self.timeout, self.delay, self.sleep = timeout, delay, sleep
        self.requests = 0

    def get(self, url: str) -> bytes:
        if urlsplit(url).scheme not in ("http", "https"):
            raise RuleError(f"{url} is not a web address")
        if self.requests:
            self.sleep(self.delay)
        self.requests += 1
        # The scheme is checked above: only http and https reach the opener.
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                content = response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise RuleError(f"{url} answered {error.code} {error.reason}. Nothing was imported") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise RuleError(f"{url} could not be reached ({reason}). Nothing was imported") from None
        if len(content) > MAX_BYTES:
            raise RuleError(f"{url} sent more than {MAX_BYTES // (1024 * 1024)} MB. Nothing was imported")
        return content

    def service(self, operation: str, **params) -> Source:
        query = f"?{urlencode(params)}" if params else ""
        url = f"{self.base}/mgWebService.asmx/{operation}{query}"
        return Source(name=f"{operation}{query}", content=self.get(url))


def fetch_site(fetcher: Fetcher, *, today: datetime.date) -> list[Source]:
    """Every response the import reads, fetched from the site."""
    committees = fetcher.service("GetCommittees")
    sources = [committees]
    since, until = (today - WINDOW).strftime("%d/%m/%Y"), (today + WINDOW).strftime("%d/%m/%Y")
    for committee in read([committees]).committees.values():
        if committee.deleted or committee.expired:
            continue
        meetings = fetcher.service("GetMeetings", lCommitteeId=committee.id, sFromDate=since, sToDate=until)
        sources.append(meetings)
        for meeting_id in read([meetings]).meetings:
            sources.append(fetcher.service("GetMeeting", lMeetingId=meeting_id))
    sources.append(fetcher.service("GetCouncillorsByWard"))
    return sources
