import json

from django import forms, template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from education import languages

register = template.Library()

# JSON inside <script> must not be able to close the element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.simple_tag
def field_describedby(bound_field) -> str:
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    return " ".join(ids)


@register.filter
def error_target(bound_field) -> str:
    """The id an error-summary link moves focus to: the first option of a radio or checkbox
    group (a fieldset cannot take focus), else the input itself."""
    if bound_field.use_fieldset:
        options = bound_field.subwidgets
        if options and options[0].id_for_label:
            return options[0].id_for_label
    return bound_field.id_for_label or bound_field.auto_id


@register.filter
def error_label(bound_field) -> str:
    """The field's label as the lead-in of an error-summary line: "Email:", but a question
    keeps its own mark ("How can we help?") rather than gaining a colon after it."""
    label = str(bound_field.label).strip().rstrip(":")
    return label if label.endswith(("?", ".", "!")) else f"{label}:"


@register.simple_tag
def field_widget(bound_field):
    """Render a field's widget tied to its help text and errors (aria-describedby)."""
    attrs = {}
    if not bound_field.use_fieldset:
        describedby = field_describedby(bound_field)
        if describedby:
            attrs["aria-describedby"] = describedby
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag
def json_ld(data: dict):
    """A JSON-LD <script> block; the data is escaped so text can never break out of it."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


class CaptureNode(template.Node):
    # Blocks inside are found and overridden by child templates, like any other block.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, variable: str):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context) -> str:
        context[self.variable] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    """{% capture var %}…{% endcapture %}: render once, use as often as needed.

    base.html wraps the title and description blocks in it, so <title>, Open Graph and
    Twitter tags all show what the page put in its blocks.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("usage: {% capture variable %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """Visible breadcrumbs and their BreadcrumbList JSON-LD, from the view's `breadcrumbs`.

    Views pass the trail after Home as (label, url) pairs, or (label, url, lang) for a label
    shown in another language than the page's; the last one is the current page and may
    have no url. A page without a trail shows Home alone; the home page shows none.
    """
    request = context.get("request")
    site_url = settings.CENTER["site_url"].rstrip("/")
    home_url = reverse("home")
    if request is not None and request.path == home_url and not context.get("breadcrumbs"):
        return {"items": []}
    items = [{"label": _("Home"), "url": home_url}]
    for label, url, *lang in context.get("breadcrumbs") or []:
        items.append({"label": label, "url": url, "lang": lang[0] if lang else ""})
    items[-1]["current"] = True
    current_url = context.get("canonical_url") or site_url + home_url
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(item["label"]),
                "item": site_url + item["url"] if item["url"] else current_url,
            }
            for position, item in enumerate(items, start=1)
        ],
    }
    return {"items": items, "json_ld_data": data}


@register.filter
def shown(obj, field: str):
    """{{ topic|shown:"title" }}: the field in the language the object's text is shown in:
    the page's language once translated and published in it, else English."""
    return languages.shown(obj, field)


@register.filter
def content_lang(obj) -> str:
    """{{ topic|content_lang }}: ` lang="en"` on a block shown in English on a page in
    another language, else nothing."""
    if obj is None or not getattr(obj, "content_language_missing", False):
        return ""
    return format_html(' lang="{}"', obj.content_language)
