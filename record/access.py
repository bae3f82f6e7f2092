"""Who may do what in the public record, answered through ``council.permissions``.

- Read the public home, search the public record and download the open data: everyone, signed in
  or not. Signed-in people's results add what their own roles and grants let them open, through
  the rule of the app that keeps each record (``scrutiny.access`` for exempt information).
"""

# --- Email alerts ---------------------------------------------------------------------------------
# - Subscribe by email to a public committee, a serving councillor, consultations or a search:
#   everyone (double opt-in: the link in the confirmation email).
# - Confirm, unsubscribe from and manage an address's subscriptions: whoever holds the token of
#   one of its emails' links (the token, never a sign-in, is the proof of the address).
# - Choose their own alerts for their account's address, with no confirmation: signed-in people
#   with a role (``record.choose_own_alerts``: councillors, Cabinet Members and officers).

from council import permissions  # noqa: E402

CHOOSE_OWN_ALERTS = "record.choose_own_alerts"


def may_choose_own_alerts(user) -> bool:
    return permissions.can(user, CHOOSE_OWN_ALERTS)


def require_choose_own_alerts(user) -> None:
    permissions.require(user, CHOOSE_OWN_ALERTS)
