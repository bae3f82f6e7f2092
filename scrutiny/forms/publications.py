"""The form for checking a downloaded file against the publication records."""

from django import forms

#: Larger files are checked at home with sha256sum: the page hashes what it is sent, in full.
CHECK_FILE_MAX_BYTES = 100 * 1024 * 1024


class CheckFileForm(forms.Form):
    """Check a downloaded file against the publication records: upload it (hashed, not stored) or
    paste the SHA-256 that ``sha256sum`` printed."""

    file = forms.FileField(label="File to check (optional)", required=False)
    sha256 = forms.RegexField(
        label="Or paste its SHA-256 (optional)",
        required=False,
        regex=r"^\s*[0-9a-fA-F]{64}\s*$",
        help_text="64 letters and digits, as printed by sha256sum.",
        error_messages={"invalid": "Enter the SHA-256 as 64 letters (a to f) and digits"},
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > CHECK_FILE_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {CHECK_FILE_MAX_BYTES // 1024 // 1024} MB: check it with sha256sum and "
                "paste its SHA-256 instead"
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("sha256") and not self.errors:
            self.add_error("file", "Choose a file to check, or paste its SHA-256")
        return cleaned
