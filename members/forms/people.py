"""Choosing a person: councillors, officers and co-opted members as a clerk knows them."""

from django import forms


class PersonField(forms.ModelChoiceField):
    """People as a clerk knows them: "Councillor Alan McLain (Riverside)", "David Okonjo, Assistant
    Chief Executive". The queryset selects their profiles, so the list costs one query."""

    def label_from_instance(self, person):
        name = person.get_full_name() or person.email
        # A missing profile, once selected, raises an AttributeError: getattr's default covers it.
        member = getattr(person, "member", None)
        if member is not None:
            return f"Councillor {name} ({member.ward})"
        officer = getattr(person, "officer", None)
        if officer is not None:
            return f"{name}, {officer.job_title}"
        return name
