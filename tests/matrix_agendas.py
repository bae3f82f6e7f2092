"""Permission matrix checks for interest-aware agendas (docs/permissions.md): the meeting's
declarations page, with its prompts from the members' registers of interests, and the clerk's
answer to a prompt (confirm or dismiss).

"own": a committee the person clerks (``own=True``), or another committee (``own=False``). Each
check builds a committee with a member whose registered interest concerns a ward that an item of
the meeting concerns.
"""

from django.urls import reverse

from council import permissions
from scrutiny import services
from scrutiny.models import InterestPromptDismissal
from tests.agenda_interests_kit import interest_for
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory, WardFactory
from tests.matrix import outcome


def _prompted(person=None, own=None):
    body = BodyFactory()
    if own and person is not None:
        permissions.grant("members.change_body", person, body)
    member = MemberFactory().user
    MembershipFactory(body=body, person=member)
    ward = WardFactory()
    interest = interest_for(member, wards=[ward])
    meeting = MeetingFactory(body=body)
    item = services.agenda_item_add(meeting=meeting, by=UserFactory(), title="Castle Street", wards=[ward])
    return meeting, item, interest


def declarations_prompts(client, person, own=None):
    meeting, _, _ = _prompted(person, own)
    return client.get(reverse("scrutiny:declarations", args=[meeting.pk]))


def declarations_prompt_answer(client, person, own=None):
    meeting, item, interest = _prompted(person, own)
    response = client.post(
        reverse("scrutiny:declaration-prompt", args=[meeting.pk]),
        {"item": item.pk, "interest": interest.pk, "action": "dismiss"},
    )
    return outcome(response, InterestPromptDismissal.objects.filter(item=item, interest=interest).exists())


CAPABILITIES = {
    "declarations.prompts": declarations_prompts,
    "declarations.prompt-answer": declarations_prompt_answer,
}
