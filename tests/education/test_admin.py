from datetime import date
from http import HTTPStatus

import pytest

from education.models import PublicationStatus, Topic
from tests.factories import CancerTypeFactory, FAQFactory, TopicFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/education/topic/",
        "/admin/education/topic/?status__exact=draft",
        "/admin/education/topic/?review=overdue",
        "/admin/education/topic/?review=due-soon",
        "/admin/education/topic/?review=never",
        "/admin/education/topic/?q=transplant",
        "/admin/education/topic/add/",
        "/admin/education/faq/",
        "/admin/education/faq/add/",
        "/admin/education/treatment/",
        "/admin/education/cancertype/",
    ],
)
def test_admin_pages_load(staff_client, url):
    TopicFactory(title="Stem cell transplant")
    FAQFactory()
    assert staff_client.get(url).status_code == HTTPStatus.OK


def test_change_page_links_to_the_topic_on_the_site(staff_client):
    topic = TopicFactory()
    body = staff_client.get(f"/admin/education/topic/{topic.pk}/change/").content.decode()
    assert "View on site" in body


def test_review_overdue_filter_lists_only_overdue_topics(staff_client):
    TopicFactory(
        title="Overdue page", last_reviewed_on=date(2020, 1, 1), next_review_due=date(2021, 1, 1)
    )
    TopicFactory(
        title="Fresh page", last_reviewed_on=date(2026, 1, 1), next_review_due=date(2099, 1, 1)
    )
    body = staff_client.get("/admin/education/topic/?review=overdue").content.decode()
    assert "Overdue page" in body
    assert "Fresh page" not in body


def test_publish_and_unpublish_actions(staff_client):
    draft = TopicFactory(status=PublicationStatus.DRAFT)
    staff_client.post(
        "/admin/education/topic/", {"action": "publish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED
    staff_client.post(
        "/admin/education/topic/", {"action": "unpublish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT


def test_editor_creates_a_topic_with_markdown_and_it_renders(staff_client):
    treatment = TreatmentFactory()
    response = staff_client.post(
        "/admin/education/topic/add/",
        {
            "title_en": "New guide",
            "slug": "new-guide",
            "summary_en": "Short.",
            "body_en": "## Part one\n\n<script>x()</script>Text",
            "treatment": treatment.pk,
            "status_en": "published",
            "published_at_0": "2026-01-01",
            "published_at_1": "09:00:00",
            "order": 0,
            "faqs-TOTAL_FORMS": 0,
            "faqs-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    topic = Topic.objects.get(slug="new-guide")
    assert '<h2 id="section-part-one">' in topic.body_html
    assert "<script" not in topic.body_html


def test_next_review_before_last_review_is_refused(staff_client):
    topic = TopicFactory()
    response = staff_client.post(
        f"/admin/education/topic/{topic.pk}/change/",
        {
            "title_en": topic.title,
            "slug": topic.slug,
            "summary_en": topic.summary,
            "body_en": topic.body,
            "status_en": "published",
            "published_at_0": "2026-01-01",
            "published_at_1": "09:00:00",
            "order": 0,
            "last_reviewed_on_en": "2026-05-01",
            "next_review_due_en": "2026-01-01",
            "faqs-TOTAL_FORMS": 0,
            "faqs-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "The next review must come after the last review." in response.content.decode()


def _two_versions(obj):
    import reversion

    for _ in range(2):
        with reversion.create_revision():
            obj.save()


def _menu():
    from cancercenter.pages.models import Menu

    return Menu.objects.first()


@pytest.mark.parametrize(
    "make",
    [
        TopicFactory,
        FAQFactory,
        TreatmentFactory,
        CancerTypeFactory,
        "tests.stories.factories.StoryFactory",
        "tests.factories.PageFactory",
        "tests.pages.test_pages.location",
        "tests.care.factories.ProviderFactory",
        _menu,
    ],
    ids=lambda make: getattr(make, "__name__", str(make)),
)
def test_history_compare_and_revert_pages_load(staff_client, make):
    """The admin smoke test, for every model that keeps versions (education/revisions.py)."""
    from django.utils.module_loading import import_string
    from reversion.models import Version

    obj = (import_string(make) if isinstance(make, str) else make)()
    _two_versions(obj)
    newer, older = Version.objects.get_for_object(obj)
    opts = obj._meta
    base = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/"
    for url in [
        base,
        f"{base}compare/?version_id1={older.pk}&version_id2={newer.pk}",
        f"{base}{older.pk}/",
    ]:
        assert staff_client.get(url).status_code == HTTPStatus.OK, url
