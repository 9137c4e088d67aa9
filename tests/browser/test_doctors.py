"""Find a doctor with the keyboard only: filter, open a profile, ask for an appointment."""

import pytest

from cancercenter.care import services
from cancercenter.care.models import AppointmentRequest
from cancercenter.pages.models import Location
from tests.browser.conftest import assert_accessible, focused
from tests.browser.test_stories import tab_to
from tests.care.factories import ProviderFactory
from tests.factories import CancerTypeFactory, TopicFactory, TreatmentFactory
from tests.stories.factories import image_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def doctors():
    from django.core.files.base import ContentFile

    car_t = TreatmentFactory(name="CAR T-cell therapy", slug="car-t-cell-therapy")
    transplant = TreatmentFactory(name="Stem cell transplant", slug="stem-cell-transplant")
    lymphoma = CancerTypeFactory(name="Lymphoma", slug="lymphoma")
    TopicFactory(title="CAR T-cell therapy", slug="car-t-guide", treatment=car_t)
    main = Location.objects.create(
        name="Main hospital", slug="main", kind="Hospital", street="1 Elm Street",
        city="Springfield", region="CA", postal_code="90000", phone="+1-555-010-4000",
        phone_display="(555) 010-4000",
    )  # fmt: skip
    ortiz = ProviderFactory(
        name="Dana Ortiz", slug="dana-ortiz", title="Blood cancer specialist",
        treatments=[car_t], cancer_types=[lymphoma], locations=[main],
        languages_spoken=["en", "es"],
    )  # fmt: skip
    services.provider_photo_set(
        provider=ortiz,
        upload=ContentFile(image_bytes(size=(800, 800)), name="x.jpg"),
        alt="A placeholder portrait",
    )
    ProviderFactory(name="Mei Tran", slug="mei-tran", treatments=[transplant],
                    accepting_new_patients=False)  # fmt: skip
    return ortiz


def test_keyboard_user_finds_a_doctor_and_asks_for_an_appointment(
    page, live_server, doctors, settings
):
    settings.FORM_MIN_FILL_SECONDS = 0
    page.goto(live_server.url + "/doctors/")
    assert "2 doctors" in page.locator("main").inner_text()
    assert_accessible(page)

    tab_to(page, lambda f: f["id"] == "id_treatment", what="the treatment filter")
    page.keyboard.press("ArrowDown")  # the first treatment some doctor gives
    assert page.locator("#id_treatment").input_value() == "car-t-cell-therapy"
    tab_to(page, lambda f: f["id"] == "id_accepting", what="the new patients checkbox")
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["text"].strip() == "Show doctors", what="the filter button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/doctors/?*treatment=car-t-cell-therapy*")
    main_text = page.locator("main").inner_text()
    assert "1 doctor" in main_text and "Mei Tran" not in main_text
    assert page.locator("#id_accepting").is_checked()
    assert_accessible(page)

    tab_to(page, lambda f: f["href"] == "/doctors/dana-ortiz/", what="the doctor's card")
    page.keyboard.press("Enter")
    page.wait_for_url("**/doctors/dana-ortiz/")
    assert page.locator("h1").inner_text() == "Dr. Dana Ortiz, MD"
    assert page.locator(".provider__photo").get_attribute("alt") == "A placeholder portrait"
    assert_accessible(page)

    tab_to(
        page,
        lambda f: f["href"] == "/appointments/request/?doctor=dana-ortiz",
        what="the appointment link",
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/appointments/request/?doctor=dana-ortiz")
    assert (
        "You are asking for an appointment with Dr. Dana Ortiz, MD"
        in page.locator("main").inner_text()
    )
    assert page.locator("#id_doctor").input_value() == "dana-ortiz"
    assert_accessible(page)

    page.locator("#main-content").focus()
    page.get_by_label("A first appointment").check()
    page.get_by_label("For myself").check()
    page.get_by_label("Your name").fill("Rosa Delgado")
    page.get_by_role("textbox", name="Phone").fill("+1 555 0142")
    page.get_by_label("The diagnosis, in your words").fill("Lymphoma that came back.")
    page.get_by_label("Yes, a doctor has confirmed it").check()
    page.get_by_label("Finished treatment").check()
    page.get_by_label("Medicare").check()
    page.get_by_label("You may contact me").focus()
    page.keyboard.press("Space")
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page)["text"].strip() == "Send request":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/appointments/request/thank-you/**")
    assert_accessible(page)
    assert AppointmentRequest.objects.get().doctor == doctors


def test_doctor_pages_have_no_horizontal_scrolling_at_320_pixels(browser, live_server, doctors):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ["/doctors/", "/doctors/dana-ortiz/", "/appointments/request/?doctor=dana-ortiz"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    context.close()
