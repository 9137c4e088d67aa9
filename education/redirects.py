"""Old addresses keep working: when an item's URL changes (a new slug, a page moved in the
tree), its old URL answers a 301 to the new one, in every language.

Built on `django.contrib.redirects` (its table, admin and 404 fallback middleware), so staff
also add redirects by hand in the admin. Any content model's admin can use
`RedirectOnUrlChangeAdminMixin`; chains collapse, so a visitor is never sent twice.
"""

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.db import DatabaseError, transaction
from django.http import HttpResponseGone, HttpResponsePermanentRedirect
from django.utils import translation


@transaction.atomic
def redirect_add(*, old_path: str, new_path: str) -> Redirect | None:
    """Send old_path to new_path with a 301; earlier redirects to old_path now go straight
    to new_path, and a redirect away from new_path (a live address again) is removed."""
    if old_path == new_path or len(old_path) > 200 or len(new_path) > 200:
        return None
    site_id = settings.SITE_ID
    Redirect.objects.filter(site_id=site_id, old_path=new_path).delete()
    Redirect.objects.filter(site_id=site_id, new_path=old_path).update(new_path=new_path)
    redirect, _created = Redirect.objects.update_or_create(
        site_id=site_id, old_path=old_path, defaults={"new_path": new_path}
    )
    return redirect


def urls_by_language(obj) -> list[str]:
    """The object's address in each of the site's languages."""
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.append(obj.get_absolute_url())
    return urls


class RedirectOnUrlChangeAdminMixin:
    """Put before the ModelAdmin base: saving an item whose address changed leaves a 301
    at each old address. Override `moved_with(obj)` for items whose children move too."""

    def moved_with(self, obj) -> list:
        return [obj]

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                before = {item.pk: urls_by_language(item) for item in self.moved_with(stored)}
        super().save_model(request, obj, form, change)
        if not before:
            return
        model = type(obj)._default_manager
        for item in model.filter(pk__in=list(before)):
            for old, new in zip(before[item.pk], urls_by_language(item), strict=True):
                redirect_add(old_path=old, new_path=new)


class RedirectFallbackMiddleware:
    """Like Django's: a 404 at an address with a redirect answers its 301 instead. One query,
    only on a 404, never for media, static files or the admin; the visitor's query string
    is carried over; if the database fails, the 404 stands."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.path.startswith(self._skipped()):
            return response
        paths = [request.path]
        if settings.APPEND_SLASH and not request.path.endswith("/"):
            paths.append(f"{request.path}/")
        try:
            redirect = (
                Redirect.objects.filter(site_id=settings.SITE_ID, old_path__in=paths)
                .values_list("new_path", flat=True)
                .first()
            )
        except DatabaseError:
            return response
        if redirect is None:
            return response
        if redirect == "":
            return HttpResponseGone()
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{redirect}?{query}" if query else redirect)

    @staticmethod
    def _skipped() -> tuple[str, ...]:
        return (settings.MEDIA_URL, settings.STATIC_URL, "/admin/")
