"""Writes to the members' register of interests (Localism Act 2011 ss.29-34): a member notifies,
changes and ends their interests and their gifts; the Monitoring Officer reviews entries, marks
sensitive ones (s.32) and grants dispensations (s.33).

Each action is one transaction with the acting person named. Who may act is checked here, not only
in the views, so that no page, command or import can skip it: a member writes only their own
register, and the Monitoring Officer never reviews their own entries nor grants themselves a
dispensation (separation of duties)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone

from council.errors import RuleError
from council.history import with_reason

from .. import access
from ..models import (
    DPI_CATEGORIES,
    Body,
    Dispensation,
    Gift,
    Interest,
    InterestHolder,
    InterestKind,
    Member,
    RegisterReturn,
)
from ..selectors import register as register_selectors

#: s.33(3): a dispensation lasts for a period not exceeding four years.
DISPENSATION_MAX_YEARS = 4

#: The fields of an interest a member writes (the rest are the Monitoring Officer's).
INTEREST_FIELDS = (
    "kind",
    "category",
    "holder",
    "partner_name",
    "description",
    "organisation",
    "subjects",
    "became_aware_on",
)


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def _check_keeper(*, person, by) -> None:
    if not access.can_keep_register(by, person):
        raise RuleError("Only the member can notify interests in their own register")


def _check_reviewer(*, person, by) -> None:
    if not access.can_review_registers(by):
        raise RuleError("Only the Monitoring Officer can do this")
    if by.pk == person.pk:
        raise RuleError("You cannot do this for your own register. Ask the deputy Monitoring Officer")


def _check_interest(values: dict, *, today: datetime.date) -> dict:
    """The rules of one entry, on the values the member gave; returns them tidied."""
    kind, category = values["kind"], values["category"]
    if kind == InterestKind.DISCLOSABLE_PECUNIARY and category not in DPI_CATEGORIES:
        raise RuleError(
            "Choose one of the categories of disclosable pecuniary interest, or another kind of interest",
            field="category",
        )
    if kind != InterestKind.DISCLOSABLE_PECUNIARY and category in DPI_CATEGORIES:
        raise RuleError("This category is a disclosable pecuniary interest: choose that kind of interest", field="kind")
    if values["holder"] == InterestHolder.PARTNER:
        if kind != InterestKind.DISCLOSABLE_PECUNIARY:
            raise RuleError(
                "Only disclosable pecuniary interests are registered for a spouse or partner", field="holder"
            )
        if not values.get("partner_name", "").strip():
            raise RuleError("Enter your spouse's or partner's name", field="partner_name")
    else:
        values["partner_name"] = ""
    if values["became_aware_on"] > today:
        raise RuleError("The day you became aware of it must be today or in the past", field="became_aware_on")
    return values


@transaction.atomic
def interest_add(
    *,
    person,
    by,
    wards=(),
    ask_sensitive: bool = False,
    sensitive_reason: str = "",
    today: datetime.date | None = None,
    **values,
) -> Interest:
    """Notify a new interest in ``person``'s register (s.30, s.31(2)); notified today. A notification
    more than 28 days after they became aware is kept, and shown as late.

    ``ask_sensitive``: the member asks for its details to be withheld (s.32), with their reason. It is
    withheld from the moment it is notified, until the Monitoring Officer decides on review: the
    decision is theirs, but a home address must not be public while it waits for them."""
    today = today or timezone.localdate()
    _check_keeper(person=person, by=by)
    values = _check_interest({key: values.get(key, "") for key in INTEREST_FIELDS}, today=today)
    interest = Interest(person=person, notified_on=today, **values)
    _ask_sensitive(interest, ask_sensitive, sensitive_reason)
    reason = "Interest notified, asked to be withheld (s.32)" if ask_sensitive else "Interest notified"
    with_reason(interest, reason, by=by).save()
    interest.wards.set(wards)
    return interest


def _ask_sensitive(interest: Interest, asked: bool, reason: str) -> None:
    if not asked or interest.sensitive:
        return
    if not reason.strip():
        raise RuleError("Enter why the details should be withheld", field="sensitive_reason")
    interest.sensitive = True
    interest.sensitive_reason = reason.strip()


@transaction.atomic
def interest_change(
    *,
    interest: Interest,
    by,
    wards=None,
    ask_sensitive: bool = False,
    sensitive_reason: str = "",
    today: datetime.date | None = None,
    **values,
) -> Interest:
    """Change an entry; the Monitoring Officer reviews it again. A sensitive one stays sensitive
    until they decide otherwise; the member may ask for one to be withheld (see ``interest_add``)."""
    today = today or timezone.localdate()
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    _check_keeper(person=interest.person, by=by)
    if interest.ended_on and interest.ended_on < today:
        raise RuleError("This interest has ended. Notify a new one instead")
    merged = {key: values.get(key, getattr(interest, key)) for key in INTEREST_FIELDS}
    for key, value in _check_interest(merged, today=today).items():
        setattr(interest, key, value)
    _ask_sensitive(interest, ask_sensitive, sensitive_reason)
    interest.notified_on = today
    interest.reviewed_by, interest.reviewed_at = None, None
    with_reason(interest, "Interest changed", by=by).save()
    if wards is not None:
        interest.wards.set(wards)
    return interest


@transaction.atomic
def interest_end(*, interest: Interest, ended_on: datetime.date, by, today: datetime.date | None = None) -> Interest:
    """Record the last day the member held the interest; the published register no longer shows it
    from the day after."""
    today = today or timezone.localdate()
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    _check_keeper(person=interest.person, by=by)
    if ended_on < interest.became_aware_on:
        raise RuleError(
            f"The end date must be the same as or after the day you became aware of it, "
            f"{_date(interest.became_aware_on)}",
            field="ended_on",
        )
    if ended_on > today:
        raise RuleError("The end date must be today or in the past", field="ended_on")
    interest.ended_on = ended_on
    with_reason(interest, "Interest ended", by=by).save()
    return interest


#: What a member confirms with their return, as it is kept in it.
CONFIRM_COMPLETE = (
    "I confirm that my register of interests is complete and correct: it sets out my disclosable "
    "pecuniary interests and my spouse's or partner's, and my other registrable interests."
)
CONFIRM_NIL = (
    "I confirm that I have nothing to register: I have no disclosable pecuniary interests, my spouse "
    "or partner has none, and I have no other registrable interests."
)


@transaction.atomic
def register_confirm(*, person, by, confirmed: bool, today: datetime.date | None = None) -> RegisterReturn:
    """The member's return for their current term (s.30(1)): they confirm, today, that their register
    is complete and correct, or (with nothing in it) that they have nothing to register: a nil
    return. Within 28 days of the term starting it is on time; after that it is kept, and late."""
    today = today or timezone.localdate()
    _check_keeper(person=person, by=by)
    if not confirmed:
        raise RuleError("Confirm that your register of interests is complete and correct", field="confirmed")
    member = Member.objects.select_for_update().get(user=person)
    started = register_selectors.term_start(member)
    if started is None:
        raise RuleError("Your term of office has not been recorded. Ask Democratic Services to record it")
    nil = register_selectors.nothing_to_register(member, today)
    register_return = RegisterReturn(
        person=person,
        term_starts_on=started,
        submitted_on=today,
        nil=nil,
        statement=CONFIRM_NIL if nil else CONFIRM_COMPLETE,
    )
    with_reason(register_return, "Nil return made" if nil else "Register confirmed complete", by=by).save()
    return register_return


def gift_threshold_pence() -> int:
    return settings.GIFTS_THRESHOLD_POUNDS * 100


@transaction.atomic
def gift_notify(
    *,
    person,
    by,
    received_on: datetime.date,
    donor: str,
    description: str,
    value_pence: int,
    today: datetime.date | None = None,
) -> Gift:
    """Register a gift or hospitality worth at least the council's threshold (the code of conduct's
    "at least £50", settings.GIFTS_THRESHOLD_POUNDS)."""
    today = today or timezone.localdate()
    _check_keeper(person=person, by=by)
    if received_on > today:
        raise RuleError("The day it was received must be today or in the past", field="received_on")
    if value_pence < gift_threshold_pence():
        raise RuleError(
            f"Gifts and hospitality worth less than £{settings.GIFTS_THRESHOLD_POUNDS} are not registered",
            field="value_pence",
        )
    gift = Gift(
        person=person,
        received_on=received_on,
        donor=donor,
        description=description,
        value_pence=value_pence,
        notified_on=today,
    )
    with_reason(gift, "Gift notified", by=by).save()
    return gift


@transaction.atomic
def interest_review(*, interest: Interest, by, sensitive: bool, sensitive_reason: str = "") -> Interest:
    """The Monitoring Officer's review of an entry: reviewed now, and sensitive or not. A sensitive
    interest (s.32) is one whose disclosure could lead to the member, or a person connected with
    them, being subject to violence or intimidation; the reason is recorded, never published."""
    interest = Interest.objects.select_for_update().select_related("person").get(pk=interest.pk)
    _check_reviewer(person=interest.person, by=by)
    sensitive_reason = sensitive_reason.strip()
    if sensitive and not sensitive_reason:
        raise RuleError("Enter why the interest is sensitive", field="sensitive_reason")
    reason = "Interest reviewed"
    if sensitive and not interest.sensitive:
        reason = "Marked sensitive (s.32)"
    elif interest.sensitive and not sensitive:
        reason = "No longer sensitive"
    interest.sensitive = sensitive
    interest.sensitive_reason = sensitive_reason if sensitive else ""
    interest.reviewed_by = by
    interest.reviewed_at = timezone.now()
    with_reason(interest, reason, by=by).save()
    return interest


def interest_mark_sensitive(*, interest: Interest, by, reason: str) -> Interest:
    """Mark an entry sensitive (s.32) with the Monitoring Officer's reason."""
    return interest_review(interest=interest, by=by, sensitive=True, sensitive_reason=reason)


def latest_dispensation_end(starts_on: datetime.date) -> datetime.date:
    """The last day a dispensation from ``starts_on`` may last: four years, the start day counted
    (s.33(3)); from 29 February, four years on is 28 February."""
    try:
        anniversary = starts_on.replace(year=starts_on.year + DISPENSATION_MAX_YEARS)
    except ValueError:  # 29 February into a year that is not a leap year
        anniversary = datetime.date(starts_on.year + DISPENSATION_MAX_YEARS, 3, 1)
    return anniversary - datetime.timedelta(days=1)


@transaction.atomic
def dispensation_grant(
    *,
    person,
    by,
    scope: str,
    reasons: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    interest: Interest | None = None,
    body: Body | None = None,
    may_participate: bool = True,
    may_vote: bool = True,
    today: datetime.date | None = None,
) -> Dispensation:
    """Grant ``person`` a dispensation (s.33) for ``scope``, from ``starts_on`` to ``ends_on`` (at
    most four years), on the Monitoring Officer's authority."""
    today = today or timezone.localdate()
    _check_reviewer(person=person, by=by)
    if not access.keeps_register(person):
        raise RuleError("Dispensations are granted to members", field="person")
    if interest is not None and interest.person_id != person.pk:
        raise RuleError("Choose one of the member's own interests", field="interest")
    if not (may_participate or may_vote):
        raise RuleError("Choose what the dispensation allows: taking part, voting or both", field="may_participate")
    if ends_on < starts_on:
        raise RuleError("The end date must be the same as or after the start date", field="ends_on")
    latest = latest_dispensation_end(starts_on)
    if ends_on > latest:
        raise RuleError(
            f"A dispensation lasts at most four years: from {_date(starts_on)}, until {_date(latest)} at the latest",
            field="ends_on",
        )
    dispensation = Dispensation(
        person=person,
        interest=interest,
        body=body,
        scope=scope,
        reasons=reasons,
        may_participate=may_participate,
        may_vote=may_vote,
        granted_by=by,
        granted_on=today,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    with_reason(dispensation, "Dispensation granted (s.33)", by=by).save()
    return dispensation
