"""Consent that can end (issue 16, point 7): a story's written authorization expires and
can be revoked; the story then leaves the site with its photo, and the history is kept."""

import importlib
from datetime import date, timedelta
from http import HTTPStatus
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from education.models import PublicationStatus
from stories import services
from stories.models import ConsentKind, Story, StoryConsent, add_months
from tests.stories.factories import DraftStoryFactory, StoryFactory
from tests.stories.test_draft_photos import all_files, publicly_served
from tests.stories.test_images import admin_form_data, jpeg_with_gps, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_with_photo(clock, django_capture_on_commit_callbacks) -> Story:
    story = StoryFactory(
        title="Back on the trail",
        title_es="De vuelta al sendero",
        teaser_es="Cómo volví a caminar.",
        body_es="## Diagnóstico\n\nEmpezó con cansancio.",
        status_es=PublicationStatus.PUBLISHED,
        consent_expires_on=timezone.localdate() + timedelta(days=3),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.story_photo_set(story=story, upload=upload(jpeg_with_gps()), alt="Hills")
    story.refresh_from_db()
    assert all(publicly_served(name) for name in all_files(story))
    return story


def assert_photo_private(story: Story) -> None:
    story.refresh_from_db()
    files = all_files(story)
    assert len(files) == 7
    assert not any(publicly_served(name) for name in files)
    assert not any((Path(settings.MEDIA_ROOT) / name).exists() for name in files)
    assert all((Path(settings.PRIVATE_MEDIA_ROOT) / name).exists() for name in files)


def test_an_expired_authorization_takes_the_story_and_its_public_photo_off_the_site(
    published_with_photo, clock, django_capture_on_commit_callbacks
):
    story = published_with_photo
    public_files = all_files(story)
    url = story.get_absolute_url()
    anonymous = Client()
    clock.advance(days=2)
    assert anonymous.get(url).status_code == HTTPStatus.OK
    assert services.stories_schedule_apply(now=clock.now)[0].unpublished == []

    clock.advance(days=1)  # the expiry date
    # Gone from the site at once, before the task.
    assert anonymous.get(url).status_code == HTTPStatus.NOT_FOUND
    assert story not in Story.objects.published()
    with django_capture_on_commit_callbacks(execute=True):
        report, _reminded = services.stories_schedule_apply(now=clock.now)
    assert [s.pk for s in report.unpublished] == [story.pk]
    story.refresh_from_db()
    assert story.status_en == story.status_es == PublicationStatus.DRAFT
    assert_photo_private(story)
    assert not any((Path(settings.MEDIA_ROOT) / name).exists() for name in public_files)


def test_a_scheduled_story_appears_and_leaves_at_its_moments(
    clock, django_capture_on_commit_callbacks
):
    start = clock.now
    story = StoryFactory(
        published_at=start + timedelta(hours=1), unpublish_at=start + timedelta(hours=5)
    )
    anonymous = Client()
    clock.set(start + timedelta(hours=1) - timedelta(seconds=1))
    assert anonymous.get(story.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    clock.set(start + timedelta(hours=1))
    assert anonymous.get(story.get_absolute_url()).status_code == HTTPStatus.OK
    assert story.title in anonymous.get("/stories/").content.decode()
    report, _ = services.stories_schedule_apply(now=clock.now)
    assert [s.pk for s in report.went_live] == [story.pk]
    clock.set(start + timedelta(hours=5))
    assert anonymous.get(story.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = services.stories_schedule_apply(now=clock.now)
    assert [s.pk for s in report.unpublished] == [story.pk]
    assert Story.objects.get(pk=story.pk).status_en == PublicationStatus.DRAFT


def test_a_revocation_unpublishes_at_once_and_is_kept_in_the_history(
    published_with_photo, staff_client, clock, django_capture_on_commit_callbacks
):
    story = published_with_photo
    url = f"/admin/stories/story/{story.pk}/revoke/"
    page = staff_client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert "Record the revocation and unpublish" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url,
            {"revoked_on": timezone.localdate().isoformat(), "method": "letter", "note": "Box 4"},
            follow=True,
        )
    assert response.status_code == HTTPStatus.OK
    assert "Revocation recorded. The story is off the site" in response.content.decode()
    assert Client().get(story.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    story.refresh_from_db()
    assert story.status_en == story.status_es == PublicationStatus.DRAFT
    assert story.consent_revoked_on == timezone.localdate()
    assert_photo_private(story)
    record = StoryConsent.objects.get(story=story, kind=ConsentKind.REVOCATION)
    assert record.method == "letter" and record.note == "Box 4"
    assert record.recorded_by.username == "staff"
    # The change page shows the history and the state in the list.
    change = staff_client.get(f"/admin/stories/story/{story.pk}/change/").content.decode()
    assert "Authorization history" in change and "Box 4" in change
    listing = staff_client.get("/admin/stories/story/?authorization=revoked").content.decode()
    assert "Revoked on" in listing and story.title in listing


def test_a_revocation_dated_in_the_future_is_refused_next_to_the_field(
    published_with_photo, staff_client, clock
):
    story = published_with_photo
    response = staff_client.post(
        f"/admin/stories/story/{story.pk}/revoke/",
        {"revoked_on": (timezone.localdate() + timedelta(days=2)).isoformat(), "method": "phone"},
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["revoked_on"] == [
        "Enter the date the revocation arrived: it cannot be in the future."
    ]
    assert 'id="id_revoked_on_error"' in response.content.decode()
    story.refresh_from_db()
    assert story.status_en == PublicationStatus.PUBLISHED and story.consent_revoked_on is None


def test_publishing_without_an_expiry_is_refused_with_a_message_on_the_field(staff_client):
    story = DraftStoryFactory(consent_received_on=date(2026, 2, 1), consent_reference="File 3")
    form = admin_form_data(story)
    form.update(status_en=PublicationStatus.PUBLISHED, consent_expires_on="")
    response = staff_client.post(f"/admin/stories/story/{story.pk}/change/", form)
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["consent_expires_on"] == [
        "Enter the date the written authorization expires before publishing. It is on the "
        "signed form."
    ]
    assert 'id="id_consent_expires_on_error"' in response.content.decode()
    assert Story.objects.get(pk=story.pk).status_en == PublicationStatus.DRAFT


def test_the_expiry_is_prefilled_with_the_default_period(staff_client):
    story = DraftStoryFactory(consent_received_on=date(2026, 2, 1), consent_reference="File 3")
    body = staff_client.get(f"/admin/stories/story/{story.pk}/change/").content.decode()
    expected = add_months(date(2026, 2, 1), settings.STORY_CONSENT_DEFAULT_MONTHS)
    assert f'value="{expected.isoformat()}"' in body
    assert f"the usual period is {settings.STORY_CONSENT_DEFAULT_MONTHS} months" in body


def test_publishing_with_an_expired_authorization_is_refused(staff_client, clock):
    story = DraftStoryFactory(consent_received_on=date(2024, 2, 1), consent_reference="File 3")
    form = admin_form_data(story)
    form.update(
        status_en=PublicationStatus.PUBLISHED,
        consent_expires_on=(timezone.localdate() - timedelta(days=1)).isoformat(),
    )
    response = staff_client.post(f"/admin/stories/story/{story.pk}/change/", form)
    assert response.status_code == HTTPStatus.OK
    errors = response.context["adminform"].form.errors["consent_expires_on"]
    assert errors[0].startswith("This authorization expired on")


def test_a_new_authorization_after_a_revocation_allows_publishing_again(
    staff_client, clock, django_capture_on_commit_callbacks
):
    story = StoryFactory(consent_received_on=date(2026, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        services.story_consent_revoke(
            story=story, revoked_on=timezone.localdate() - timedelta(days=1), method="email"
        )
    story.refresh_from_db()
    form = admin_form_data(story)
    form["status_en"] = PublicationStatus.PUBLISHED
    refused = staff_client.post(f"/admin/stories/story/{story.pk}/change/", form)
    assert refused.status_code == HTTPStatus.OK
    assert (
        "revoked the authorization"
        in refused.context["adminform"].form.errors["consent_received_on"][0]
    )

    form.update(
        consent_received_on=timezone.localdate().isoformat(),
        consent_reference="Legal file 2026-090",
        consent_expires_on=(timezone.localdate() + timedelta(days=700)).isoformat(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        accepted = staff_client.post(f"/admin/stories/story/{story.pk}/change/", form)
    assert accepted.status_code == HTTPStatus.FOUND, accepted.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.consent_revoked_on is None and story.status_en == PublicationStatus.PUBLISHED
    kinds = list(
        StoryConsent.objects.filter(story=story)
        .order_by("recorded_at", "pk")
        .values_list("kind", flat=True)
    )
    assert kinds == [ConsentKind.REVOCATION, ConsentKind.AUTHORIZATION]


def test_changing_the_expiry_is_recorded_as_a_renewal(staff_client, clock):
    story = StoryFactory()
    form = admin_form_data(story)
    form["consent_expires_on"] = (timezone.localdate() + timedelta(days=900)).isoformat()
    staff_client.post(f"/admin/stories/story/{story.pk}/change/", form)
    form["consent_expires_on"] = (timezone.localdate() + timedelta(days=1000)).isoformat()
    staff_client.post(f"/admin/stories/story/{story.pk}/change/", form)
    staff_client.post(f"/admin/stories/story/{story.pk}/change/", form)  # unchanged
    history = StoryConsent.objects.filter(story=story).order_by("recorded_at", "pk")
    assert [row.kind for row in history] == [ConsentKind.AUTHORIZATION, ConsentKind.RENEWAL]
    assert history.last().expires_on == timezone.localdate() + timedelta(days=1000)


def test_editors_are_reminded_30_days_before_expiry_once(
    clock, django_capture_on_commit_callbacks, django_user_model
):
    django_user_model.objects.create_user(
        username="editor", email="editor@example.org", is_staff=True, is_superuser=True
    )
    today = timezone.localdate()
    story = StoryFactory(title="Trail story", consent_expires_on=today + timedelta(days=31))
    StoryFactory(title="Draft", status="draft", consent_expires_on=today + timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.stories_schedule_apply(now=clock.now)[1] == []
    clock.advance(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.stories_schedule_apply(now=clock.now)[1]
        again = services.stories_schedule_apply(now=clock.now + timedelta(hours=1))[1]
    assert [s.pk for s in reminded] == [story.pk] and again == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@example.org"]
    assert "Trail story" in message.subject
    assert f"/admin/stories/story/{story.pk}/change/" in message.body
    assert "30 days" in message.body

    # A renewal to a new date is reminded of in its turn.
    Story.objects.filter(pk=story.pk).update(consent_expires_on=today + timedelta(days=60))
    clock.advance(days=29)
    with django_capture_on_commit_callbacks(execute=True):
        assert [s.pk for s in services.stories_schedule_apply(now=clock.now)[1]] == [story.pk]
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("choice", ["expiring", "expired", "revoked"])
def test_admin_list_shows_the_authorization_and_filters_by_it(staff_client, clock, choice):
    today = timezone.localdate()
    StoryFactory(title="Ends soon", consent_expires_on=today + timedelta(days=10))
    StoryFactory(title="Ends later", consent_expires_on=today + timedelta(days=300))
    DraftStoryFactory(
        title="Ended",
        consent_received_on=date(2024, 1, 1),
        consent_reference="F",
        consent_expires_on=today - timedelta(days=1),
    )
    revoked = StoryFactory(title="Withdrawn")
    services.story_consent_revoke(story=revoked, revoked_on=today, method="phone")
    response = staff_client.get(f"/admin/stories/story/?authorization={choice}")
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Authorization expires" in body
    expected = {"expiring": "Ends soon", "expired": "Ended", "revoked": "Withdrawn"}[choice]
    others = {"Ends soon", "Ended", "Withdrawn", "Ends later"} - {expected}
    assert expected in body and not any(f">{title}<" in body for title in others)


def test_admin_story_list_query_count_does_not_grow(
    staff_client, clock, django_assert_max_num_queries
):
    for n in range(3):
        StoryFactory(title=f"Story {n}", unpublish_at=clock.now + timedelta(days=n + 1))
    with django_assert_max_num_queries(20) as small:
        staff_client.get("/admin/stories/story/?scheduled=unpublish")
    for n in range(12):
        StoryFactory(title=f"More {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_client.get("/admin/stories/story/")


def test_the_data_migration_gives_existing_stories_an_expiry_that_keeps_them_up(clock):
    migration = importlib.import_module(
        "stories.migrations.0011_consent_expiry_revocation_and_schedule"
    )
    today = timezone.localdate()
    old = DraftStoryFactory(consent_received_on=date(2020, 3, 1), consent_reference="F1")
    recent = DraftStoryFactory(
        consent_received_on=today - timedelta(days=30), consent_reference="F2"
    )
    none = DraftStoryFactory()
    migration.existing_stories_expiry(apps, None)
    months = settings.STORY_CONSENT_DEFAULT_MONTHS
    assert Story.objects.get(pk=old.pk).consent_expires_on == add_months(today, months)
    assert Story.objects.get(pk=recent.pk).consent_expires_on == add_months(
        today - timedelta(days=30), months
    )
    assert Story.objects.get(pk=none.pk).consent_expires_on is None
    assert StoryConsent.objects.filter(story=old, kind=ConsentKind.AUTHORIZATION).count() == 1


def test_a_content_editor_sees_the_history_and_records_a_revocation(
    client, django_user_model, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("setup_roles", stdout=StringIO())
    editor = django_user_model.objects.create_user(
        username="content-editor", password="pw", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Content editors"))
    client.force_login(editor)
    story = StoryFactory(title="Editor's story")
    services.story_consent_record(story=story)
    change = client.get(f"/admin/stories/story/{story.pk}/change/").content.decode()
    assert "Authorization history" in change and "Record a revocation" in change
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/stories/story/{story.pk}/revoke/",
            {"revoked_on": timezone.localdate().isoformat(), "method": "in-person"},
        )
    assert response.status_code == HTTPStatus.FOUND
    assert StoryConsent.objects.get(kind=ConsentKind.REVOCATION).recorded_by == editor
