from django import forms
from django.utils.translation import gettext_lazy as _

from cancercenter.submissions import antispam

HONEYPOT_FIELD = "website"
TOKEN_FIELD = "form_token"


class SubmissionFormMixin(forms.Form):
    """Adds the honeypot and the signed form token to a public form.

    Put it first in the bases: `class ContactForm(SubmissionFormMixin, forms.ModelForm)`.
    """

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial[TOKEN_FIELD] = antispam.issue_token()

    @property
    def is_bot(self) -> bool:
        """A filled honeypot: only a script fills a field that people cannot see."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    @property
    def token(self) -> antispam.FormToken | None:
        return antispam.read_token(self.data.get(TOKEN_FIELD, ""))

    def refresh_token(self) -> None:
        """Give a re-shown form a fresh token, keeping everything the person typed."""
        self.data = self.data.copy()
        self.data[TOKEN_FIELD] = antispam.issue_token()

    @property
    def visible_fields_for_person(self):
        return [field for field in self if field.name not in {HONEYPOT_FIELD, TOKEN_FIELD}]
