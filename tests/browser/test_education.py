import pytest

from tests.browser.conftest import assert_accessible, focused
from tests.factories import FAQFactory, TopicFactory, TreatmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content():
    car_t = TreatmentFactory(name="CAR T-cell therapy", slug="car-t-cell-therapy")
    topic = TopicFactory(
        title="CAR T-cell therapy",
        slug="car-t-cell-therapy",
        treatment=car_t,
        body="## The steps\n\n1. Collection\n2. Infusion\n\n## Side effects\n\nFever.",
        last_reviewed_on="2026-09-15",
        next_review_due="2027-09-15",
        reviewed_by="Dana Ortiz, MD",
    )
    TopicFactory(title="What is immunotherapy?", slug="what-is-immunotherapy")
    FAQFactory(topic=topic, question="How long does it take?")
    FAQFactory(question="How do I ask for a second opinion?")
    return topic


def test_keyboard_user_goes_from_skip_link_through_header_to_a_topic(page, live_server, content):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert focused(page)["href"] == "#main-content"
    assert page.locator(".skip-link").is_visible()

    # Through the header: brand, phone, then the main navigation.
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page)["text"].strip() == "Treatments":
            break
    else:
        pytest.fail("the Treatments link was not reachable by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url("**/education/")

    for _ in range(40):
        page.keyboard.press("Tab")
        if focused(page)["href"] == "/education/car-t-cell-therapy/":
            break
    else:
        pytest.fail("the topic link was not reachable by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url("**/education/car-t-cell-therapy/")
    assert page.locator("h1").inner_text() == "CAR T-cell therapy"


def test_skip_link_moves_focus_to_main_content(page, live_server, content):
    page.goto(live_server.url + "/education/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"


@pytest.mark.parametrize(
    "path",
    ["/", "/education/", "/education/car-t-cell-therapy/", "/education/faq/", "/no-such-page/"],
)
def test_pages_have_no_accessibility_violations(page, live_server, content, path):
    page.goto(live_server.url + path)
    assert_accessible(page)


def test_faq_answers_open_without_javascript(browser, live_server, content):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/education/faq/")
    answer = page.get_by_text("How long does it take?")
    answer.click()
    assert page.locator("details[open]").count() == 1
    context.close()


def test_no_horizontal_scrolling_at_320_pixels(browser, live_server, content):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ["/", "/education/", "/education/car-t-cell-therapy/", "/education/faq/"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    context.close()
