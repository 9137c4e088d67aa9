import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_page

from cancercenter import csp, views
from cancercenter.crawlers import SITEMAPS

# Pages for people answer in English at the root and in Spanish under /es/ (LANGUAGES);
# machine endpoints and the admin are outside the language prefix.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        cache_page(60 * 15)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("language/<str:language>/", views.language_switch, name="language-switch"),
    # Content-Security-Policy violation reports from browsers (same-origin, rate-limited).
    path("csp-report/", csp.csp_report, name="csp-report"),
    # Links in staff emails sent before the app split still open the record.
    re_path(r"^admin/cancercenter/(?:(?P<model>\w+)/(?P<rest>.*))?$", views.moved_admin_page),
    # Staff accounts: two-step sign-in and passkeys (before the admin's catch-all).
    path("admin/account/", include("cancercenter.staff.urls")),
    path("admin/account/passkeys/", include("django_otp_webauthn.urls")),
    path("admin/", admin.site.urls),
]
if settings.SERVE_MEDIA:
    # Public uploads (story photos) from Django itself: development and single-server
    # installs. Larger sites let the proxy or a CDN serve MEDIA_ROOT and turn this off.
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", views.media, name="media")]

# Before the pages' catch-all, which answers whatever the patterns above do not.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("search/", include("cancercenter.search.urls")),
    path("contact/", include("cancercenter.contact.urls")),
    path("give/", include("cancercenter.giving.urls")),
    path("education/", include("education.urls")),
    path("stories/", include("stories.urls")),
    path("trials/", include("trials.urls")),
    path("glossary/", include("education.glossary_urls")),
    path("", include("cancercenter.care.urls")),  # /doctors/, /appointments/request/, /referrals/
    # General pages answer whatever the apps above do not: keep this last.
    path("", include("cancercenter.pages.urls")),
    prefix_default_language=False,
)

handler400 = "cancercenter.errors.bad_request"
handler403 = "cancercenter.errors.permission_denied"
handler404 = "cancercenter.errors.page_not_found"
handler500 = "cancercenter.errors.server_error"

admin.site.site_header = settings.CENTER["name"]
admin.site.site_title = settings.CENTER["name"]
admin.site.index_title = _("Back office")
