from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from stories.models import Story


class StoryFeed(Feed):
    """/stories/feed/: an Atom feed of the latest published stories."""

    feed_type = Atom1Feed
    link = reverse_lazy("stories:story-list")
    subtitle = _("Patients and families tell how they came through treatment.")

    def title(self) -> str:
        return _("Patient stories from %(center)s") % {"center": settings.CENTER["name"]}

    def items(self):
        return Story.objects.published().defer("body", "body_html")[:20]

    def item_title(self, item: Story) -> str:
        return item.title

    def item_description(self, item: Story) -> str:
        # Atom summaries are declared HTML; the teaser is plain text, so escape it.
        return escape(item.teaser)

    def item_author_name(self, item: Story) -> str:
        return item.display_name

    def item_pubdate(self, item: Story):
        return item.published_at

    def item_updateddate(self, item: Story):
        return item.updated_at
