from datetime import date
from http import HTTPStatus

import pytest

from education.models import PublicationStatus
from stories.models import Story, StorySubmission
from tests.stories.factories import DraftStoryFactory, StoryFactory
from tests.stories.test_images import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/stories/story/",
        "/admin/stories/story/?status__exact=draft",
        "/admin/stories/story/?q=cord",
        "/admin/stories/story/add/",
    ],
)
def test_story_admin_pages_load(staff_client, url):
    StoryFactory(title="Cord blood")
    DraftStoryFactory()
    assert staff_client.get(url).status_code == HTTPStatus.OK


def test_change_page_explains_the_authorization_rule(staff_client):
    story = DraftStoryFactory()
    body = staff_client.get(f"/admin/stories/story/{story.pk}/change/").content.decode()
    assert "Written authorization" in body
    assert "Required before publishing" in body


def test_admin_refuses_to_publish_without_authorization_and_says_why(staff_client):
    story = DraftStoryFactory(title="Waiting for papers")
    form = admin_form_data(story)
    form["status_en"] = PublicationStatus.PUBLISHED
    response = staff_client.post(f"/admin/stories/story/{story.pk}/change/", form)
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Enter the date the written authorization was received before publishing." in body
    assert "Enter where the written authorization is filed before publishing." in body
    story.refresh_from_db()
    assert story.status == PublicationStatus.DRAFT


def test_admin_publishes_once_authorization_is_entered(staff_client):
    story = DraftStoryFactory()
    form = admin_form_data(story)
    form.update(
        status_en=PublicationStatus.PUBLISHED,
        consent_received_on="2026-03-02",
        consent_reference="Legal file 2026-031",
        consent_expires_on="2099-03-02",
    )
    response = staff_client.post(f"/admin/stories/story/{story.pk}/change/", form)
    assert response.status_code == HTTPStatus.FOUND
    story.refresh_from_db()
    assert story.status == PublicationStatus.PUBLISHED
    assert story.consent_received_on == date(2026, 3, 2)


def test_admin_creates_a_story_and_renders_its_markdown(staff_client):
    response = staff_client.post(
        "/admin/stories/story/add/",
        {
            "title_en": "A new story",
            "slug": "a-new-story",
            "display_name": "Ana",
            "teaser_en": "Short.",
            "body_en": "## Part one\n\n<script>x()</script>Text",
            "status_en": PublicationStatus.DRAFT,
            "published_at_0": "2026-01-01",
            "published_at_1": "09:00:00",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    story = Story.objects.get(slug="a-new-story")
    assert '<h2 id="section-part-one">' in story.body_html
    assert "<script" not in story.body_html


def test_publish_action_skips_stories_without_authorization_and_reports_them(staff_client):
    ready = DraftStoryFactory(
        consent_received_on=date(2026, 1, 1),
        consent_reference="File 9",
        consent_expires_on=date(2099, 1, 1),
    )
    waiting = DraftStoryFactory(title="No papers yet")
    half = DraftStoryFactory(title="Date only", consent_received_on=date(2026, 1, 1))
    response = staff_client.post(
        "/admin/stories/story/",
        {"action": "publish", "_selected_action": [ready.pk, waiting.pk, half.pk]},
        follow=True,
    )
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "1 story published." in body
    assert "Not published, because the written authorization is missing" in body
    assert "No papers yet" in body and "Date only" in body
    statuses = dict(Story.objects.values_list("pk", "status"))
    assert statuses[ready.pk] == PublicationStatus.PUBLISHED
    assert statuses[waiting.pk] == statuses[half.pk] == PublicationStatus.DRAFT


def test_a_story_published_today_shows_today_and_a_scheduled_one_keeps_its_date(staff_client):
    from datetime import timedelta

    from django.utils import timezone

    consent = {
        "consent_received_on": date(2026, 1, 1),
        "consent_reference": "File 9",
        "consent_expires_on": date(2099, 1, 1),
    }
    old_draft = DraftStoryFactory(published_at=timezone.now() - timedelta(days=90), **consent)
    scheduled_on = timezone.now() + timedelta(days=7)
    scheduled = DraftStoryFactory(published_at=scheduled_on, **consent)
    before = timezone.now()
    staff_client.post(
        "/admin/stories/story/",
        {"action": "publish", "_selected_action": [old_draft.pk, scheduled.pk]},
    )
    old_draft.refresh_from_db()
    scheduled.refresh_from_db()
    assert old_draft.published_at >= before and old_draft.updated_at >= before
    assert scheduled.published_at == scheduled_on


def test_unpublish_action(staff_client):
    story = StoryFactory()
    staff_client.post(
        "/admin/stories/story/", {"action": "unpublish", "_selected_action": [story.pk]}
    )
    story.refresh_from_db()
    assert story.status == PublicationStatus.DRAFT


# The submissions queue ---------------------------------------------------------------


@pytest.fixture
def submission(post_form):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import CancerTypeFactory, TreatmentFactory
    from tests.stories.test_images import jpeg_with_gps
    from tests.stories.test_share import share_data

    car_t = TreatmentFactory(name="CAR T-cell therapy")
    lymphoma = CancerTypeFactory(name="Lymphoma")
    photo = SimpleUploadedFile("dad.jpg", jpeg_with_gps(), content_type="image/jpeg")
    post_form(
        "/stories/share/",
        share_data(
            name="James Okafor",
            story="## Coaching again\n\nI was back on the field by spring.<script>x()</script>",
            treatment=car_t.pk,
            cancer_type=lymphoma.pk,
            photo=photo,
            photo_description="James with his team",
        ),
    )
    return StorySubmission.objects.get()


def test_submissions_queue_lists_status_and_filters(staff_client, submission):
    body = staff_client.get("/admin/stories/storysubmission/").content.decode()
    assert submission.reference in body and "James Okafor" in body
    assert "New" in body
    assert (
        staff_client.get(
            "/admin/stories/storysubmission/?status__exact=new&response=overdue"
        ).status_code
        == HTTPStatus.OK
    )
    change = staff_client.get(f"/admin/stories/storysubmission/{submission.pk}/change/")
    assert change.status_code == HTTPStatus.OK
    assert f"/admin/stories/storysubmission/{submission.pk}/photo/" in change.content.decode()


def test_submissions_export_to_csv(staff_client, submission):
    response = staff_client.post(
        "/admin/stories/storysubmission/",
        {"action": "export_csv", "_selected_action": [submission.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("reference,received,your name,email")
    assert submission.reference in row and "James Okafor" in row and "CAR T-cell therapy" in row


def test_staff_can_see_the_private_photo_and_the_public_cannot(staff_client, submission):
    from django.test import Client

    url = f"/admin/stories/storysubmission/{submission.pk}/photo/"
    response = staff_client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert Client().get(url).status_code == HTTPStatus.FOUND  # to the admin login


def test_make_draft_story_copies_text_and_photo_and_never_publishes(staff_client, submission):
    response = staff_client.post(
        "/admin/stories/storysubmission/",
        {"action": "make_draft_story", "_selected_action": [submission.pk]},
        follow=True,
    )
    assert "draft story is ready for editing" in response.content.decode()
    story = Story.objects.get()
    assert story.status == PublicationStatus.DRAFT
    assert story.consent_received_on is None and story.consent_reference == ""
    # Only the first name, and no name in the address, until an editor decides otherwise.
    assert story.display_name == "James" and story.title == "James’s story"
    assert "okafor" not in story.slug.lower()
    assert story.body == submission.story
    assert '<h2 id="section-coaching-again">' in story.body_html
    assert "<script" not in story.body_html
    assert [t.name for t in story.treatments.all()] == ["CAR T-cell therapy"]
    assert [c.name for c in story.cancer_types.all()] == ["Lymphoma"]
    # The photo is copied clean, with its sizes and alt text, and stays private while
    # the story is a draft (tests/stories/test_draft_photos.py).
    assert story.photo.name.startswith("stories/drafts/")
    assert story.photo_alt == "James with his team"
    assert len(story.photo_renditions) == 3
    with story.photo.open("rb") as file:
        assert b"SERIAL-12345" not in file.read()
    # The public still cannot see it; staff can preview it.
    assert staff_client.get(story.get_absolute_url()).status_code == HTTPStatus.OK
    submission.refresh_from_db()
    assert submission.draft_story == story
    assert submission.status == "in_progress"


def test_a_story_of_only_spaces_is_refused_with_a_field_error(post_form):
    from tests.stories.test_share import share_data

    response = post_form("/stories/share/", share_data(story="   \n  "))
    assert response.status_code == HTTPStatus.OK
    assert "Please write your story." in response.content.decode()
    assert not StorySubmission.objects.exists()


def test_a_submission_that_cannot_be_a_draft_is_reported_not_a_500(staff_client, submission):
    StorySubmission.objects.filter(pk=submission.pk).update(story="   ")
    response = staff_client.post(
        "/admin/stories/storysubmission/",
        {"action": "make_draft_story", "_selected_action": [submission.pk]},
        follow=True,
    )
    assert response.status_code == HTTPStatus.OK
    assert "could not become a draft" in response.content.decode()
    assert not Story.objects.exists()


def test_make_draft_story_twice_keeps_one_draft(staff_client, submission):
    from django.test import Client

    for _ in range(2):
        staff_client.post(
            "/admin/stories/storysubmission/",
            {"action": "make_draft_story", "_selected_action": [submission.pk]},
        )
    assert Story.objects.count() == 1
    public = Client()
    assert public.get(Story.objects.get().get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_submissions_cannot_be_added_by_staff(staff_client):
    assert (
        staff_client.get("/admin/stories/storysubmission/add/").status_code == HTTPStatus.FORBIDDEN
    )


def test_csv_export_runs_the_same_queries_for_many_submissions(staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CancerTypeFactory, TreatmentFactory

    def export_count(n: int) -> int:
        StorySubmission.objects.all().delete()
        ids = [
            StorySubmission.objects.create(
                name=f"P{i}", email="p@example.org", story="s", consent=True,
                cancer_type=CancerTypeFactory(), treatment=TreatmentFactory(),
            ).pk
            for i in range(n)
        ]  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.post(
                "/admin/stories/storysubmission/",
                {"action": "export_csv", "_selected_action": ids},
            )
        assert response.content.decode("utf-8-sig").count("\n") == n + 1
        return len(queries)

    assert export_count(2) == export_count(12)


def test_publish_action_refuses_a_reference_of_only_spaces(staff_client):
    story = DraftStoryFactory(
        title="Blank file",
        consent_received_on=date(2026, 1, 1),
        consent_reference="   ",
        consent_expires_on=date(2099, 1, 1),
    )
    response = staff_client.post(
        "/admin/stories/story/",
        {"action": "publish", "_selected_action": [story.pk]},
        follow=True,
    )
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "authorization is missing, expired or revoked: Blank file" in body
    story.refresh_from_db()
    assert story.status == PublicationStatus.DRAFT


def test_a_draft_photo_without_a_description_names_the_first_name_only(staff_client, submission):
    StorySubmission.objects.filter(pk=submission.pk).update(photo_description="")
    staff_client.post(
        "/admin/stories/storysubmission/",
        {"action": "make_draft_story", "_selected_action": [submission.pk]},
    )
    story = Story.objects.get()
    assert story.photo_alt == "Photo shared by James"
    assert "Okafor" not in story.photo_alt


def test_a_photo_without_a_description_is_refused_next_to_the_field_not_a_500(
    staff_client, submission
):
    staff_client.post(
        "/admin/stories/storysubmission/",
        {"action": "make_draft_story", "_selected_action": [submission.pk]},
    )
    story = Story.objects.get()
    assert story.photo
    form = admin_form_data(story)
    form["photo_alt_en"] = ""
    response = staff_client.post(f"/admin/stories/story/{story.pk}/change/", form)
    assert response.status_code == HTTPStatus.OK
    assert "Describe the photo for people who cannot see it." in response.content.decode()
    story.refresh_from_db()
    assert story.photo_alt == "James with his team"
