import pytest

from stories.models import StorySubmission
from tests.browser.conftest import assert_accessible, focused
from tests.factories import CancerTypeFactory, TopicFactory, TreatmentFactory
from tests.stories.factories import StoryFactory, image_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content():
    from django.core.files.base import ContentFile

    from stories import services

    car_t = TreatmentFactory(name="CAR T-cell therapy", slug="car-t-cell-therapy")
    transplant = TreatmentFactory(name="Stem cell transplant", slug="stem-cell-transplant")
    lymphoma = CancerTypeFactory(name="Lymphoma", slug="lymphoma")
    leukemia = CancerTypeFactory(name="Leukemia", slug="leukemia")
    TopicFactory(title="CAR T-cell therapy", slug="car-t-guide", treatment=car_t)
    marcus = StoryFactory(
        title="Back on the sidelines",
        slug="back-on-the-sidelines",
        display_name="Marcus",
        treatments=[car_t],
        cancer_types=[lymphoma],
        pull_quote="My own cells did the work.",
    )
    services.story_photo_set(
        story=marcus,
        upload=ContentFile(image_bytes(size=(1600, 1000)), name="x.jpg"),
        alt="Green and blue circles",
    )
    StoryFactory(
        title="Cord blood, a second chance",
        display_name="Elena",
        treatments=[transplant],
        cancer_types=[leukemia],
    )
    return marcus


def tab_to(page, predicate, limit=60, what="element"):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if predicate(focused(page)):
            return
    pytest.fail(f"{what} was not reachable by keyboard")


def test_keyboard_user_filters_stories_opens_one_and_shares_their_own(
    page, live_server, content, settings, tmp_path
):
    settings.FORM_MIN_FILL_SECONDS = 0
    page.goto(live_server.url + "/stories/")
    assert "2 stories" in page.locator("main").inner_text()
    assert_accessible(page)

    # Filter by treatment with the keyboard only.
    tab_to(page, lambda f: f["id"] == "id_treatment", what="the treatment filter")
    page.keyboard.press("ArrowDown")  # "CAR T-cell therapy", the first treatment with stories
    assert page.locator("#id_treatment").input_value() == "car-t-cell-therapy"
    tab_to(page, lambda f: f["text"].strip() == "Show stories", what="the filter button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/stories/?*treatment=car-t-cell-therapy*")
    assert "1 story" in page.locator("main").inner_text()
    assert "Cord blood" not in page.locator("main").inner_text()
    assert_accessible(page)

    # Open the story.
    tab_to(page, lambda f: f["href"] == "/stories/back-on-the-sidelines/", what="the story")
    page.keyboard.press("Enter")
    page.wait_for_url("**/stories/back-on-the-sidelines/")
    assert page.locator("h1").inner_text() == "Back on the sidelines"
    assert page.locator("picture img").get_attribute("srcset")
    assert page.locator(".share__button").is_visible()  # the JS enhancement showed it
    assert page.locator("#share-url").input_value().endswith("/stories/back-on-the-sidelines/")
    assert_accessible(page)

    # Share a story of one's own: first with a mistake, then with a photo.
    tab_to(page, lambda f: f["href"] == "/stories/share/", what="the share link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/stories/share/")
    assert_accessible(page)
    page.get_by_label("Your name").fill("Rosa Delgado")
    page.get_by_label("Your story").fill("After my transplant I walked my daughter down the aisle.")
    assert "characters left" in page.locator(".character-count").inner_text()
    page.get_by_role("button", name="Send my story").press("Enter")
    page.wait_for_selector(".error-summary")
    assert_accessible(page)
    assert page.get_by_label("Your name").input_value() == "Rosa Delgado"

    photo = tmp_path / "rosa.jpg"
    photo.write_bytes(image_bytes(size=(1200, 900)))
    page.get_by_role("textbox", name="Email").fill("rosa@example.org")
    page.get_by_label("A photo", exact=True).set_input_files(str(photo))
    page.get_by_label("Describe your photo").fill("Rosa and her daughter")
    page.get_by_label("You may contact me").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(page)["text"].strip() == "Send my story"
    page.keyboard.press("Enter")
    page.wait_for_url("**/stories/share/thank-you/**")
    assert_accessible(page)
    submission = StorySubmission.objects.get()
    assert submission.reference in page.locator("main").inner_text()
    assert submission.photo and submission.photo_description == "Rosa and her daughter"


def test_story_pages_have_no_horizontal_scrolling_at_320_pixels(browser, live_server, content):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ["/stories/", "/stories/back-on-the-sidelines/", "/stories/share/"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    context.close()
