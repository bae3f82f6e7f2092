"""Permission matrix checks for Cabinet business in private and decisions recorded from a Cabinet
meeting (docs/permissions.md)."""

import datetime
from unittest import mock

from django.urls import reverse

from executive.models import PrivateMeetingNotice
from tests.matrix import outcome
from tests.private_meetings_kit import cabinet_meeting, clerk, notices_in_time


def private_meetings_view(client, person, own=None):
    by = clerk()
    _, item = cabinet_meeting(by)
    notices_in_time(item, by)
    return client.get(reverse("executive:private-notice-list"))


def private_meetings_notice(client, person, own=None):
    meeting, item = cabinet_meeting(clerk())
    client.get(reverse("executive:meeting-private", args=[meeting.pk]))
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 12, 6)):
        response = client.post(
            reverse("executive:private-notice-give", args=[item.pk]),
            {"matter": "Award of the leisure contract", "reasons": "Prices.", "published_on": "2026-12-01"},
        )
    return outcome(response, PrivateMeetingNotice.objects.filter(item=item).exists())


def decisions_record_from_meeting(client, person, own=None):
    meeting, _ = cabinet_meeting(clerk(), exempt=False)
    return client.get(reverse("executive:meeting-decisions", args=[meeting.pk]))


CAPABILITIES = {
    "private-meetings.view": private_meetings_view,
    "private-meetings.notice": private_meetings_notice,
    "decisions.record-from-meeting": decisions_record_from_meeting,
}
