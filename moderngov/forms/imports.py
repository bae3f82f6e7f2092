"""The Administrator's upload of saved mgWebService responses."""

from django import forms

MAX_FILES = 500
MAX_FILE_BYTES = 20 * 1024 * 1024
#: All the files of one upload together: the preview reads and parses them all in the request.
MAX_TOTAL_BYTES = 100 * 1024 * 1024


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Saved ModernGov responses",
        help_text=(
            "The XML files saved from your ModernGov site's web service (mgWebService.asmx): GetCommittees, "
            "GetMeetings, GetMeeting and GetCouncillorsByWard, under any names. Select them all at once."
        ),
        error_messages={"required": "Select the saved ModernGov files", "empty": "A selected file is empty"},
    )
    site = forms.CharField(
        label="ModernGov site (optional)",
        required=False,
        max_length=200,
        help_text="For example democracy.example.gov.uk. Leave it empty to take it from the addresses in the files.",
    )
    with_documents = forms.BooleanField(
        label="Also fetch the documents from the ModernGov site (checked like any upload)", required=False
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Select at most {MAX_FILES} files at a time")
        for upload in files:
            if upload.size > MAX_FILE_BYTES:
                raise forms.ValidationError(f"{upload.name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        if sum(upload.size for upload in files) > MAX_TOTAL_BYTES:
            raise forms.ValidationError(
                f"The files together are larger than {MAX_TOTAL_BYTES / (1024 * 1024):g} MB: upload them in parts"
            )
        return files

    def clean_site(self):
        site = self.cleaned_data["site"].strip().lower()
        for prefix in ("https://", "http://"):
            site = site.removeprefix(prefix)
        return site.split("/")[0]
