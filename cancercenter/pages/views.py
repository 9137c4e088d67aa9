from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cancercenter.pages.models import Location, Page
from cancercenter.pages.notices import taglines


def page_detail(request, path: str):
    """A general page at the path of its slugs; its ancestors make the breadcrumbs.

    Three queries whatever the depth: the page, its ancestors, its published children.
    """
    path = path.strip("/")
    if not path.isprintable():  # a NUL or other control character is never a page
        raise Http404(_("No page at this address."))
    page = Page.objects.visible_to(request.user).filter(path=path).first()
    if page is None:
        raise Http404(_("No page at this address."))
    ancestors = Page.objects.published().filter(path__in=page.ancestor_paths()).order_by("depth")
    missing = get_language() != settings.LANGUAGE_CODE
    lang = settings.LANGUAGE_CODE if missing else ""
    crumbs = [(a.title, a.get_absolute_url(), lang) for a in ancestors] + [(page.title, None, lang)]
    children = page.children.published().only("title", "slug", "summary", "path", "parent")
    return render(
        request,
        "pages/page_detail.html",
        {
            "page": page,
            "children": children,
            "breadcrumbs": crumbs,
            "taglines": taglines() if page.show_language_taglines else [],
            # General pages are written in English only for now: another language shows
            # the English text, marked as such, with a notice in the reader's language.
            "content_language": settings.LANGUAGE_CODE,
            "content_language_missing": missing,
        },
    )


def location_list(request):
    locations = Location.objects.published()
    return render(
        request,
        "pages/location_list.html",
        {"locations": locations, "breadcrumbs": [(_("Locations"), None)]},
    )


def location_detail(request, slug: str):
    location = Location.objects.published().filter(slug=slug).first()
    if location is None:
        raise Http404(_("No location at this address."))
    return render(
        request,
        "pages/location_detail.html",
        {
            "location": location,
            "location_json_ld": location.json_ld(settings.CENTER["site_url"].rstrip("/")),
            "breadcrumbs": [
                (_("Locations"), reverse("pages:location-list")),
                (location.name, None),
            ],
        },
    )
