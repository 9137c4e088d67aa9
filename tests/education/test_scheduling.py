"""Scheduled publish and unpublish (issue 16, point 3): the public site follows the moments
to the second, and the scheduled task makes the records (admin, sitemap, caches) follow."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db.models.signals import post_save
from django.urls import reverse

from cancercenter.audit.models import AuditAction, AuditEvent
from cancercenter.management.commands.apply_content_schedule import content_schedule_apply
from cancercenter.pages import menus
from cancercenter.pages.models import Menu, MenuItem
from education.models import FAQ, PublicationStatus, Topic
from education.services import faqs_schedule_apply, topics_schedule_apply
from tests.factories import FAQFactory, PageFactory, TopicFactory

pytestmark = pytest.mark.django_db


class Saved:
    """Records the instances a model's post_save is sent for (what cache clearing sees)."""

    def __init__(self, model):
        self.model, self.instances = model, []

    def __enter__(self):
        post_save.connect(self.receive, sender=self.model, weak=False)
        return self

    def __exit__(self, *exc):
        post_save.disconnect(self.receive, sender=self.model)

    def receive(self, sender, instance, **kwargs):
        self.instances.append(instance.pk)


def status(client, url) -> int:
    return client.get(url).status_code


def test_a_scheduled_topic_appears_at_its_moment_to_the_second_and_the_task_saves_it_once(
    client, clock
):
    start = clock.now
    topic = TopicFactory(published_at=start + timedelta(hours=2))
    url = topic.get_absolute_url()
    clock.set(start + timedelta(hours=2) - timedelta(seconds=1))
    assert status(client, url) == HTTPStatus.NOT_FOUND
    assert topic not in Topic.objects.published()
    clock.set(start + timedelta(hours=2))
    # Visible at once, before any task has run.
    assert status(client, url) == HTTPStatus.OK

    with Saved(Topic) as saved:
        report = topics_schedule_apply(now=clock.now)
        again = topics_schedule_apply(now=clock.now + timedelta(minutes=5))
    assert [t.pk for t in report.went_live] == [topic.pk] == saved.instances
    assert again.went_live == [] and again.unpublished == []
    topic.refresh_from_db()
    assert topic.updated_at == clock.now  # the sitemap's lastmod says it changed
    assert topic.status_en == PublicationStatus.PUBLISHED


def test_a_topic_leaves_the_site_at_its_unpublish_moment_and_the_task_turns_it_to_draft(
    client, clock
):
    start = clock.now
    topic = TopicFactory(unpublish_at=start + timedelta(hours=3), status_es="published")
    url = topic.get_absolute_url()
    clock.set(start + timedelta(hours=3) - timedelta(seconds=1))
    assert status(client, url) == HTTPStatus.OK
    # Not yet due: the task leaves it alone.
    assert topics_schedule_apply(now=clock.now).unpublished == []
    clock.set(start + timedelta(hours=3))
    assert status(client, url) == HTTPStatus.NOT_FOUND
    assert topic.get_absolute_url() not in client.get("/sitemap.xml").content.decode()
    assert Topic.objects.get(pk=topic.pk).status_en == PublicationStatus.PUBLISHED

    with Saved(Topic) as saved:
        report = topics_schedule_apply(now=clock.now)
    assert [t.pk for t in report.unpublished] == [topic.pk] == saved.instances
    topic.refresh_from_db()
    assert topic.status_en == topic.status_es == PublicationStatus.DRAFT
    assert topic.unpublish_at is None  # done; it does not linger for a later publish
    assert AuditEvent.objects.filter(
        action=AuditAction.UNPUBLISHED, object_id=str(topic.pk)
    ).exists()
    from reversion.models import Version

    (version,) = Version.objects.get_for_object(topic)  # the history says so, too
    assert version.revision.comment == "Unpublished (back to draft)"
    assert version.field_dict["status_en"] == PublicationStatus.DRAFT
    assert topics_schedule_apply(now=clock.now).unpublished == []


def test_a_faq_follows_its_own_moments_and_its_topics(client, clock):
    start = clock.now
    faq = FAQFactory(question="When do I call?", unpublish_at=start + timedelta(hours=1))
    topic = TopicFactory(unpublish_at=start + timedelta(hours=2))
    under_topic = FAQFactory(question="What does it cost?", topic=topic)
    later = FAQFactory(question="Can I travel?", published_at=start + timedelta(minutes=30))
    page = reverse("education:faq")

    def shown():
        body = client.get(page).content.decode()
        return {q for q in ("When do I call?", "What does it cost?", "Can I travel?") if q in body}

    assert shown() == {"When do I call?", "What does it cost?"}
    clock.set(start + timedelta(minutes=30))
    assert shown() == {"When do I call?", "What does it cost?", "Can I travel?"}
    clock.set(start + timedelta(hours=1))
    assert shown() == {"What does it cost?", "Can I travel?"}
    clock.set(start + timedelta(hours=2))
    assert shown() == {"Can I travel?"}

    report = faqs_schedule_apply(now=clock.now)
    assert [f.pk for f in report.unpublished] == [faq.pk]
    assert [f.pk for f in report.went_live] == [later.pk]
    faq.refresh_from_db()
    assert faq.is_published_en is False and faq.is_published_es is False
    assert FAQ.objects.get(pk=under_topic.pk).is_published_en is True


def test_a_page_leaves_the_site_and_its_menu_link_goes_when_the_task_runs(client, clock):
    start = clock.now
    page = PageFactory(
        title="Flu clinic",
        slug="flu-clinic",
        published_at=start - timedelta(days=1),
        unpublish_at=start + timedelta(hours=1),
    )
    footer = Menu.objects.create(placement="footer", title="Seasonal")
    MenuItem.objects.create(menu=footer, page=page)
    menus.warm()
    assert "Flu clinic" in client.get("/").content.decode()

    clock.set(start + timedelta(hours=1))
    assert status(client, page.get_absolute_url()) == HTTPStatus.NOT_FOUND
    call_command("apply_content_schedule", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.refresh_from_db()
    assert page.status_en == PublicationStatus.DRAFT
    # The page's save cleared the cached menus (the pages' signal), so the link is gone.
    assert menus.cached_page_ids() is None
    assert "Flu clinic" not in client.get("/").content.decode()


def test_the_maintenance_run_carries_out_the_schedule(clock):
    topic = TopicFactory(unpublish_at=clock.now + timedelta(minutes=1))
    clock.advance(minutes=2)
    report = content_schedule_apply()
    assert "topics 1 unpublished, 0 went live" in report
    call_command("run_maintenance", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Topic.objects.get(pk=topic.pk).status_en == PublicationStatus.DRAFT


def test_unpublish_before_the_publish_moment_is_refused_next_to_the_field(staff_client, clock):
    topic = TopicFactory(published_at=clock.now + timedelta(days=2))
    response = staff_client.post(
        f"/admin/education/topic/{topic.pk}/change/",
        {
            "title_en": topic.title,
            "slug": topic.slug,
            "summary_en": topic.summary,
            "body_en": topic.body,
            "status_en": PublicationStatus.PUBLISHED,
            "published_at_0": (clock.now + timedelta(days=2)).strftime("%Y-%m-%d"),
            "published_at_1": "09:00:00",
            "unpublish_at_0": (clock.now + timedelta(days=1)).strftime("%Y-%m-%d"),
            "unpublish_at_1": "09:00:00",
            "order": 0,
            "faqs-TOTAL_FORMS": 0,
            "faqs-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == HTTPStatus.OK
    form = response.context["adminform"].form
    assert form.errors["unpublish_at"][0].startswith("Choose a moment after the publish date")
    assert "Choose a moment after the publish date" in response.content.decode()
    topic.refresh_from_db()
    assert topic.unpublish_at is None


def test_a_passed_unpublish_moment_is_refused_on_a_published_item(clock):
    from django.core.exceptions import ValidationError

    page = PageFactory(published_at=clock.now - timedelta(days=3))
    page.unpublish_at = clock.now - timedelta(seconds=1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "This moment has passed" in error.value.message_dict["unpublish_at"][0]
    page.status_en = PublicationStatus.DRAFT
    page.full_clean()  # a draft may keep it


@pytest.mark.parametrize(
    "url",
    [
        "/admin/education/topic/?scheduled=publish",
        "/admin/education/topic/?scheduled=unpublish",
        "/admin/education/faq/?scheduled=unpublish",
        "/admin/pages/page/?scheduled=publish",
    ],
)
def test_admin_lists_show_the_schedule_and_filter_by_it(staff_client, clock, url):
    TopicFactory(title="Coming soon", published_at=clock.now + timedelta(days=1))
    TopicFactory(title="Going soon", unpublish_at=clock.now + timedelta(days=1))
    FAQFactory(question="Leaving?", unpublish_at=clock.now + timedelta(days=1))
    PageFactory(
        title="Next page",
        slug="next-page",
        status="published",
        published_at=clock.now + timedelta(days=1),
    )
    response = staff_client.get(url)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "publishes at" in body.lower() and "unpublishes at" in body.lower()
    if url == "/admin/education/topic/?scheduled=publish":
        assert "Coming soon" in body and "Going soon" not in body and "(scheduled)" in body
    if url == "/admin/education/topic/?scheduled=unpublish":
        assert "Going soon" in body and "Coming soon" not in body


def test_publishing_by_hand_clears_an_unpublish_moment_already_past(staff_client, clock):
    topic = TopicFactory(status="draft", unpublish_at=clock.now - timedelta(hours=1))
    staff_client.post(
        "/admin/education/topic/", {"action": "publish", "_selected_action": [topic.pk]}
    )
    topic.refresh_from_db()
    assert topic.status_en == PublicationStatus.PUBLISHED and topic.unpublish_at is None
    assert topic in Topic.objects.published()
