"""Fetching a council's data from its ModernGov site, through the web service (mgWebService.asmx,
plain HTTP GET): GetCommittees, GetMeetings for each current committee, GetMeeting for each
meeting, GetCouncillorsByWard; and the documents, from their own addresses.

Every request has a timeout on each wait and a deadline for the whole answer, and a polite delay
separates one from the next (a council's site is not ours to load). Tests pass their own ``opener``
(a local server or a fake): never the network.

The addresses come from files (and redirects) that are not ours, so the server must not be made to
ask its own network (server-side request forgery: 127.0.0.1, 10.0.0.0/8, the cloud's metadata at
169.254.169.254). The default opener connects only to public internet addresses, checked on the
address each connection is actually made to (so neither a redirect nor a name that resolves to an
internal address gets through), follows redirects only to http(s), speaks no other scheme (no ftp,
file or data) and uses no proxy. ``private_network=True`` lifts the address check, for a ModernGov
site on the council's own network: only the command line offers it (``--private-network``).
"""

import datetime
import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from council.errors import RuleError

from .parsing import Source, read

TIMEOUT = 30  # seconds for any one wait (connecting, or the next bytes of an answer)
DEADLINE = 120  # seconds for the whole of one answer, however slowly it trickles in
DELAY = 1.0  # seconds between two requests
MAX_BYTES = 50 * 1024 * 1024
USER_AGENT = "council-governance-import/1.0 (moving from ModernGov)"
#: The meetings fetched: a year back and a year ahead of today.
WINDOW = datetime.timedelta(days=366)


class NotPublic(OSError):
    """An address the server must not ask (urllib reports it as the reason the address was not reached)."""


def _public(ip: str) -> bool:
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _public_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None, **kwargs):  # type: ignore[attr-defined]
    """``socket.create_connection``, refusing a host any of whose addresses is not public, and
    connecting to the very address checked (a second lookup could answer differently)."""
    host, port = address
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for *_, sockaddr in found:
        if not _public(str(sockaddr[0])):
            raise NotPublic(f"{host} is not a public internet address")
    error: OSError = OSError(f"{host} has no address")
    for family, kind, proto, _, sockaddr in found:
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as failed:
            error = failed
            sock.close()
    raise error


class _PublicHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _public_connection


class _PublicHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _public_connection


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_PublicHTTPSConnection, req, context=self._context)  # type: ignore[attr-defined]


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(
                newurl, code, "redirected to an address that is not a web address", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def public_opener(*, private_network: bool = False) -> urllib.request.OpenerDirector:
    """http(s) only, no proxy, redirects only to http(s); public addresses only unless ``private_network``."""
    opener = urllib.request.OpenerDirector()
    handlers = (
        [urllib.request.HTTPHandler(), urllib.request.HTTPSHandler()]
        if private_network
        else [_PublicHTTPHandler(), _PublicHTTPSHandler()]
    )
    for handler in (
        urllib.request.ProxyHandler({}),
        *handlers,
        _WebRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


class Fetcher:
    """GETs addresses of one ModernGov site, one at a time, ``delay`` seconds apart."""

    def __init__(
        self,
        base_url: str,
        *,
        opener=None,
        timeout: float = TIMEOUT,
        deadline: float = DEADLINE,
        delay: float = DELAY,
        sleep: Callable[[float], None] = time.sleep,
        private_network: bool = False,
    ):
        base = base_url.strip().rstrip("/")
        if base.lower().endswith("/mgwebservice.asmx"):
            base = base[: -len("/mgWebService.asmx")]
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RuleError(f"{base_url} is not the address of a ModernGov site (https://…)")
        self.base, self.site = base, parts.hostname
        self.opener = opener or public_opener(private_network=private_network)
        self.timeout, self.deadline, self.delay, self.sleep = timeout, deadline, delay, sleep
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
                content = self._read(url, response)
        except urllib.error.HTTPError as error:
            raise RuleError(f"{url} answered {error.code} {error.reason}. Nothing was imported") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise RuleError(f"{url} could not be reached ({reason}). Nothing was imported") from None
        if len(content) > MAX_BYTES:
            raise RuleError(f"{url} sent more than {MAX_BYTES // (1024 * 1024)} MB. Nothing was imported")
        return content

    def _read(self, url: str, response) -> bytes:
        """The answer, a chunk as it comes, refused once it takes longer than ``deadline`` in all
        (the timeout alone bounds each wait: a byte every few seconds would never end)."""
        ends = time.monotonic() + self.deadline
        read = getattr(response, "read1", response.read)
        chunks, size = [], 0
        while size <= MAX_BYTES:
            if time.monotonic() > ends:
                raise RuleError(f"{url} took longer than {self.deadline:g} seconds to answer. Nothing was imported")
            chunk = read(min(64 * 1024, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)

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
