"""Reminders as rows claimed by one Celery beat (engineer 3 replaces these stubs).

The owner's services call these inside their transactions; each only records rows to send, so a
rolled-back change schedules nothing.
"""


def plan_on_open(consultation, *, by=None) -> None:
    """The consultation has opened: an invitation to every member of the audience now, and
    reminders to non-responders at the consultation's reminder times before closing."""


def plan_thank_you(consultation, *, by=None) -> None:
    """The owner has published the summary (and outcome): thank respondents, with the link."""


def plan_adhoc(consultation, *, by) -> int:
    """An ad-hoc reminder to every member of the audience who has not responded; returns how many."""
    return 0


def cancel_pending(consultation, *, by=None) -> None:
    """The consultation closed early or was withdrawn: reminders not yet sent will not be."""
