from django import forms
from django.utils.translation import gettext_lazy as _

from cancercenter.contact.models import MESSAGE_MAX_LENGTH, ContactRequest
from cancercenter.submissions.forms import SubmissionFormMixin


class ContactForm(SubmissionFormMixin, forms.ModelForm):
    class Meta:
        model = ContactRequest
        fields = [
            "topic",
            "name",
            "email",
            "phone",
            "preferred_method",
            "preferred_time",
            "message",
            "consent",
        ]
        widgets = {
            "topic": forms.RadioSelect,
            "preferred_method": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX_LENGTH}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        labels = {"consent": _("You may contact me about this request by email or phone.")}
        help_texts = {
            "message": _(
                "Up to 2,000 characters. Please do not include medical records or detailed "
                "health information; we will ask for what we need when we talk."
            ),
            "email": _("Needed if you want us to reach you by email."),
            "phone": _(
                "Needed if you want us to call you. Include the country code if you are "
                "outside the United States."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].strip = False  # keep exactly what the person wrote
        self.fields["consent"].required = True
        self.fields["topic"].choices = list(self.fields["topic"].choices)[1:]  # no blank radio
