"""Times and dates in GOV.UK style, in the council's time zone."""

import datetime

import pytest
from django.template import Context, Template

UTC = datetime.UTC


def render(value, filter_name):
    return Template("{% load govuk %}{{ value|" + filter_name + " }}").render(Context({"value": value}))


@pytest.mark.parametrize(
    ("utc_time", "expected"),
    [
        (datetime.datetime(2026, 11, 26, 14, 5, tzinfo=UTC), "2:05pm"),
        (datetime.datetime(2026, 11, 26, 10, 0, tzinfo=UTC), "10am"),
        (datetime.datetime(2026, 11, 26, 12, 0, tzinfo=UTC), "midday"),
        (datetime.datetime(2026, 11, 26, 0, 0, tzinfo=UTC), "midnight"),
        # British Summer Time: 18:30 UTC is 7:30pm in London.
        (datetime.datetime(2026, 6, 10, 18, 30, tzinfo=UTC), "7:30pm"),
    ],
)
def test_govuk_time(utc_time, expected):
    assert render(utc_time, "govuk_time") == expected


def test_govuk_datetime_in_london_time():
    value = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 April in BST
    assert render(value, "govuk_datetime") == "1 April 2026 at 12:30am"
    assert render(None, "govuk_datetime") == ""
