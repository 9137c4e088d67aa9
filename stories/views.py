from django.conf import settings
from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from cancercenter.submissions.views import SubmissionCreateView, SubmissionThanksView
from education import previews
from education.languages import shown
from education.models import Topic, Treatment
from education.pagination import ClampedPaginationMixin
from stories import services
from stories.forms import StoryFilterForm, StoryShareForm
from stories.models import Story, StorySubmission
from trials.models import Trial


def treatments_with_main_topic():
    """Treatments with the slug of their first published topic, for "Learn about …" links."""
    topics = Topic.objects.published().filter(treatment=OuterRef("pk")).order_by("order", "title")
    return Treatment.objects.annotate(main_topic_slug=Subquery(topics.values("slug")[:1]))


class StoryListView(ClampedPaginationMixin, ListView):
    """/stories/: published story cards, filtered by cancer type and treatment (GET)."""

    template_name = "stories/story_list.html"
    context_object_name = "stories"
    paginate_by = 12

    def get_queryset(self):
        self.filter_form = StoryFilterForm(self.request.GET or None)
        return self.filter_form.filter(Story.objects.published().for_cards())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["is_filtered"] = any(
            self.request.GET.get(name) for name in ("cancer_type", "treatment")
        )
        context["breadcrumbs"] = [(_("Patient stories"), None)]
        return context


class StoryDetailView(DetailView):
    """/stories/<slug>/: one story, with links onward; staff preview drafts."""

    template_name = "stories/story_detail.html"
    context_object_name = "story"

    def get_queryset(self):
        return Story.objects.visible_to(self.request.user).prefetch_related(
            "cancer_types",
            Prefetch("treatments", queryset=treatments_with_main_topic()),
            Prefetch(
                "related_topics",
                queryset=Topic.objects.published().only("title", "slug", "summary"),
                to_attr="published_related_topics",
            ),
            Prefetch(
                "related_trials",
                queryset=Trial.objects.listed()
                .only("nct_id", "brief_title", "overall_status")
                .order_by("nct_id"),
                to_attr="listed_related_trials",
            ),
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return previews.mark_preview(response, self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        story = self.object
        url = self.request.build_absolute_uri(story.get_absolute_url())
        context["share_url"] = url
        context["article_json_ld"] = article_json_ld(story, url, self.request)
        if "image" in context["article_json_ld"]:
            # Link previews show the patient's photo instead of the default picture.
            context["share_image_url"] = context["article_json_ld"]["image"]
            context["share_image_alt"] = shown(story, "photo_alt")
        context["content_language_missing"] = story.content_language_missing
        context["breadcrumbs"] = [
            (_("Patient stories"), reverse("stories:story-list")),
            (shown(story, "title"), None),
        ]
        return context


def article_json_ld(story: Story, url: str, request) -> dict:
    """schema.org Article for a story page."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": story.title,
        "description": story.teaser,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": story.published_at.isoformat(),
        "dateModified": story.updated_at.isoformat(),
        "author": {"@type": "Organization", "name": settings.CENTER["name"]},
        "publisher": {
            "@type": "Organization",
            "name": settings.CENTER["name"],
            "url": settings.CENTER["site_url"],
        },
    }
    image = story.photo_image
    if image:
        data["image"] = request.build_absolute_uri(image["src"])
    return data


class StoryShareView(SubmissionCreateView):
    """/stories/share/: the share-your-story form (saved first, then a thank-you page)."""

    form_class = StoryShareForm
    template_name = "stories/story_share.html"
    thanks_url_name = "stories:story-share-thanks"
    rate_limit_scope = "story"

    def get_context_data(self, **kwargs):
        crumbs = [
            (_("Patient stories"), reverse("stories:story-list")),
            (_("Share your story"), None),
        ]
        return super().get_context_data(breadcrumbs=crumbs, **kwargs)

    def create_submission(self, form):
        data = {name: form.cleaned_data[name] for name in form._meta.fields}
        if not data["photo"]:
            del data["photo"]
        return services.story_submission_create(form_data=data, token=form.token)


class StoryShareThanksView(SubmissionThanksView):
    """/stories/share/thank-you/: the reference, and what happens before anything is published."""

    model = StorySubmission
    form_url_name = "stories:story-share"
    template_name = "stories/story_share_thanks.html"

    def get_context_data(self, **kwargs):
        crumbs = [
            (_("Patient stories"), reverse("stories:story-list")),
            (_("Share your story"), reverse("stories:story-share")),
            (_("Thank you"), None),
        ]
        return super().get_context_data(breadcrumbs=crumbs, **kwargs)
