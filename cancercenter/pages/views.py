from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cancercenter.pages.models import RESERVED_TOP_SLUGS, Location, Page
from cancercenter.pages.notices import taglines
from education import previews
from education.languages import shown


def page_detail(request, path: str):
    """A general page at the path of its slugs; its ancestors make the breadcrumbs.

    Three queries whatever the depth: the page, its ancestors, its published children.
    """
    path = path.strip("/")
    if not path.isprintable() or path.split("/", 1)[0] in RESERVED_TOP_SLUGS:
        # A control character is never a page, and neither is another app's address.
        raise Http404(_("No page at this address."))
    page = Page.objects.visible_to(request.user).filter(path=path).first()
    if page is None:
        raise Http404(_("No page at this address."))
    ancestors = Page.objects.published().filter(path__in=page.ancestor_paths()).order_by("depth")
    crumbs = [_crumb(a, a.get_absolute_url()) for a in ancestors] + [_crumb(page, None)]
    response = render(
        request,
        "pages/page_detail.html",
        {
            "page": page,
            "children": page.children.published(),
            "breadcrumbs": crumbs,
            "taglines": taglines() if page.show_language_taglines else [],
            # No Spanish version yet: base.html offers search engines no Spanish alternate.
            "content_language_missing": page.content_language_missing,
        },
    )
    return previews.mark_preview(response, page)


def _crumb(page: Page, url: str | None) -> tuple:
    """A breadcrumb in the language the page's text is shown in, marked if not the page's."""
    lang = page.content_language if page.content_language_missing else ""
    return (shown(page, "title"), url, lang)


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
