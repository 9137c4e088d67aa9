"""The history every content model keeps: a version on every save, a readable diff between
two versions, and revert (README, "Revisions").

django-reversion stores each version as the whole serialized object, every language's
column included (modeltranslation's `title_en`, `title_es` are ordinary fields), plus the
related objects a model follows; django-reversion-compare shows the diff in the admin.

A content model joins in two lines:

    revisions.register(Topic)                        # in its admin.py, before the admin
    class TopicAdmin(revisions.VersionedAdmin, TranslationAdmin): ...

Saves made outside the admin that change what readers see (publish, unpublish) record a
version through `versions_record()`.
"""

from collections.abc import Iterable

import reversion
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from reversion_compare.admin import CompareVersionAdmin

from education.languages import localized

# Worked out from other fields on every save, so a diff of them only repeats the text's.
DERIVED_FIELDS = (
    "body_html", "answer_html", "toc", "search_vector", "search_vector_es", "glossary_links",
    "created_at", "updated_at", "path", "tree_order", "depth", "template_fingerprint",
)  # fmt: skip
# Never taken back by a revert: publishing has its own actions (and its own rules, such
# as a story's written authorization), so a revert changes the words, not who sees them.
PUBLICATION_FIELDS = ("status", "published_at", "unpublish_at", "is_published", "review_state")


def register(model: type[models.Model], *, follow: Iterable[str] = ()) -> type[models.Model]:
    """Keep a version of `model` on every save made in a revision (every admin save);
    `follow` names relations saved and reverted with it (a menu's items)."""
    if not reversion.is_registered(model):
        reversion.register(model, follow=tuple(follow))
    return model


def versions_record(*, objects: Iterable[models.Model], comment: str, user=None) -> None:
    """Record a version of each object now (after a bulk UPDATE, which saves nothing).

    Inside an admin request the objects join its revision, with its user; elsewhere (a
    management command, a scheduled task) they make a revision of their own."""
    with reversion.create_revision():
        reversion.set_comment(comment)
        if user is not None:
            reversion.set_user(user)
        for obj in objects:
            reversion.add_to_revision(obj)


def versions_forget(*, model: type[models.Model], pks: Iterable) -> int:
    """Delete every version of these records (a deleted story: its text must not stay
    recoverable once the person's authorization is gone)."""
    from reversion.models import Version

    deleted, _detail = (
        Version.objects.get_for_model(model).filter(object_id__in=[str(pk) for pk in pks]).delete()
    )
    return deleted


def column_names(model: type[models.Model], names: Iterable[str]) -> list[str]:
    """The columns behind field names: every language's column of a translated field."""
    columns = []
    for name in names:
        for candidate in [name, *(localized(name, code) for code, _ in settings.LANGUAGES)]:
            try:
                field = model._meta.get_field(candidate)
            except FieldDoesNotExist:
                continue
            if field.concrete and not field.many_to_many and candidate not in columns:
                columns.append(field.attname)
    return columns


class VersionedAdmin(CompareVersionAdmin):
    """History, compare and revert for a content model's admin (put it first in the bases).

    `revert_keeps`: fields a revert leaves as they are now, on top of publication. Their
    current values are written back after reversion has put the old version in place and
    before the form is shown, so the editor sees, and saves, exactly what the revert does.
    """

    history_latest_first = True
    compare_exclude = DERIVED_FIELDS
    revert_keeps: tuple[str, ...] = ()
    # Deleting a record deletes its versions too, so it cannot be recovered.
    forget_on_delete = False

    def _kept_columns(self) -> list[str]:
        return column_names(self.model, (*PUBLICATION_FIELDS, *self.revert_keeps))

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # reversion lets anyone who may view the record open the revert form; reverting is
        # a change, so it is refused outright to staff who may not change it.
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        columns = self._kept_columns()
        if columns:
            request._revision_kept = (
                self.model._default_manager.filter(pk=obj.pk).values(*columns).first()
            )
        return super().revision_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        kept = getattr(request, "_revision_kept", None)
        if kept and object_id:
            # Inside reversion's transaction: rolled back with it when only looking.
            self.model._default_manager.filter(pk=unquote(object_id)).update(**kept)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        if self.forget_on_delete:
            versions_forget(model=self.model, pks=[pk])

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        if self.forget_on_delete:
            versions_forget(model=self.model, pks=pks)

    def compare_view(self, request, object_id, extra_context=None):
        # django-reversion-compare checks only that the user is staff.
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return super().compare_view(request, object_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)
