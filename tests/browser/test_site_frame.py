"""The site frame on a phone: one header row, a menu that opens without JavaScript, the
primary action, and search landmarks a screen reader can tell apart."""

import pytest

from tests.browser.conftest import assert_accessible, focused

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False, locale="en-US"
    )
    page = context.new_page()
    page.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    yield page
    context.close()


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_on_a_phone_the_header_is_one_row_within_a_fifth_of_the_screen(phone, live_server):
    phone.goto(live_server.url + "/")
    header = box(phone, ".site-header")
    assert header["height"] <= 0.2 * 844, header
    brand, call, menu = (box(phone, s) for s in (".site-header__brand", ".site-header__call",
                                                  ".site-menu__button"))  # fmt: skip
    for item in (call, menu):
        assert item["y"] < brand["y"] + brand["height"], "call and menu sit beside the name"
    assert not phone.locator("nav.main-nav--menu").is_visible()  # folded until asked for
    assert phone.locator(".hero a", has_text="Request an appointment").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_menu_opens_by_keyboard_without_javascript(phone, live_server):
    phone.goto(live_server.url + "/")
    for _ in range(6):
        phone.keyboard.press("Tab")
        if focused(phone)["tag"] == "SUMMARY":
            break
    else:
        pytest.fail(f"the menu button was not reachable by keyboard: {focused(phone)}")
    phone.keyboard.press("Enter")
    assert phone.locator("nav.main-nav--menu").is_visible()
    assert phone.locator("#menu-search").is_visible()  # the search box lives in the menu
    appointment = phone.locator(".site-menu__panel a", has_text="Request an appointment")
    assert appointment.get_attribute("href") == "/appointments/request/"
    for _ in range(6):
        phone.keyboard.press("Tab")
        if focused(phone)["text"].strip() == "Clinical trials":
            break
    else:
        pytest.fail("the menu's links were not reachable by keyboard")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/trials/")


def test_old_appointment_topic_links_open_the_appointment_form(phone, live_server):
    phone.goto(live_server.url + "/contact/?topic=appointment")
    assert phone.url == live_server.url + "/appointments/request/"
    assert phone.get_by_role("heading", level=1).inner_text().startswith("Request an appointment")


def test_wide_screens_show_the_navigation_and_the_appointment_action(page, live_server):
    page.goto(live_server.url + "/")
    assert page.locator("nav.main-nav--wide").is_visible()
    assert not page.locator(".site-menu__button").is_visible()
    assert page.locator(".site-header__appointment").is_visible()
    assert page.locator(".site-header__call", has_text="(555) 010-4000").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/search/?q=transplant", "/no-such-page/"])
def test_search_landmarks_on_one_page_have_distinct_names(page, live_server, path):
    page.goto(live_server.url + path)
    names = [
        page.locator(f"[role=search] >> nth={i}").get_attribute("aria-label")
        for i in range(page.locator("[role=search]").count())
        if page.locator(f"[role=search] >> nth={i}").is_visible()
    ]
    assert len(names) == 2 and len(set(names)) == 2, names
    assert_accessible(page)
