"""The site's copies of Django's widget templates (templates/django/forms/widgets/) write
the options out in one template instead of nested includes; they must give the same
markup as Django's own, checked, disabled, grouped and escaped values included."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting

CHOICES = [("1", "One & only"), ("2", 'Two "quoted"'), ("3", "<b>Three</b>")]


class Sample(forms.Form):
    single = forms.ChoiceField(widget=forms.RadioSelect, choices=CHOICES)
    several = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, choices=CHOICES)
    grouped = forms.ChoiceField(choices=[("Group <1>", [("a", "A"), ("b", "B")]), ("c", "C")])
    multiple = forms.MultipleChoiceField(choices=CHOICES, required=False)
    text = forms.CharField(
        max_length=5, widget=forms.TextInput(attrs={"data-note": '<&>"', "readonly": True})
    )
    off = forms.CharField(required=False, widget=forms.TextInput(attrs={"hidden": False}))
    flag = forms.BooleanField(required=False)
    email = forms.EmailField(required=False, disabled=True)


def normalized(markup: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", markup)).strip()


def test_the_sites_widget_templates_render_as_djangos_own():
    data = {"single": "2", "several": ["1", "3"], "grouped": "b", "multiple": ["2"],
            "text": 'a"<b', "flag": "on"}  # fmt: skip
    for kwargs in [{}, {"data": data}, {"data": {"text": "far too long"}}]:
        ours = Sample(renderer=TemplatesSetting(), **kwargs).render()
        djangos = Sample(renderer=DjangoTemplates(), **kwargs).render()
        assert "django/forms/widgets/" not in djangos  # a template rendered, not named
        assert normalized(ours) == normalized(djangos)
        assert "&lt;b&gt;Three&lt;/b&gt;" in ours and 'data-note="&lt;&amp;&gt;&quot;"' in ours
