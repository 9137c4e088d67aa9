from http import HTTPStatus

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from cancercenter import crawlers, health, languages, structured_data
from cancercenter.cache import cache_available
from cancercenter.submissions.models import Notification
from education.models import Treatment
from stories.models import Story
from trials.models import Trial


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    treatments = Treatment.objects.with_published_topic()
    featured_stories = Story.objects.published().featured().for_cards()[:3]
    return render(
        request,
        "cancercenter/home.html",
        {
            "treatments": treatments,
            "featured_stories": featured_stories,
            # Only treatments with an open trial: every choice leads to results.
            "trial_treatments": Treatment.objects.filter(
                Exists(Trial.objects.listed().open().filter(treatments=OuterRef("pk")))
            ).only("name", "slug"),
            "open_trial_count": Trial.objects.listed().open().count(),
            "organization_json_ld": structured_data.organization(),
        },
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """/robots.txt: keep crawlers out of the admin, search results and thank-you pages."""
    site_url = settings.CENTER["site_url"].rstrip("/")
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in crawlers.disallowed_paths()]
    lines += ["", f"Sitemap: {site_url}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def language_switch(request: HttpRequest, language: str) -> HttpResponse:
    """/language/es/?next=/contact/: the same page in that language, remembered for the
    visit (the language cookie), so thank-you pages, emails and shared links follow it."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next") or "/"
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    path, _, query = next_url.partition("?")
    target = languages.path_in_language(path, language)
    response = HttpResponseRedirect(f"{target}?{query}" if query else target)
    languages.set_language_cookie(response, language)
    return response


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponse:
    """A public upload from MEDIA_ROOT (only routed when SERVE_MEDIA is on)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers and monitoring.

    503 when the database does not answer (nothing works without it). A cache outage, an
    object-store bucket that does not answer (`storage`, when media are on one) or a read
    replica that is unreachable or lagging (`replicas`, when there are any) is "degraded"
    with a 200: pages and forms carry on without them (see cancercenter/health.py).
    `notifications_needing_attention` counts emails that failed for a while, gave up, or
    may have been sent.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        attention = Notification.objects.needing_attention().count()
    except Exception:  # any failure to reach the database means "not ready"
        return JsonResponse(
            {"status": "unavailable", "database": "unreachable"},
            status=HTTPStatus.SERVICE_UNAVAILABLE,
        )
    cache_ok = cache_available()
    report = {
        "status": "ok",
        "database": "ok",
        "cache": "ok" if cache_ok else "unavailable",
        "notifications_needing_attention": attention,
    }
    if stores := health.storage_states():
        report["storage"] = stores
    if replica_states := health.replica_states():
        report["replicas"] = replica_states
    states = [*stores.values(), *replica_states.values()]
    if not cache_ok or any(state != "ok" for state in states):
        report["status"] = "degraded"
    return JsonResponse(report)


# Models that lived in the `cancercenter` app before each capability got its own app.
MOVED_ADMIN_MODELS = {
    "contactrequest": "contact",
    "fund": "giving",
    "giftpledge": "giving",
    "notification": "submissions",
    "searchsynonym": "search",
}


@require_safe
def moved_admin_page(
    request: HttpRequest, model: str | None = None, rest: str = ""
) -> HttpResponse:
    """/admin/cancercenter/...: the same admin page under the model's own app today.

    Staff emails and bookmarks from before the split link here; they keep working.
    """
    if model is None:
        url = reverse("admin:index")
    elif model in MOVED_ADMIN_MODELS:
        url = reverse("admin:index") + f"{MOVED_ADMIN_MODELS[model]}/{model}/{rest}"
    else:
        raise Http404
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(url)
