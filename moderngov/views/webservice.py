"""The ModernGov-compatible web service: ``/mgWebService.asmx/<Method>``, answered as ModernGov's own
answers (HTTP GET with query parameters, or POST form-encoded, as ASMX accepts), so that the scrapers
and apps that read every ModernGov council keep reading this one.

Public and read-only: it answers as the public (``access.webservice_reader``), changes nothing, and
its POSTs are exempt from CSRF for that reason only. An unknown method is 404 and a missing or
malformed parameter 400, each with ASMX's wording in plain text (ModernGov answers 500 to both).
"""

import datetime
import re
from collections.abc import Callable

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from council import permissions

from .. import webservice
from ..selectors import webservice as selectors

_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class BadParameter(Exception):
    pass


class _Params:
    """The request's parameters, their names matched without regard to case (as ASMX matches them)."""

    def __init__(self, request):
        data = request.POST if request.method == "POST" else request.GET
        self.values = {key.lower(): data.get(key, "") for key in data}

    def text(self, name: str, *, required: bool = True, default: str = "") -> str:
        value = self.values.get(name.lower())
        if value is None:
            if required:
                raise BadParameter(f"Missing parameter: {name}.")
            return default
        return value.strip()

    def integer(self, name: str, *, required: bool = True) -> int:
        value = self.text(name, required=required, default="0")
        if not re.fullmatch(r"-?\d{1,10}", value):
            raise BadParameter(f"Cannot convert {value} to System.Int32.\r\nParameter name: {name}")
        if not -(2**31) <= int(value) < 2**31:
            raise BadParameter(f"Value was either too large or too small for an Int32.\r\nParameter name: {name}")
        return int(value)

    def date(self, name: str) -> datetime.date:
        value = self.text(name)
        match = _DATE.fullmatch(value)
        try:
            if not match:
                raise ValueError
            day = datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            if not 1753 <= day.year <= 9998:  # SQL Server's range, as ModernGov's; and no overflow here
                raise ValueError
            return day
        except ValueError:
            raise BadParameter(
                f"Cannot convert {value} to System.DateTime.\r\nParameter name: {name} (a date like 31/01/2026)"
            ) from None

    def boolean(self, name: str, default: bool) -> bool:
        value = self.text(name, required=False, default="").lower()
        if not value:
            return default
        if value not in ("true", "false"):
            raise BadParameter(f"Cannot convert {value} to System.Boolean.\r\nParameter name: {name}")
        return value == "true"


def _committees(params: _Params) -> bytes:
    return webservice.committees(selectors.committees())


def _meetings(params: _Params) -> bytes:
    committee, rows = selectors.committee_meetings(
        params.integer("lCommitteeId"), params.date("sFromDate"), params.date("sToDate")
    )
    return webservice.meetings(committee, rows)


def _meetings_by_date(params: _Params) -> bytes:
    rows = selectors.meetings_by_date(
        params.date("sFromDate"),
        params.date("sToDate"),
        committee_id=params.integer("lCommitteeId", required=False),
        ascending=params.boolean("bIsAscendingDateOrder", True),
    )
    return webservice.meetings_by_date(rows)


def _meeting(params: _Params) -> bytes | None:
    detail = selectors.meeting_detail(params.integer("lMeetingId"))
    return None if detail is None else webservice.meeting(detail)


def _by_ward(params: _Params) -> bytes:
    return webservice.councillors_by_ward(selectors.wards())


def _by_ward_id(params: _Params) -> bytes:
    return webservice.councillors_by_ward(selectors.wards(ward_id=params.integer("lWardId")))


#: The methods answered, by their names in lower case (ASMX matches them without regard to case).
METHODS: dict[str, Callable[[_Params], bytes | None]] = {
    "getcommittees": _committees,
    "getmeetings": _meetings,
    "getmeeting": _meeting,
    "getallmeetingsbydate": _meetings_by_date,
    "getcouncillorsbyward": _by_ward,
    "getcouncillorsbywardid": _by_ward_id,
}


def _plain(text: str, status: int) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@permissions.public
@csrf_exempt  # read-only: answers as the public and changes nothing, as ModernGov's own POSTs
@require_http_methods(["GET", "HEAD", "POST"])
def method(request, method: str):
    answer = METHODS.get(method.lower())
    if answer is None:
        return _plain(f"Request format is unrecognized for URL unexpectedly ending in '/{method}'.", 404)
    try:
        content = answer(_Params(request))
    except BadParameter as error:
        return _plain(str(error), 400)
    if content is None:
        # A meeting that does not exist, or that the public may not see, is an empty <meeting> (an
        # answer a reader can parse), the same for both so that its existence is not told.
        content = webservice.to_bytes(webservice.ET.Element("meeting"))
    response = HttpResponse(content, content_type=webservice.CONTENT_TYPE)
    response["X-Content-Type-Options"] = "nosniff"
    return response
