from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from cancercenter.search import services as search
from cancercenter.submissions import antispam
from education.models import Topic


@method_decorator(require_safe, name="dispatch")
class SearchView(TemplateView):
    """/search/?q=: one search over the site, grouped by kind; ?kind= lists all of one kind."""

    template_name = "cancercenter/search.html"
    paginate_by = 20
    popular_topic_count = 6

    def get(self, request, *args, **kwargs):
        self.query = search.clean_query(request.GET.get("q", ""))
        if self.query:
            # Searches are rate-limited per client like the forms (SEARCH_RATE_LIMIT).
            if antispam.rate_limit_reached(request, "search", settings.SEARCH_RATE_LIMIT):
                response = render(request, "cancercenter/search_busy.html", status=429)
                response["Retry-After"] = str(settings.SEARCH_RATE_LIMIT[1])
                return response
            antispam.rate_limit_count(request, "search", settings.SEARCH_RATE_LIMIT)
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
            try:
                results = search.search_grouped_bounded(query, groups=groups)
            except search.SearchTooSlow:
                results = []
                context["too_slow"] = True
            context.update(results=results, total=sum(group.total for group in results))
        if not context["total"]:
            context["popular_topics"] = (
                Topic.objects.published()
                .only("title", "slug", "summary", "status")
                .order_by("order", "title")[: self.popular_topic_count]
            )
            context["suggestions"] = [terms[0] for terms in groups[:6] if terms]
        context["breadcrumbs"] = crumbs
        return context
