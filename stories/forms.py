from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cancercenter.submissions.forms import SubmissionFormMixin
from education.models import CancerType, Treatment
from stories.images import ImageUploadField
from stories.models import STORY_MAX_LENGTH, Story, StorySubmission


def _choices_with_published_stories(model, field: str, empty_label) -> list[tuple[str, str]]:
    """(slug, name) pairs for the values that have at least one published story (one query)."""
    stories = Story.objects.published().filter(**{field: OuterRef("pk")})
    rows = model.objects.filter(Exists(stories)).values_list("slug", "name")
    return [("", empty_label), *rows]


class StoryFilterForm(forms.Form):
    """The GET filters on /stories/: only values that have published stories are offered.

    Plain choice fields keep the page at one query per filter, however many options there are.
    """

    cancer_type = forms.ChoiceField(label=_("Cancer type"), required=False)
    treatment = forms.ChoiceField(label=_("Treatment"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cancer_type"].choices = _choices_with_published_stories(
            CancerType, "cancer_types", _("All cancer types")
        )
        self.fields["treatment"].choices = _choices_with_published_stories(
            Treatment, "treatments", _("All treatments")
        )
        if self.is_bound:
            # A shared link may name a value that no longer has stories: drop it quietly.
            data = self.data.copy()
            for name, field in self.fields.items():
                if data.get(name) not in {value for value, _label in field.choices}:
                    data.pop(name, None)
            self.data = data

    def filter(self, queryset):
        """Apply the valid filters; an unknown value is ignored rather than shown as an error."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("cancer_type"):
            queryset = queryset.filter(cancer_types__slug=data["cancer_type"])
        if data.get("treatment"):
            queryset = queryset.filter(treatments__slug=data["treatment"])
        return queryset


class StoryShareForm(SubmissionFormMixin, forms.ModelForm):
    """/stories/share/: a patient or family member offers their story."""

    photo = ImageUploadField(
        label=_("A photo"),
        required=False,
        help_text=_(
            "A JPEG, PNG or WebP picture, up to 5 MB. We remove location and camera details. "
            "It stays private until we have talked with you."
        ),
    )

    class Meta:
        model = StorySubmission
        fields = [
            "name",
            "email",
            "phone",
            "cancer_type",
            "treatment",
            "story",
            "photo",
            "photo_description",
            "consent",
        ]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "story": forms.Textarea(
                attrs={
                    "rows": 12,
                    "maxlength": STORY_MAX_LENGTH,
                    # Wording for static/js/character-count.js, translated here.
                    "data-character-count": _("{count} of {max} characters left"),
                    "data-character-count-one": _("1 character left"),
                }
            ),
        }
        labels = {
            # Optional fields are the unmarked ones: required ones say "(required)".
            "phone": _("Phone"),
            "cancer_type": _("Cancer type"),
            "treatment": _("Treatment"),
            "photo_description": _("Describe your photo"),
            "consent": _("You may contact me by email or phone to talk about my story."),
        }
        help_texts = {
            "story": _(
                "Up to 5,000 characters. Tell it your way: what happened, what helped, what "
                "you would say to someone starting treatment."
            ),
            "photo_description": _(
                "A few words for people who cannot see the photo, e.g. “Me and my daughter "
                "at the beach”."
            ),
            "phone": _("Include the country code if you are outside the United States."),
        }

    def clean_story(self) -> str:
        story = self.cleaned_data["story"]
        if not story.strip():
            raise forms.ValidationError(_("Please write your story."), code="blank")
        return story

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["story"].strip = False  # keep exactly what the person wrote
        self.fields["consent"].required = True
        self.fields["cancer_type"].empty_label = _("Choose one, if you like")
        self.fields["treatment"].empty_label = _("Choose one, if you like")
