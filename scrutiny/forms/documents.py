"""Forms for supporting documents and need-to-know grants on exempt papers."""

from django import forms

from council.uploads import file_hint


class DocumentForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=250,
        help_text="For example Report of the Assistant Chief Executive, or Appendix A: savings plan.",
        error_messages={"required": "Enter the document's title"},
    )
    kind = forms.ChoiceField(
        label="Kind of document",
        choices=[("report", "Report"), ("appendix", "Appendix"), ("other", "Other")],
        initial="report",
        widget=forms.RadioSelect,
        help_text="Word, Excel and other files that are not PDFs are kept as attachments, outside the agenda pack.",
        error_messages={"required": "Select the kind of document"},
    )
    file = forms.FileField(
        label="Upload a file",
        widget=forms.FileInput,
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = file_hint()


class NeedToKnowForm(forms.Form):
    officers = forms.ModelMultipleChoiceField(
        label="Officers who need to know",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="They may open this item's exempt papers once it is published. Every opening is recorded.",
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = officers
        self.fields["officers"].label_from_instance = lambda person: (
            f"{person.get_full_name()}, {person.officer.job_title}"
        )
