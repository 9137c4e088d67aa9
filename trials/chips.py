"""The finder's active filters as removable chips: each a label and the URL without it."""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from trials.models import PHASE_SLUGS, STATUS_GROUPS, Phase, TrialStatus


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


def _group_labels() -> dict[str, str]:
    return {
        "open": _("Open"),
        "closed": _("Closed"),
        "expanded-access": _("Expanded access"),
    }


def _without(params: QueryDict, name: str, values: set[str] | None = None) -> str:
    """The finder URL with `name` removed (or only those of its values), from page 1."""
    kept = params.copy()
    kept.pop("page", None)
    if values is None:
        kept.pop(name, None)
    else:
        kept.setlist(name, [v for v in kept.getlist(name) if v.lower() not in values])
    if name == "zip":
        kept.pop("radius", None)
    query = kept.urlencode()
    return "?" + query if query else "?"


def filter_chips(params: QueryDict, filters: dict, form) -> list[Chip]:
    chips = []
    if query := filters.get("q"):
        chips.append(Chip(_("Keywords: %(q)s") % {"q": query}, _without(params, "q")))
    for name in ("cancer_type", "treatment"):
        if chosen := filters.get(name):
            chips.append(Chip(chosen.name, _without(params, name)))
    statuses = list(filters.get("status", []))
    groups = _group_labels()
    # A URL that lists every status of a group (as the site search does) shows one chip.
    for group, members in STATUS_GROUPS.items():
        member_slugs = {TrialStatus(status).slug for status in members}
        if group in statuses or member_slugs <= set(statuses):
            chips.append(Chip(groups[group], _without(params, "status", member_slugs | {group})))
            statuses = [s for s in statuses if s != group and s not in member_slugs]
    for slug in statuses:
        chips.append(Chip(TrialStatus.from_slug(slug).label, _without(params, "status", {slug})))
    type_labels = dict(form.fields["type"].choices)
    for slug in filters.get("type", []):
        chips.append(Chip(str(type_labels[slug]), _without(params, "type", {slug})))
    for slug in filters.get("phase", []):
        chips.append(Chip(str(Phase(PHASE_SLUGS[slug]).label), _without(params, "phase", {slug})))
    if (age := filters.get("age")) is not None:
        chips.append(Chip(_("Age %(age)s") % {"age": age}, _without(params, "age")))
    if sex := filters.get("sex"):
        label = _("Female") if sex == "female" else _("Male")
        chips.append(Chip(label, _without(params, "sex")))
    if filters.get("healthy_volunteers"):
        chips.append(Chip(_("Open to healthy volunteers"), _without(params, "healthy_volunteers")))
    if zip_code := filters.get("zip"):
        label = _("Within %(miles)s miles of %(zip)s") % {
            "miles": filters.get("radius"),
            "zip": zip_code,
        }
        chips.append(Chip(label, _without(params, "zip")))
    if filters.get("at_center"):
        chips.append(Chip(_("At our center"), _without(params, "at_center")))
    return chips
