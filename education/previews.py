"""Draft previews, the same for every content model (topics, stories, pages, later ones).

A draft is shown only to active staff with the model's view permission, and the answer is
sent `no-store` and `noindex`, so a leaked link is never cached by a shared cache nor
indexed. A model's queryset needs `published()`; its objects need `is_published`.
"""

from django.db import models
from django.http import HttpResponse
from django.utils.cache import patch_cache_control


def can_preview(user, model: type[models.Model]) -> bool:
    """May this user see the model's unpublished objects on the public site?"""
    opts = model._meta
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    )


def visible_to(queryset: models.QuerySet, user) -> models.QuerySet:
    """Everything for staff who may preview the model, the published objects for others."""
    return queryset if can_preview(user, queryset.model) else queryset.published()


def mark_preview(response: HttpResponse, obj) -> HttpResponse:
    """Send an unpublished object's page `private, no-store` and `noindex`."""
    if not obj.is_published:
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
    return response
