"""The clerk's form for the vote on a resolution: result, counts and, for a recorded vote, how each
member at the meeting voted."""

from django import forms

from ..models import Cast, VoteResult

#: A member at the meeting who cast no vote in a recorded vote.
NO_VOTE = "none"


def _count(label: str, what: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3", "spellcheck": "false"}),
        error_messages={
            "invalid": f"Enter the number of {what} as a whole number, like 3",
            "min_value": f"The number of {what} must be 0 or more",
        },
    )


class VoteForm(forms.Form):
    result = forms.ChoiceField(
        label="Result",
        choices=VoteResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the resolution was carried or lost"},
    )
    votes_for = _count("Votes for", "votes for")
    votes_against = _count("Votes against", "votes against")
    abstentions = _count("Abstentions", "abstentions")
    casting_vote_by = forms.TypedChoiceField(
        label="Who gave the casting vote (if carried on the Chair's casting vote)",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="The Chair, or whoever chaired the meeting in the Chair's absence.",
    )
    recorded = forms.BooleanField(
        label="A recorded vote was asked for (how each member voted is minuted)",
        required=False,
        help_text="For a recorded vote, the counts may be left blank: they are taken from each member's vote.",
    )

    def __init__(self, *args, roll, vote=None, budget_meeting=False, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if budget_meeting:
            initial.setdefault("recorded", True)
        cast_of = {}
        if vote is not None:
            initial.update(
                result=vote.result,
                votes_for=vote.votes_for,
                votes_against=vote.votes_against,
                abstentions=vote.abstentions,
                casting_vote_by=vote.casting_vote_by_id,
                recorded=vote.recorded,
            )
            cast_of = {mv.person_id: mv.cast for mv in vote.member_votes.all()}
        super().__init__(*args, **kwargs)
        if budget_meeting:
            self.fields["recorded"].help_text = (
                "This is the budget meeting: every vote is a recorded vote, naming how each member voted "
                "(The Local Authorities (Standing Orders) (England) (Amendment) Regulations 2014)."
            )
        self.people = {voter.person.pk: voter.person for voter in roll}
        chair = next((voter.person.pk for voter in roll if voter.is_chair and voter.entitled), None)
        self.fields["casting_vote_by"].choices = [
            ("", "No casting vote"),
            *[(voter.person.pk, voter.person.get_full_name()) for voter in roll if voter.entitled],
        ]
        if vote is None and chair is not None:
            self.fields["casting_vote_by"].initial = chair
        self.cast_fields = []
        for voter in roll:
            name = f"cast_{voter.person.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"{voter.person.get_full_name()} (recorded vote)",
                choices=[*Cast.choices, (NO_VOTE, "Did not vote")],
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline govuk-radios--small"}),
                required=False,
                initial=cast_of.get(voter.person.pk, NO_VOTE),
                help_text=voter.refusal,
            )
            self.cast_fields.append((name, voter.person))

    def clean(self):
        data = super().clean()
        named = None
        if data.get("recorded"):
            named = {
                person: data[name] for name, person in self.cast_fields if data.get(name) and data[name] != NO_VOTE
            }
            tally = {
                "votes_for": sum(1 for cast in named.values() if cast == Cast.FOR),
                "votes_against": sum(1 for cast in named.values() if cast == Cast.AGAINST),
                "abstentions": sum(1 for cast in named.values() if cast == Cast.ABSTAIN),
            }
            for field, count in tally.items():
                if data.get(field) is None and field not in self.errors:
                    data[field] = count
        else:
            for field, label in (("votes_for", "for"), ("votes_against", "against"), ("abstentions", "abstentions")):
                if data.get(field) is None and field not in self.errors:
                    message = (
                        "Enter the number of abstentions, or 0"
                        if field == "abstentions"
                        else (f"Enter the number of votes {label}, or 0")
                    )
                    self.add_error(field, message)
        data["named"] = named
        casting = data.get("casting_vote_by")
        data["casting_vote_by"] = self.people.get(casting) if casting is not None else None
        return data
