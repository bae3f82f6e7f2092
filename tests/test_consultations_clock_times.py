"""Times typed on the night the clocks change: one that does not exist in the UK, or that happens
twice, is refused with a message saying why, and the form keeps what was typed."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from members.models import Consultation

pytestmark = pytest.mark.django_db


def create(client, officer, **times):
    data = {
        "title": "Member roles in commissioning",
        "purpose": "How you want to take part.",
        "owner": officer.pk,
        "opens_day": "2027-03-20",
        "opens_time": "09:00",
        "closes_day": "2027-03-30",
        "closes_time": "17:00",
        "audience": "all",
    } | times
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)):
        return client.post(reverse("members:consultation-add"), data)


def test_a_time_the_clocks_skip_is_refused(client_for, officer):
    response = create(client_for(officer), officer, closes_day="2027-03-28", closes_time="01:30")
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in page
    assert "1:30am does not exist on Sunday 28 March 2027" in page
    assert 'value="01:30"' in page and "Member roles in commissioning" in page
    assert not Consultation.objects.exists()


def test_a_time_that_happens_twice_is_refused(client_for, officer):
    response = create(client_for(officer), officer, opens_day="2026-10-25", opens_time="01:30", closes_day="2026-11-02")
    page = response.content.decode()
    assert response.status_code == 200
    assert "1:30am happens twice on Sunday 25 October 2026" in page
    assert not Consultation.objects.exists()


def test_times_either_side_of_the_change_are_taken(client_for, officer):
    response = create(client_for(officer), officer, closes_day="2027-03-28", closes_time="02:00")
    assert response.status_code == 302
    assert Consultation.objects.get().closes_at == datetime.datetime(2027, 3, 28, 1, tzinfo=datetime.UTC)
