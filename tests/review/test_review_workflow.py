"""Review before publishing, through the real admin, as each role: editors submit, medical
reviewers approve (which publishes) or send back, and the submitter hears by email."""

from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cancercenter.review.models import ReviewAction, ReviewEvent, ReviewState
from education.models import PublicationStatus, Topic
from stories.models import Story
from tests.factories import PageFactory, TopicFactory
from tests.stories.factories import DraftStoryFactory

pytestmark = pytest.mark.django_db

TOPICS = "/admin/education/topic/"


@pytest.fixture
def roles():
    call_command("setup_roles", stdout=StringIO())


@pytest.fixture
def login(client, django_user_model, roles):
    """Sign in as a staff member of one group, with an email address and a full name."""

    def sign_in(group_name, username=None, first_name="Ana", last_name="Reyes"):
        username = username or group_name.lower().replace(" ", "-")
        user = django_user_model.objects.create_user(
            username=username,
            password="pw",
            is_staff=True,
            email=f"{username}@example.org",
            first_name=first_name,
            last_name=last_name,
        )
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return user

    return sign_in


def draft_topic(**kwargs) -> Topic:
    return TopicFactory(status=PublicationStatus.DRAFT, **kwargs)


def change_form_data(topic: Topic, **overrides) -> dict:
    data = {
        "title_en": topic.title_en,
        "title_es": "",
        "slug": topic.slug,
        "summary_en": topic.summary_en,
        "summary_es": "",
        "body_en": topic.body_en,
        "body_es": "",
        "published_at_0": "2026-01-01",
        "published_at_1": "09:00:00",
        "order": 0,
        "glossary_off": "",
        "faqs-TOTAL_FORMS": 0,
        "faqs-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def test_an_editor_sees_no_status_field_nor_publish_action(client, login):
    login("Content editors")
    topic = draft_topic()
    page = client.get(f"{TOPICS}{topic.pk}/change/").content.decode()
    assert 'name="status_en"' not in page and 'name="status_es"' not in page
    assert 'name="last_reviewed_on_en"' not in page and 'name="reviewed_by_en"' not in page
    assert "Submit for review" in page and "Approve and publish" not in page
    listing = client.get(TOPICS).content.decode()
    assert 'value="publish"' not in listing


def test_an_editor_cannot_publish_with_a_crafted_post(client, login):
    login("Content editors")
    topic = draft_topic()
    response = client.post(
        f"{TOPICS}{topic.pk}/change/",
        change_form_data(
            topic,
            title_en="Edited title",
            status_en="published",
            status_es="published",
            last_reviewed_on_en="2026-01-01",
            reviewed_by_en="Nobody, MD",
        ),
    )
    assert response.status_code == HTTPStatus.FOUND  # the edit itself is saved
    topic.refresh_from_db()
    assert topic.title_en == "Edited title"
    assert topic.status_en == PublicationStatus.DRAFT
    assert topic.status_es == PublicationStatus.DRAFT
    assert topic.last_reviewed_on_en is None and not topic.reviewed_by_en
    # The bulk action, posted by hand, is refused as well.
    client.post(TOPICS, {"action": "publish", "_selected_action": [topic.pk]})
    topic.refresh_from_db()
    assert topic.status_en == PublicationStatus.DRAFT
    # And so is the approval page.
    assert client.get(f"{TOPICS}{topic.pk}/review/approve/").status_code == HTTPStatus.FORBIDDEN
    client.post(f"{TOPICS}{topic.pk}/review/approve/", {"comment": ""})
    topic.refresh_from_db()
    assert topic.status_en == PublicationStatus.DRAFT


def test_an_editor_adding_a_topic_cannot_publish_it(client, login):
    login("Content editors")
    data = change_form_data(TopicFactory.build(slug="brand-new"), status_en="published")
    client.post(f"{TOPICS}add/", data)
    topic = Topic.objects.get(slug="brand-new")
    assert topic.status_en == PublicationStatus.DRAFT


def submit(client, topic, comment="Ready, please check the dosage part."):
    return client.post(f"{TOPICS}{topic.pk}/review/submit/", {"comment": comment})


def test_reviewer_approval_publishes_and_records_the_review(
    client, login, django_capture_on_commit_callbacks
):
    editor = login("Content editors", username="editor")
    topic = draft_topic(title="CAR T explained", title_es="La terapia CAR T explicada",
                        summary_es="Resumen.", body_es="Texto.")  # fmt: skip
    assert submit(client, topic).status_code == HTTPStatus.FOUND
    topic.refresh_from_db()
    assert topic.review_state == ReviewState.SUBMITTED

    reviewer = login("Medical reviewers", username="reviewer", first_name="Dana", last_name="Ortiz")
    form = client.get(f"{TOPICS}{topic.pk}/review/approve/").content.decode()
    assert 'value="Dana Ortiz"' in form
    next_due = timezone.localdate() + timedelta(days=365)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{TOPICS}{topic.pk}/review/approve/",
            {"comment": "Accurate.", "reviewer_name": "Dana Ortiz, MD",
             "next_review_due": next_due.isoformat()},
        )  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    topic.refresh_from_db()
    assert topic.status_en == topic.status_es == PublicationStatus.PUBLISHED
    assert topic.review_state == ReviewState.APPROVED
    assert topic.last_reviewed_on_en == topic.last_reviewed_on_es == timezone.localdate()
    assert topic.reviewed_by_en == "Dana Ortiz, MD"
    assert topic.last_reviewed_by == reviewer
    assert topic.next_review_due_en == next_due
    # The public page says who reviewed it and when.
    client.logout()
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "by Dana Ortiz, MD" in page
    # The editor is told; the log has both steps, shown on the change page.
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert "Approved" in mail.outbox[0].subject and "Accurate." in mail.outbox[0].body
    actions = list(ReviewEvent.objects.order_by("at").values_list("action", "actor_name"))
    assert actions == [(ReviewAction.SUBMITTED, "Ana Reyes"), (ReviewAction.APPROVED, "Dana Ortiz")]


def test_approval_of_a_topic_dated_later_keeps_it_scheduled(client, login):
    login("Medical reviewers")
    topic = draft_topic(published_at=timezone.now() + timedelta(days=3))
    client.post(
        f"{TOPICS}{topic.pk}/review/approve/",
        {"reviewer_name": "Dana Ortiz, MD",
         "next_review_due": (timezone.localdate() + timedelta(days=90)).isoformat()},
    )  # fmt: skip
    topic.refresh_from_db()
    assert topic.status_en == PublicationStatus.PUBLISHED and not topic.is_published
    assert client.get(topic.get_absolute_url()).status_code == HTTPStatus.OK  # staff preview
    client.logout()
    assert client.get(topic.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_approval_leaves_an_unfinished_translation_unpublished(client, login):
    login("Medical reviewers")
    topic = draft_topic(title_es="Solo el título")  # no Spanish summary nor body
    client.post(
        f"{TOPICS}{topic.pk}/review/approve/",
        {"reviewer_name": "Dana Ortiz, MD",
         "next_review_due": (timezone.localdate() + timedelta(days=90)).isoformat()},
        follow=True,
    )  # fmt: skip
    topic.refresh_from_db()
    assert topic.status_en == PublicationStatus.PUBLISHED
    assert topic.status_es == PublicationStatus.DRAFT
    assert topic.last_reviewed_on_es is None


def test_a_past_next_review_date_is_refused_next_to_the_field(client, login):
    login("Medical reviewers")
    topic = draft_topic()
    response = client.post(
        f"{TOPICS}{topic.pk}/review/approve/",
        {"reviewer_name": "Dana Ortiz, MD", "next_review_due": "2020-01-01"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "The next review must come after today." in response.content.decode()
    topic.refresh_from_db()
    assert topic.status_en == PublicationStatus.DRAFT


def test_send_back_reaches_the_editor_with_the_comment(
    client, login, django_capture_on_commit_callbacks
):
    editor = login("Content editors", username="editor")
    topic = draft_topic(title="Side effects")
    submit(client, topic)
    login("Medical reviewers", username="reviewer", first_name="Dana", last_name="Ortiz")
    empty = client.post(f"{TOPICS}{topic.pk}/review/send-back/", {"comment": "  "})
    assert (
        empty.status_code == HTTPStatus.OK and "This field is required." in empty.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{TOPICS}{topic.pk}/review/send-back/",
            {"comment": "The fever threshold is 38 °C, not 39 °C."},
        )
    topic.refresh_from_db()
    assert topic.review_state == ReviewState.DRAFT
    assert topic.status_en == PublicationStatus.DRAFT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [editor.email]
    assert "Sent back" in message.subject and "Side effects" in message.subject
    assert "The fever threshold is 38 °C, not 39 °C." in message.body
    # The history is on the change page, read-only.
    page = client.get(f"{TOPICS}{topic.pk}/change/").content.decode()
    assert "The fever threshold is 38 °C" in page and "Sent back to draft" in page
    assert 'name="comment"' not in page  # read-only: nothing of the history is posted


def test_a_comment_is_shown_as_text_not_html(client, login):
    login("Medical reviewers")
    topic = draft_topic()
    Topic.objects.filter(pk=topic.pk).update(review_state=ReviewState.SUBMITTED)
    client.post(
        f"{TOPICS}{topic.pk}/review/send-back/", {"comment": "<script>alert(1)</script>\nLine"}
    )
    page = client.get(f"{TOPICS}{topic.pk}/change/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_waiting_for_me_shows_each_role_its_items(client, login):
    editor = login("Content editors", username="editor")
    submitted = draft_topic(title="Submitted topic")
    returned = draft_topic(title="Returned topic")
    untouched = draft_topic(title="Untouched topic")
    submit(client, submitted)
    submit(client, returned)

    login("Medical reviewers", username="reviewer")
    waiting = client.get(f"{TOPICS}?waiting=me").content.decode()
    assert "Submitted topic" in waiting and "Returned topic" in waiting
    assert "Untouched topic" not in waiting
    client.post(f"{TOPICS}{returned.pk}/review/send-back/", {"comment": "Add sources."})
    queue = client.get("/admin/review/reviewevent/waiting/").content.decode()
    assert "Submitted topic" in queue and "Returned topic" not in queue
    index = client.get("/admin/").content.decode()
    assert "Waiting for me" in index and "1 to review" in index

    client.force_login(editor)
    mine = client.get(f"{TOPICS}?waiting=me").content.decode()
    assert "Returned topic" in mine
    assert "Submitted topic" not in mine and untouched.title not in mine
    assert "1 sent back to you" in client.get("/admin/").content.decode()


def test_stories_and_pages_are_approved_by_an_editor_with_publish_rights(client, login):
    login("Content editors")
    page = PageFactory(status=PublicationStatus.DRAFT, title="Visiting hours")
    listing = client.get("/admin/pages/page/").content.decode()
    assert 'value="publish"' in listing
    client.post(f"/admin/pages/page/{page.pk}/review/submit/", {"comment": ""})
    client.post(f"/admin/pages/page/{page.pk}/review/approve/", {"comment": "Fine."})
    page.refresh_from_db()
    assert page.status_en == PublicationStatus.PUBLISHED
    assert page.review_state == ReviewState.APPROVED


def test_a_reviewer_cannot_approve_stories_or_pages(client, login):
    login("Medical reviewers")
    page = PageFactory(status=PublicationStatus.DRAFT)
    response = client.post(f"/admin/pages/page/{page.pk}/review/approve/", {"comment": ""})
    assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/review/reviewevent/",
        "/admin/review/reviewevent/waiting/",
        f"{TOPICS}?waiting=me",
        f"{TOPICS}?review_state__exact=submitted",
        "/admin/stories/story/?waiting=me",
        "/admin/pages/page/?waiting=me",
    ],
)
def test_review_queue_pages_load_for_a_superuser(staff_client, url):
    topic = draft_topic(title="A topic in review")
    Topic.objects.filter(pk=topic.pk).update(review_state=ReviewState.SUBMITTED)
    assert staff_client.get(url).status_code == HTTPStatus.OK


@pytest.mark.parametrize("step", ["submit", "approve", "send-back"])
def test_review_step_pages_load(staff_client, step):
    topic = draft_topic()
    Topic.objects.filter(pk=topic.pk).update(review_state=ReviewState.SUBMITTED)
    assert staff_client.get(f"{TOPICS}{topic.pk}/review/{step}/").status_code == HTTPStatus.OK


def test_the_waiting_page_has_a_fixed_number_of_queries(
    client, login, django_assert_max_num_queries
):
    login("Medical reviewers")
    for number in range(15):
        topic = draft_topic(title=f"Waiting {number}")
        Topic.objects.filter(pk=topic.pk).update(review_state=ReviewState.SUBMITTED)
    with django_assert_max_num_queries(20):
        response = client.get("/admin/review/reviewevent/waiting/")
    assert response.content.decode().count("Waiting 1") >= 1


def test_unknown_review_step_is_refused(staff_client):
    topic = draft_topic()
    response = staff_client.get(f"{TOPICS}{topic.pk}/review/publish-now/")
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_an_editor_cannot_change_the_published_text_of_a_topic(client, login):
    """An edit would go live unreviewed; the Spanish text, not published yet, stays open."""
    login("Content editors")
    topic = TopicFactory(body="Reviewed text.")  # published in English only
    page = client.get(f"{TOPICS}{topic.pk}/change/").content.decode()
    assert 'name="body_en"' not in page and 'name="body_es"' in page
    client.post(
        f"{TOPICS}{topic.pk}/change/",
        change_form_data(
            topic,
            body_en="Unreviewed change.",
            title_es="Título",
            summary_es="Resumen.",
            body_es="Texto en español.",
        ),
    )
    topic.refresh_from_db()
    assert topic.body_en == "Reviewed text."
    assert topic.body_es == "Texto en español."
    assert topic.status_en == PublicationStatus.PUBLISHED
    assert topic.status_es == PublicationStatus.DRAFT


def test_a_reviewer_may_change_the_published_text(client, login):
    login("Medical reviewers")
    topic = TopicFactory(body="Reviewed text.")
    data = change_form_data(topic, body_en="Corrected by the reviewer.", status_en="published")
    data["status_es"] = "draft"
    client.post(f"{TOPICS}{topic.pk}/change/", data)
    topic.refresh_from_db()
    assert topic.body_en == "Corrected by the reviewer."


def test_list_actions_keep_the_review_state_and_log_the_publishing(client, login):
    login("Medical reviewers", username="reviewer")
    topic = draft_topic()
    client.post(TOPICS, {"action": "publish", "_selected_action": [topic.pk]})
    topic.refresh_from_db()
    assert topic.status_en == PublicationStatus.PUBLISHED
    assert topic.review_state == ReviewState.APPROVED
    event = ReviewEvent.objects.get()
    assert (event.action, event.languages) == (ReviewAction.APPROVED, "en")

    login("Content editors", username="editor")  # may take a page down, never put one up
    client.post(TOPICS, {"action": "unpublish", "_selected_action": [topic.pk]})
    topic.refresh_from_db()
    assert topic.status_en == PublicationStatus.DRAFT
    assert topic.review_state == ReviewState.DRAFT


def test_the_admin_home_blocks_cost_the_same_whatever_is_waiting(client, login):
    login("Medical reviewers")

    def home_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == HTTPStatus.OK
        return len(captured)

    draft_topic(review_state=ReviewState.SUBMITTED)
    few = home_queries()
    for _ in range(12):
        draft_topic(review_state=ReviewState.SUBMITTED, next_review_due=timezone.localdate())
    assert home_queries() == few


def test_a_story_without_written_authorization_is_not_approved(client, login):
    login("Content editors")
    story = DraftStoryFactory(title="Back on the court")
    client.post(f"/admin/stories/story/{story.pk}/review/submit/", {"comment": ""})
    response = client.post(f"/admin/stories/story/{story.pk}/review/approve/", {"comment": ""})
    assert response.status_code == HTTPStatus.OK
    assert "written authorization" in response.content.decode()
    story.refresh_from_db()
    assert story.status_en == PublicationStatus.DRAFT
    assert story.review_state == ReviewState.SUBMITTED

    Story.objects.filter(pk=story.pk).update(
        consent_received_on=timezone.localdate(),
        consent_reference="Legal file 2026-040",
        consent_expires_on=timezone.localdate() + timedelta(days=365),
    )
    client.post(f"/admin/stories/story/{story.pk}/review/approve/", {"comment": ""})
    story.refresh_from_db()
    assert story.status_en == PublicationStatus.PUBLISHED
    assert story.review_state == ReviewState.APPROVED
