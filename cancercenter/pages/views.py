from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cancercenter.pages.models import Page
from cancercenter.pages.notices import taglines


def page_detail(request, path: str):
    """A general page at the path of its slugs; its ancestors make the breadcrumbs.

    Three queries whatever the depth: the page, its ancestors, its published children.
    """
    path = path.strip("/")
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
