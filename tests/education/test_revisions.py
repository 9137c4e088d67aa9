"""Revisions: every admin save keeps a version with its author; history, diff and revert."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from reversion.models import Version

from education.models import PublicationStatus, Topic
from stories.models import Story
from tests.factories import PageFactory, TopicFactory
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db


def topic_form(topic: Topic, **changes) -> dict:
    data = {
        "title_en": topic.title_en,
        "title_es": topic.title_es or "",
        "slug": topic.slug,
        "summary_en": topic.summary_en,
        "body_en": topic.body_en,
        "status_en": topic.status_en,
        "published_at_0": "2026-01-01",
        "published_at_1": "09:00:00",
        "order": 0,
        "faqs-TOTAL_FORMS": 0,
        "faqs-INITIAL_FORMS": 0,
    }
    return {**data, **changes}


def edit_topic(client, topic: Topic, **changes):
    response = client.post(
        f"/admin/education/topic/{topic.pk}/change/", topic_form(topic, **changes)
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    topic.refresh_from_db()
    return response


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password="pw", is_staff=True, is_superuser=True
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def versions(obj):
    return Version.objects.get_for_object(obj).select_related("revision__user")


def test_an_admin_save_keeps_a_version_with_the_editor_and_the_time(editor_client, editor):
    topic = TopicFactory(body="Old words.")
    edit_topic(editor_client, topic, body_en="New words.")
    (version,) = versions(topic)
    assert version.revision.user == editor
    assert version.revision.date_created is not None
    assert version.field_dict["body_en"] == "New words."


def test_the_diff_shows_both_languages_text(editor_client):
    topic = TopicFactory(title="Transplant basics", body="Old words.")
    edit_topic(editor_client, topic, body_en="First words.", title_es="Trasplante")
    edit_topic(editor_client, topic, body_en="Second words.", title_es="Trasplante básico")
    newer, older = versions(topic)
    url = (
        f"/admin/education/topic/{topic.pk}/history/compare/"
        f"?version_id1={older.pk}&version_id2={newer.pk}"
    )
    response = editor_client.get(url)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Second" in body and "First" in body
    assert "básico" in body  # the Spanish column is compared too
    assert "body_html" not in body  # derived columns are left out of the diff


def test_revert_restores_the_text_and_is_itself_a_new_version(editor_client):
    topic = TopicFactory(title="Transplant basics", body="Old words.")
    edit_topic(editor_client, topic, body_en="The right words.")
    edit_topic(editor_client, topic, body_en="A mistake.")
    newer, older = versions(topic)
    url = f"/admin/education/topic/{topic.pk}/history/{older.pk}/"
    page = editor_client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert "The right words." in page.content.decode()
    topic.refresh_from_db()
    assert topic.body_en == "A mistake."  # only looking changes nothing

    response = editor_client.post(url, topic_form(topic, body_en="The right words."))
    assert response.status_code == HTTPStatus.FOUND
    topic.refresh_from_db()
    assert topic.body_en == "The right words."
    assert "The right words." in topic.body_html
    latest = versions(topic).first()
    assert versions(topic).count() == 3
    assert latest.revision.comment.startswith("Reverted")


def test_revert_leaves_publication_as_it_is_now(editor_client):
    topic = TopicFactory(status=PublicationStatus.DRAFT, body="Draft words.")
    edit_topic(editor_client, topic, body_en="Draft words, edited.")
    edit_topic(editor_client, topic, status_en=PublicationStatus.PUBLISHED)
    older = versions(topic).last()
    page = editor_client.get(f"/admin/education/topic/{topic.pk}/history/{older.pk}/")
    # The form offers the old text with today's status, so saving it keeps the topic public.
    assert 'value="published" selected' in page.content.decode()


def test_history_compare_and_revert_refused_without_permission(client, django_user_model):
    topic = TopicFactory()
    author = django_user_model.objects.create_user(
        username="author", is_staff=True, is_superuser=True
    )
    client.force_login(author)
    edit_topic(client, topic, body_en="One.")
    edit_topic(client, topic, body_en="Two.")
    newer, older = versions(topic)
    revert = f"/admin/education/topic/{topic.pk}/history/{older.pk}/"
    compare = (
        f"/admin/education/topic/{topic.pk}/history/compare/"
        f"?version_id1={older.pk}&version_id2={newer.pk}"
    )

    reader = django_user_model.objects.create_user(username="reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_topic"))
    client.force_login(reader)
    assert client.get(f"/admin/education/topic/{topic.pk}/history/").status_code == 200
    assert client.get(compare).status_code == HTTPStatus.OK
    assert client.get(revert).status_code == HTTPStatus.FORBIDDEN
    assert client.post(revert, topic_form(topic, body_en="One.")).status_code == 403
    topic.refresh_from_db()
    assert topic.body_en == "Two."
    assert versions(topic).count() == 2

    stranger = django_user_model.objects.create_user(username="stranger", is_staff=True)
    client.force_login(stranger)
    assert client.get(compare).status_code == HTTPStatus.FORBIDDEN
    assert client.get(f"/admin/education/topic/{topic.pk}/history/").status_code == 403


def story_form(story: Story, **changes) -> dict:
    data = {
        "title_en": story.title_en,
        "slug": story.slug,
        "display_name": story.display_name,
        "teaser_en": story.teaser_en,
        "body_en": story.body_en,
        "status_en": story.status_en,
        "published_at_0": "2026-01-01",
        "published_at_1": "09:00:00",
        "consent_received_on": "2026-01-05",
        "consent_reference": story.consent_reference,
        "consent_expires_on": "2030-01-05",
    }
    return {**data, **changes}


def test_reverting_a_published_story_keeps_it_published_with_its_authorization(editor_client):
    story = StoryFactory(teaser="First teaser.")
    url = f"/admin/stories/story/{story.pk}/change/"
    response = editor_client.post(url, story_form(story, teaser_en="Better teaser."))
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    story.refresh_from_db()
    old_reference = story.consent_reference
    response = editor_client.post(
        url,
        story_form(story, teaser_en="Worse teaser.", consent_reference="Legal file 2026-999"),
    )
    assert response.status_code == HTTPStatus.FOUND
    story.refresh_from_db()
    older = versions(story).last()
    revert = f"/admin/stories/story/{story.pk}/history/{older.pk}/"
    page = editor_client.get(revert).content.decode()
    assert "Better teaser." in page
    # The authorization stays as it is now (the old one is still listed in its history).
    assert 'value="Legal file 2026-999"' in page
    assert f'value="{old_reference}"' not in page
    response = editor_client.post(revert, story_form(story, teaser_en="Better teaser."))
    assert response.status_code == HTTPStatus.FOUND
    story.refresh_from_db()
    assert story.teaser_en == "Better teaser."
    assert story.status_en == PublicationStatus.PUBLISHED
    assert story.consent_reference == "Legal file 2026-999"


def test_publishing_from_the_list_records_a_version(editor_client, editor):
    from tests.stories.factories import DraftStoryFactory

    story = DraftStoryFactory(
        consent_received_on="2026-01-05",
        consent_reference="File 1",
        consent_expires_on="2030-01-05",
    )
    editor_client.post(
        "/admin/stories/story/", {"action": "publish", "_selected_action": [story.pk]}
    )
    (version,) = versions(story)
    assert version.field_dict["status_en"] == PublicationStatus.PUBLISHED
    assert version.revision.user == editor


def test_publishing_outside_the_admin_records_a_version():
    from stories import services
    from tests.stories.factories import DraftStoryFactory

    story = DraftStoryFactory(
        consent_received_on="2026-01-05",
        consent_reference="File 1",
        consent_expires_on="2030-01-05",
    )
    services.stories_publish(stories=Story.objects.filter(pk=story.pk))
    services.stories_unpublish(stories=Story.objects.filter(pk=story.pk))
    assert [v.field_dict["status_en"] for v in versions(story)] == ["draft", "published"]


def test_a_menu_version_holds_its_links_and_a_page_has_a_history(staff_client):
    page = PageFactory()
    response = staff_client.get(f"/admin/pages/page/{page.pk}/history/")
    assert response.status_code == HTTPStatus.OK
    from cancercenter.pages.models import Menu

    menu = Menu.objects.first()
    response = staff_client.get(f"/admin/pages/menu/{menu.pk}/history/")
    assert response.status_code == HTTPStatus.OK


def test_publishing_topics_and_pages_from_the_list_records_versions(editor_client, editor):
    topic = TopicFactory(status=PublicationStatus.DRAFT)
    page = PageFactory(status=PublicationStatus.DRAFT)
    editor_client.post(
        "/admin/education/topic/", {"action": "publish", "_selected_action": [topic.pk]}
    )
    editor_client.post("/admin/pages/page/", {"action": "publish", "_selected_action": [page.pk]})
    for obj in (topic, page):
        (version,) = versions(obj)
        assert version.field_dict["status_en"] == PublicationStatus.PUBLISHED
        assert version.revision.user == editor


def test_the_history_page_runs_the_same_queries_for_many_versions(
    editor_client, django_assert_max_num_queries
):
    import reversion

    topic = TopicFactory()
    for n in range(30):
        with reversion.create_revision():
            topic.body = f"Edit {n}."
            topic.save()
    editor_client.get(f"/admin/education/topic/{topic.pk}/history/")
    with django_assert_max_num_queries(8):
        response = editor_client.get(f"/admin/education/topic/{topic.pk}/history/")
    assert response.status_code == HTTPStatus.OK


def test_a_deleted_story_leaves_no_version_to_recover(editor_client):
    import reversion

    story, other = StoryFactory(), StoryFactory()
    for obj in (story, other):
        with reversion.create_revision():
            obj.save()
    (version,) = versions(story)
    response = editor_client.post(f"/admin/stories/story/{story.pk}/delete/", {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert not Version.objects.get_for_object_reference(Story, story.pk).exists()
    assert versions(other).count() == 1
    recover = f"/admin/stories/story/recover/{version.pk}/"
    assert recover not in editor_client.get("/admin/stories/story/recover/").content.decode()
    assert editor_client.get(recover).status_code == HTTPStatus.NOT_FOUND


def test_a_deleted_topic_can_be_recovered_from_its_versions(editor_client):
    import reversion

    topic = TopicFactory(title="Coming back")
    with reversion.create_revision():
        topic.save()
    (version,) = versions(topic)
    editor_client.post(f"/admin/education/topic/{topic.pk}/delete/", {"post": "yes"})
    recover = f"/admin/education/topic/recover/{version.pk}/"
    assert recover in editor_client.get("/admin/education/topic/recover/").content.decode()
    assert editor_client.get(recover).status_code == HTTPStatus.OK
