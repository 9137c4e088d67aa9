from django import forms
from django.utils.translation import gettext_lazy as _

from cancercenter.submissions import antispam
from cancercenter.submissions.validators import validate_no_control_characters

HONEYPOT_FIELD = "website"
TOKEN_FIELD = "form_token"


def normalize_newlines(data):
    """Turn the CRLF line breaks browsers send into LF.

    A browser counts a line break in a textarea as one character (its `maxlength` and the
    character counter agree), but posts it as two. Normalising first makes the server's
    length limits count what the person saw.
    """
    data = data.copy()
    for key in data:
        values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
        if any(isinstance(v, str) and "\r" in v for v in values):
            cleaned = [
                v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v
                for v in values
            ]
            if hasattr(data, "setlist"):
                data.setlist(key, cleaned)
            else:
                data[key] = cleaned[0]
    return data


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
        else:
            self.data = normalize_newlines(self.data)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(validate_no_control_characters)

    def _post_clean(self):
        super()._post_clean()
        # One message per problem: when the model explains why a box must be filled in
        # ("We need your permission to contact you"), that replaces the generic
        # "This field is required." rather than following it.
        for name, errors in list(self._errors.items()):
            specific = [error for error in errors.as_data() if error.code != "required"]
            if specific and len(specific) < len(errors):
                self._errors[name] = self.error_class(specific, renderer=self.renderer)

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
