"""Scheduled publishing, the same for every content model (topics, FAQs, stories, pages).

A published item is on the site from its `published_at` until its `unpublish_at` (if set),
to the second: each model's `published()` asks for both, so the site is right before any
task runs. The hourly upkeep (`manage.py run_maintenance`, step `content_schedule`) then
makes the records say so: an item past its unpublish time goes back to draft in every
language, and one whose publish time has come is saved once. Both are ordinary saves, so
admin lists, sitemaps' last-modified dates and every signal-based cache see the change.

A model takes part with a `published_at` and an `unpublish_at` (`unpublish_at_field()`),
and its `translation_status` ("status", "published") names what "published" means.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from education.languages import localized


def unpublish_at_field() -> models.DateTimeField:
    return models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_(
            "Optional: the moment this leaves the site, to the second. It then goes back "
            "to draft. Leave empty to keep it published."
        ),
    )


def live(now: datetime | None = None, prefix: str = "") -> Q:
    """Between its publish and unpublish moments (status aside). `prefix` for a relation,
    e.g. "topic__"."""
    now = now or timezone.now()
    return Q(**{f"{prefix}published_at__lte": now}) & (
        Q(**{f"{prefix}unpublish_at__isnull": True}) | Q(**{f"{prefix}unpublish_at__gt": now})
    )


def is_live(obj, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return obj.published_at <= now and (obj.unpublish_at is None or obj.unpublish_at > now)


def _status(model) -> tuple[str, object, object]:
    """(field, the value meaning published, the value meaning not)."""
    name, on = model.translation_status
    return name, on, False if on is True else "draft"


def published_in_any_language(model) -> Q:
    name, on, _off = _status(model)
    condition = Q()
    for code, _name in settings.LANGUAGES:
        condition |= Q(**{localized(name, code): on})
    return condition


def is_published_in_any_language(obj) -> bool:
    name, on, _off = _status(type(obj))
    return any(getattr(obj, localized(name, code)) == on for code, _n in settings.LANGUAGES)


def show_moment(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def schedule_errors(obj, *, now: datetime | None = None) -> dict[str, ValidationError]:
    """The messages for a publish and unpublish moment that cannot work, by field."""
    now = now or timezone.now()
    unpublish_at, published_at = obj.unpublish_at, obj.published_at
    if unpublish_at is None:
        return {}
    if published_at is not None and unpublish_at <= published_at:
        return {
            "unpublish_at": ValidationError(
                _("Choose a moment after the publish date (%(published)s)."),
                code="unpublish_before_publish",
                params={"published": show_moment(published_at)},
            )
        }
    if unpublish_at <= now and is_published_in_any_language(obj):
        return {
            "unpublish_at": ValidationError(
                _(
                    "This moment has passed, so the page would not show. Clear it to keep "
                    "it published, or choose a later moment."
                ),
                code="unpublish_passed",
            )
        }
    return {}


def passed_unpublish_clear(queryset, *, now: datetime | None = None) -> int:
    """Publishing by hand now: an unpublish moment already past no longer applies (it
    would hide what was just published). For the admin's bulk publish actions."""
    return queryset.filter(unpublish_at__lte=now or timezone.now()).update(unpublish_at=None)


@dataclass
class ScheduleReport:
    unpublished: list = field(default_factory=list)
    went_live: list = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.unpublished)} unpublished, {len(self.went_live)} went live"


def unpublish_now(obj, *, clear_schedule: bool = False) -> None:
    """Back to draft in every language, saved (post_save is sent)."""
    name, _on, off = _status(type(obj))
    fields = [localized(name, code) for code, _n in settings.LANGUAGES]
    for column in fields:
        setattr(obj, column, off)
    if clear_schedule:
        obj.unpublish_at = None
        fields.append("unpublish_at")
    obj.save(update_fields=[*fields, "updated_at"])


def schedule_apply(model, *, now: datetime | None = None, extra_due: Q | None = None):
    """Carry out what came due: past `unpublish_at` (or `extra_due`), back to draft; past
    `published_at` since the last save, saved once. Idempotent; a row being edited at the
    same moment is left for the next run."""
    import reversion  # here, not at the top: the models import this module

    from education import revisions

    now = now or timezone.now()
    report = ScheduleReport()
    revisions_on = reversion.is_registered(model)
    published = published_in_any_language(model)
    due = Q(unpublish_at__lte=now)
    if extra_due is not None:
        due |= extra_due
    for pk in model.objects.filter(published).filter(due).values_list("pk", flat=True):
        with transaction.atomic():
            obj = (
                model.objects.select_for_update(skip_locked=True)
                .filter(published, due, pk=pk)
                .first()
            )
            if obj is None:
                continue
            passed = obj.unpublish_at is not None and obj.unpublish_at <= now
            unpublish_now(obj, clear_schedule=passed)
            if revisions_on:
                # The history says when, and that nobody did it by hand.
                revisions.versions_record(objects=[obj], comment=_("Unpublished (back to draft)"))
            report.unpublished.append(obj)
    went_live = Q(published_at__lte=now, published_at__gt=F("updated_at")) & live(now)
    for pk in model.objects.filter(published, went_live).values_list("pk", flat=True):
        with transaction.atomic():
            obj = (
                model.objects.select_for_update(skip_locked=True)
                .filter(published, went_live, pk=pk)
                .first()
            )
            if obj is None:
                continue
            obj.save(update_fields=["updated_at"])
            report.went_live.append(obj)
    return report


class ScheduleAdminMixin:
    """The "publishes at" and "unpublishes at" columns of a content model's admin list."""

    @admin.display(description=_("publishes at"), ordering="published_at")
    def publishes_at(self, obj) -> str:
        if obj.published_at is None:
            return "—"
        shown = show_moment(obj.published_at)
        if obj.published_at > timezone.now():
            return _("%(moment)s (scheduled)") % {"moment": shown}
        return shown

    @admin.display(description=_("unpublishes at"), ordering="unpublish_at")
    def unpublishes_at(self, obj) -> str:
        return show_moment(obj.unpublish_at) if obj.unpublish_at else "—"


class ScheduledFilter(admin.SimpleListFilter):
    """Published items waiting for their publish moment, or with an unpublish moment."""

    title = _("scheduled")
    parameter_name = "scheduled"

    def lookups(self, request, model_admin):
        return [
            ("publish", _("Waiting to be published")),
            ("unpublish", _("Will be unpublished")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = published_in_any_language(queryset.model)
        if self.value() == "publish":
            return queryset.filter(published, published_at__gt=now)
        if self.value() == "unpublish":
            return queryset.filter(published, unpublish_at__isnull=False)
        return queryset
