from django.conf import settings
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from education import previews, structured_data
from education.languages import shown
from education.models import FAQ, Topic
from education.pagination import ClampedPaginationMixin


def _public_url(path: str) -> str:
    return settings.CENTER["site_url"].rstrip("/") + path


class TopicListView(ClampedPaginationMixin, ListView):
    """/education/: published topics grouped by treatment."""

    template_name = "education/topic_list.html"
    context_object_name = "topics"
    paginate_by = 60

    def get_queryset(self):
        return (
            Topic.objects.published()
            .select_related("treatment")
            .order_by(
                F("treatment__order").asc(nulls_first=True), "treatment__name", "order", "title"
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=[(_("Treatments"), None)], **kwargs)


class TopicDetailView(DetailView):
    """/education/<slug>/: one topic, its FAQs and related topics; staff preview drafts."""

    template_name = "education/topic_detail.html"
    context_object_name = "topic"

    def get_queryset(self):
        return (
            Topic.objects.visible_to(self.request.user)
            .select_related("treatment")
            .prefetch_related(
                "cancer_types",
                Prefetch("faqs", queryset=FAQ.objects.published(), to_attr="published_faqs"),
                Prefetch(
                    "related_topics",
                    queryset=Topic.objects.published().only("title", "slug", "summary", "status"),
                    to_attr="published_related_topics",
                ),
            )
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return previews.mark_preview(response, self.object)

    def get_context_data(self, **kwargs):
        topic = self.object
        return super().get_context_data(
            breadcrumbs=[
                (_("Treatments"), reverse("education:topic-list")),
                (shown(topic, "title"), None),
            ],
            content_language_missing=topic.content_language_missing,
            topic_json_ld=structured_data.medical_web_page(
                topic, _public_url(topic.get_absolute_url())
            ),
            **kwargs,
        )


class FAQListView(ClampedPaginationMixin, ListView):
    """/education/faq/: every published FAQ, grouped by topic."""

    template_name = "education/faq_list.html"
    context_object_name = "faqs"
    paginate_by = 15

    def get_queryset(self):
        return (
            FAQ.objects.published()
            .select_related("topic")
            .order_by(F("topic__order").asc(nulls_first=True), "topic__title", "order", "question")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [
            (_("Treatments"), reverse("education:topic-list")),
            (_("Questions and answers"), None),
        ]
        context["faq_json_ld"] = structured_data.faq_page(
            context["faqs"], _public_url(reverse("education:faq"))
        )
        return context
