import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_page

from cancercenter import views
from cancercenter.crawlers import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        cache_page(60 * 15)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("contact/thank-you/", views.ContactThanksView.as_view(), name="contact-thanks"),
    path("give/", views.GiftView.as_view(), name="give"),
    path("give/thank-you/", views.GiftThanksView.as_view(), name="give-thanks"),
    path("education/", include("education.urls")),
    path("stories/", include("stories.urls")),
    path("trials/", include("trials.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "cancercenter.views.bad_request"
handler403 = "cancercenter.views.permission_denied"
handler404 = "cancercenter.views.page_not_found"
handler500 = "cancercenter.views.server_error"

if settings.SERVE_MEDIA:
    # Public uploads (story photos) from Django itself: development and single-server
    # installs. Larger sites let the proxy or a CDN serve MEDIA_ROOT and turn this off.
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", views.media, name="media")]

admin.site.site_header = settings.CENTER["name"]
admin.site.site_title = settings.CENTER["name"]
admin.site.index_title = _("Back office")
