"""CSV exports: the one writer, and the one guard against formula injection in every cell."""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import StreamingHttpResponse

#: A spreadsheet runs a cell that starts with one of these as a formula (CSV injection), and a tab
#: or carriage return can hide such a start.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | Decimal:
    """A cell a spreadsheet cannot run: numbers are written as numbers; text starting as a formula
    gets a leading ' so it is read as text; None is empty."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    """A file-like object that hands back what is written, so rows stream as they are made."""

    def write(self, value):
        return value


def csv_response(*, filename: str, header: Iterable, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A CSV download of ``header`` then ``rows``, streamed, every cell through ``safe_cell``."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
