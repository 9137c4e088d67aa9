"""What crawlers get: the sitemap (every published page, with lastmod) and robots rules."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import BooleanField, ExpressionWrapper, Max
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cancercenter.care.models import Provider
from cancercenter.languages import path_in_language
from cancercenter.pages.models import Page
from education.languages import available_in
from education.models import FAQ, GlossaryTerm, Topic
from stories.models import Story
from trials.models import Trial


class PublicSitemap(Sitemap):
    """Absolute URLs on the public site address (SITE_URL), whatever host was asked, in
    every language, each entry with its hreflang alternates and x-default (English)."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.CENTER["site_url"]).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.CENTER["site_url"]).netloc


class PagesSitemap(PublicSitemap):
    """Fixed pages; their lastmod is the latest change to the content they list."""

    url_names = [
        "home",
        "education:topic-list",
        "education:faq",
        "stories:story-list",
        "stories:story-share",
        "trials:trial-list",
        "give",
        "contact",
        "glossary:term-list",
        "care:provider-list",
    ]

    def items(self) -> list[str]:
        return self.url_names

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str):
        if not hasattr(self, "_latest"):
            self._latest = max(
                filter(
                    None,
                    [
                        Topic.objects.published().aggregate(m=Max("updated_at"))["m"],
                        FAQ.objects.published().aggregate(m=Max("updated_at"))["m"],
                        Trial.objects.listed().aggregate(m=Max("updated_at"))["m"],
                        Story.objects.published().aggregate(m=Max("updated_at"))["m"],
                    ],
                ),
                default=None,
            )
        return self._latest


class TranslatedSitemap(PublicSitemap):
    """Content in another language is listed once it is published in that language."""

    url_fields = ("slug",)  # what get_absolute_url() reads

    def items(self):
        model = self.model
        flags = {
            f"available_{code}": ExpressionWrapper(
                available_in(model, code), output_field=BooleanField()
            )
            for code, _name in settings.LANGUAGES
        }
        rows = model.objects.published().only(*self.url_fields, "updated_at")
        return rows.annotate(**flags).order_by("pk")

    def get_languages_for_item(self, item) -> list[str]:
        return [code for code, _name in settings.LANGUAGES if getattr(item, f"available_{code}")]


class TopicSitemap(TranslatedSitemap):
    model = Topic

    def lastmod(self, topic: Topic):
        return topic.updated_at


class StorySitemap(TranslatedSitemap):
    model = Story

    def lastmod(self, story: Story):
        return story.updated_at


class ProviderSitemap(TranslatedSitemap):
    """Doctors' profiles; in Spanish once their Spanish biography is written."""

    model = Provider

    def lastmod(self, provider: Provider):
        return provider.updated_at


class TrialSitemap(PublicSitemap):
    def items(self):
        return Trial.objects.listed().only("nct_id", "updated_at").order_by("nct_id")

    def lastmod(self, trial: Trial):
        return trial.updated_at


class GeneralPageSitemap(TranslatedSitemap):
    """General pages (About, the notices), in each language they are published in."""

    model = Page
    url_fields = ("path",)

    def lastmod(self, page: Page):
        return page.updated_at


class GlossarySitemap(PublicSitemap):
    """Every visible term at its own address; its languages are separate entries."""

    i18n = False
    alternates = False
    x_default = False

    def items(self):
        return GlossaryTerm.objects.visible().only("slug", "language", "updated_at").order_by("pk")

    def lastmod(self, term: GlossaryTerm):
        return term.updated_at


SITEMAPS = {
    "pages": PagesSitemap,
    "general": GeneralPageSitemap,
    "topics": TopicSitemap,
    "stories": StorySitemap,
    "trials": TrialSitemap,
    "doctors": ProviderSitemap,
    "glossary": GlossarySitemap,
}


def _routes(resolver=None, prefix: str = ""):
    """(URL name, route as robots.txt path) for every named URL outside the admin."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                yield from _routes(pattern, route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, "/" + re.sub(r"<[^>]+>", "*", route).lstrip("^").rstrip("$")


def disallowed_paths() -> list[str]:
    """The admin, the language switch, search results and every thank-you page (found by
    their `-thanks` name), in every language."""
    thanks = sorted({route for name, route in _routes() if name.endswith("-thanks")})
    pages = [reverse("search"), *thanks]
    paths = [reverse("admin:index"), reverse("language-switch", args=["x"]).rsplit("x", 1)[0]]
    for language in [code for code, _name in settings.LANGUAGES]:
        paths += [path_in_language(page, language) for page in pages]
    return list(dict.fromkeys(paths))
