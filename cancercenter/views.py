import sys
from http import HTTPStatus

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from django.views.static import serve

from cancercenter import crawlers, search, services, structured_data
from cancercenter.cache import cache_available
from cancercenter.contact import ContactRequest, ContactTopic
from cancercenter.forms import ContactForm, GiftForm
from cancercenter.gifts import Fund, GiftPledge
from cancercenter.submissions.models import Notification
from cancercenter.submissions.views import SubmissionCreateView, SubmissionThanksView
from education.models import Topic, Treatment
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


@method_decorator(require_safe, name="dispatch")
class SearchView(TemplateView):
    """/search/?q=: one search over the site, grouped by kind; ?kind= lists all of one kind."""

    template_name = "cancercenter/search.html"
    paginate_by = 20
    popular_topic_count = 6

    def get(self, request, *args, **kwargs):
        self.query = search.clean_query(request.GET.get("q", ""))
        target = search.jump_url(self.query) if self.query else None
        if target:
            return redirect(target)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.query
        groups = search.synonym_groups()
        kind = search.KINDS_BY_KEY.get(self.request.GET.get("kind", ""))
        context.update(query=query, kind=kind, total=0)
        crumbs = [(_("Search"), None)]
        if query and kind:
            paginator = Paginator(search.search_kind(query, kind, groups=groups), self.paginate_by)
            page_obj = paginator.get_page(self.request.GET.get("page"))
            context.update(
                page_obj=page_obj,
                kind_hits=search.hits(kind, page_obj.object_list),
                total=paginator.count,
                all_results_url=reverse("search") + "?" + urlencode({"q": query}),
            )
            crumbs = [(_("Search"), context["all_results_url"]), (kind.label, None)]
        elif query:
            results = search.search_grouped(query, groups=groups)
            context.update(results=results, total=sum(group.total for group in results))
        if not context["total"]:
            context["popular_topics"] = (
                Topic.objects.published()
                .only("title", "slug", "summary")
                .order_by("order", "title")[: self.popular_topic_count]
            )
            context["suggestions"] = [terms[0] for terms in groups[:6] if terms]
        context["breadcrumbs"] = crumbs
        return context


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """/robots.txt: keep crawlers out of the admin, search results and thank-you pages."""
    site_url = settings.CENTER["site_url"].rstrip("/")
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in crawlers.disallowed_paths()]
    lines += ["", f"Sitemap: {site_url}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponse:
    """A public upload from MEDIA_ROOT (only routed when SERVE_MEDIA is on)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers and monitoring.

    503 when the database does not answer (nothing works without it). A cache outage is
    "degraded" with a 200: pages and forms carry on without it. `notifications_needing_
    attention` counts emails that failed for a while, gave up, or may have been sent.
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
    return JsonResponse(
        {
            "status": "ok" if cache_ok else "degraded",
            "database": "ok",
            "cache": "ok" if cache_ok else "unavailable",
            "notifications_needing_attention": attention,
        }
    )


def database_unavailable(request: HttpRequest) -> HttpResponse:
    response = render(request, "503.html", status=HTTPStatus.SERVICE_UNAVAILABLE)
    response["Retry-After"] = "30"
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=HTTPStatus.BAD_REQUEST)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=HTTPStatus.FORBIDDEN)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=HTTPStatus.NOT_FOUND)


def server_error(request: HttpRequest) -> HttpResponse:
    from cancercenter.middleware import is_database_unavailable

    # Django calls this inside its exception handler, so the error is still at hand.
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable(request)
    return render(request, "500.html", status=HTTPStatus.INTERNAL_SERVER_ERROR)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=HTTPStatus.FORBIDDEN)


class ContactView(SubmissionCreateView):
    """/contact/: the contact and concierge form."""

    form_class = ContactForm
    template_name = "cancercenter/contact_form.html"
    thanks_url_name = "contact-thanks"
    rate_limit_scope = "contact"

    def get_initial(self):
        topic = self.request.GET.get("topic")
        return {"topic": topic} if topic in ContactTopic.values else {}

    def create_submission(self, form):
        data = {name: form.cleaned_data[name] for name in form._meta.fields}
        return services.contact_request_create(form_data=data, token=form.token)

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=[(_("Contact us"), None)], **kwargs)


class ContactThanksView(SubmissionThanksView):
    model = ContactRequest
    template_name = "cancercenter/contact_thanks.html"

    def get_context_data(self, **kwargs):
        crumbs = [(_("Contact us"), reverse("contact")), (_("Thank you"), None)]
        return super().get_context_data(breadcrumbs=crumbs, **kwargs)


class GiftView(SubmissionCreateView):
    """/give/: a gift pledge. Payment happens on a hosted page or with the development office."""

    form_class = GiftForm
    template_name = "cancercenter/gift_form.html"
    thanks_url_name = "give-thanks"
    rate_limit_scope = "gift"

    def get_initial(self):
        """`?fund=<slug>` preselects a fund, so a page can link to "give to this"."""
        fund = Fund.objects.active().filter(slug=self.request.GET.get("fund", "")).first()
        return {"fund": fund} if fund else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pays_online"] = bool(settings.GIFT_PAYMENT_URL)
        context["breadcrumbs"] = [(_("Make a gift"), None)]
        return context

    def create_submission(self, form):
        return services.gift_pledge_create(form_data=form.pledge_data(), token=form.token)


class GiftThanksView(SubmissionThanksView):
    """The pledge is saved; say how the gift is completed (hosted payment page or a call)."""

    model = GiftPledge
    template_name = "cancercenter/gift_thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pledge = context.get("submission")
        context["payment_url"] = pledge.payment_url if pledge else ""
        context["breadcrumbs"] = [(_("Make a gift"), reverse("give")), (_("Thank you"), None)]
        return context
