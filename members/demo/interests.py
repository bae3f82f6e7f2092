"""The demo council's registers of interests: three councillors with entries that show each part of
the register (a sensitive interest, a spouse's or partner's interest, a gift, a dispensation), and
every councillor's return for the 2023 term (s.30(1)): a nil return for those with nothing to
register, made in time, except the two in ``NO_RETURN``, whom the Monitoring Officer sees overdue.

Entries go in through the services, as the member and the Monitoring Officer would make them, on
the days they would have (notified soon after the 2023 term started, so those registers are not
overdue). A member who already has entries is left alone, so loading twice adds nothing."""

import datetime

from django.utils import timezone

from ..models import Interest, InterestCategory, InterestHolder, InterestKind, Member, RegisterReturn
from ..services import interests as services
from .people import TERM_STARTS_ON

NOTIFIED_ON = TERM_STARTS_ON + datetime.timedelta(days=14)
AWARE_ON = TERM_STARTS_ON
#: The returns, made in time: the 20th day of the term, after the first entries.
RETURNED_ON = TERM_STARTS_ON + datetime.timedelta(days=20)
#: Councillors who never made their return: the Monitoring Officer's list shows them overdue.
NO_RETURN = ("Gordon Tate", "Victoria Sands")


def _add(person, **values):
    fields = {"holder": InterestHolder.MEMBER, "became_aware_on": AWARE_ON, **values}
    return services.interest_add(person=person, by=person, today=NOTIFIED_ON, **fields)


def load(people: dict) -> None:
    officer = people["Priya Shah"]
    mclain, hartley, rowe = people["Alan McLain"], people["Richard Hartley"], people["Helen Rowe"]
    today = timezone.localdate()

    if not Interest.objects.filter(person=mclain).exists():
        _add(
            mclain,
            kind=InterestKind.DISCLOSABLE_PECUNIARY,
            category=InterestCategory.EMPLOYMENT,
            description="Self-employed electrician",
            organisation="McLain Electrical Services",
        )
        _add(
            mclain,
            kind=InterestKind.DISCLOSABLE_PECUNIARY,
            category=InterestCategory.EMPLOYMENT,
            holder=InterestHolder.PARTNER,
            partner_name="Fiona McLain",
            description="Teaching assistant, Riverside Primary School",
            organisation="Northbridge Schools Trust",
            subjects="schools, education",
        )
        received = today - datetime.timedelta(days=40)
        services.gift_notify(
            person=mclain,
            by=mclain,
            received_on=received,
            donor="Northbridge Chamber of Commerce",
            description="Dinner at the annual business awards",
            value_pence=8500,
            today=received + datetime.timedelta(days=6),
        )

    if not Interest.objects.filter(person=hartley).exists():
        home = _add(
            hartley,
            kind=InterestKind.DISCLOSABLE_PECUNIARY,
            category=InterestCategory.LAND,
            description="Home address in the borough",
            subjects="housing",
        )
        services.interest_mark_sensitive(
            interest=home, by=officer, reason="Police advice after threats made to the member at a surgery."
        )
        shares = _add(
            hartley,
            kind=InterestKind.DISCLOSABLE_PECUNIARY,
            category=InterestCategory.SECURITIES,
            description="Shares above £25,000 in a company with a place of business in the borough",
            organisation="Northbridge Estates plc",
            subjects="regeneration, town centre",
        )
        services.interest_review(interest=shares, by=officer, sensitive=False)
        starts = today - datetime.timedelta(days=30)
        services.dispensation_grant(
            person=hartley,
            by=officer,
            interest=shares,
            scope="Setting the council tax and the budget",
            reasons="Section 33(2)(e): without it, the Cabinet could not take the budget proposals to Council.",
            starts_on=starts,
            ends_on=services.latest_dispensation_end(starts),
            today=starts,
        )

    if not Interest.objects.filter(person=rowe).exists():
        _add(
            rowe,
            kind=InterestKind.OTHER_REGISTRABLE,
            category=InterestCategory.UNPAID_DIRECTORSHIP,
            description="Trustee and unpaid director",
            organisation="Riverside Food Bank",
            subjects="food bank, poverty, welfare",
        )

    returns()


def returns() -> None:
    """Every demo councillor's return for their term, but those in ``NO_RETURN``; loading twice
    adds nothing."""
    returned = set(RegisterReturn.objects.values_list("person_id", flat=True))
    for member in Member.objects.filter(term_starts_on=TERM_STARTS_ON).select_related("user"):
        if member.user_id in returned or member.user.get_full_name() in NO_RETURN:
            continue
        services.register_confirm(person=member.user, by=member.user, confirmed=True, today=RETURNED_ON)
