"""Draft previews of every content type: only staff with the model's view permission see
them, and the answer is `no-store` and `noindex` (issue 16, point 5)."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission

from education.models import PublicationStatus
from tests.factories import PageFactory, TopicFactory
from tests.stories.factories import DraftStoryFactory

pytestmark = pytest.mark.django_db

DRAFTS = {
    "education.view_topic": lambda: TopicFactory(status=PublicationStatus.DRAFT),
    "stories.view_story": DraftStoryFactory,
    "pages.view_page": lambda: PageFactory(status=PublicationStatus.DRAFT),
}


def staff_with(django_user_model, client, *codenames):
    user = django_user_model.objects.create_user(username="staffer", password="pw", is_staff=True)
    for codename in codenames:
        app_label, name = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=name)
        )
    client.force_login(user)
    return client


@pytest.mark.parametrize("permission", DRAFTS)
def test_a_draft_preview_is_refused_to_staff_without_the_models_view_permission(
    permission, client, django_user_model
):
    draft = DRAFTS[permission]()
    # Allowed to see everything else, but not this model.
    others = [p for p in DRAFTS if p != permission]
    staff = staff_with(django_user_model, client, *others)
    assert staff.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("permission", DRAFTS)
def test_a_draft_preview_is_shown_with_view_permission_never_stored_nor_indexed(
    permission, client, django_user_model
):
    draft = DRAFTS[permission]()
    response = staff_with(django_user_model, client, permission).get(draft.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("permission", DRAFTS)
def test_the_public_gets_404_for_a_draft(permission, client):
    assert client.get(DRAFTS[permission]().get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
