from django import forms

from .models import Body


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["name", "kind", "parent", "purpose", "start_date", "end_date"]
        widgets = {
            "kind": forms.RadioSelect,
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }
        error_messages = {
            "name": {"required": "Enter the committee's name"},
            "kind": {"required": "Select what kind of body this is"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (
            Body.objects.exclude(pk=self.instance.pk) if self.instance.pk else Body.objects.all()
        )
        self.fields["parent"].empty_label = "None"
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]

    def validate_unique(self):
        # Unique names are a rule of the services, reported in words.
        pass

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            # On the field, so the error summary links to it (and the model's check is not repeated).
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return cleaned
