import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, focused
from tests.factories import TreatmentFactory
from tests.trials.factories import TrialFactory
from trials.models import Phase, TrialInquiry

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def trials():
    car_t = TreatmentFactory(name="CAR T-cell therapy", slug="car-t-cell-therapy")
    wanted = TrialFactory(
        nct_id="NCT00000001",
        brief_title="CAR T cells for relapsed lymphoma",
        phases=[Phase.PHASE1, Phase.PHASE2],
        inclusion_html="<ul><li>Relapsed lymphoma</li></ul>",
        exclusion_html="<ul><li>Active infection</li></ul>",
        local_contact_name="Lymphoma trials office",  # so the center offers "I'm interested"
    )
    wanted.treatments.add(car_t)
    other_phase = TrialFactory(nct_id="NCT00000002", brief_title="CAR T phase 3 study",
                               phases=[Phase.PHASE3])  # fmt: skip
    other_phase.treatments.add(car_t)
    TrialFactory(nct_id="NCT00000003", brief_title="Checkpoint study", phases=[Phase.PHASE2])
    return wanted


def tab_to(page, predicate, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if predicate(focused(page)):
            return
    pytest.fail("not reachable by keyboard")


def test_keyboard_only_filter_open_trial_and_send_inquiry(page, live_server, trials, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    page.goto(live_server.url + "/trials/")
    assert_accessible(page)

    tab_to(page, lambda f: f["id"] == "id_treatment")
    page.keyboard.type("CAR T")  # a focused select picks the option typed
    tab_to(page, lambda f: f["id"] == "id_phase_1")  # phase 1 (id_phase_0 is early phase 1)
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and "Show trials" in f["text"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/trials/?*")
    assert "treatment=car-t-cell-therapy" in page.url and "phase=1" in page.url
    assert page.locator(".finder__count").inner_text().startswith("1 trial found")
    assert_accessible(page)

    tab_to(page, lambda f: f["href"] == "/trials/NCT00000001/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/trials/NCT00000001/")
    assert_accessible(page)

    tab_to(page, lambda f: f["href"] == "/trials/NCT00000001/inquire/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/inquire/")
    assert_accessible(page)

    # Send it empty first: the error state must be accessible too.
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"].strip() == "Send")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    assert_accessible(page)

    page.get_by_label("Your name").focus()
    page.keyboard.type("Ana Gómez")
    page.keyboard.press("Tab")
    page.keyboard.type("ana@example.org")
    page.get_by_label("I am a family member or caregiver").focus()
    page.keyboard.press("Space")
    page.get_by_label("You may contact me").focus()
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"].strip() == "Send")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thank-you/*")
    assert "What happens next" in page.content()
    assert_accessible(page)
    inquiry = TrialInquiry.objects.get()
    assert inquiry.nct_id == "NCT00000001" and inquiry.relationship == "caregiver"


def test_finder_works_without_javascript(browser, live_server, trials):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/trials/")
    page.get_by_text("Search and filter").click()  # the disclosure opens without JavaScript
    page.get_by_label("Keywords or trial ID").fill("lymphoma")
    page.get_by_role("button", name="Show trials").click()
    # Wait for the results page to load: the URL changes before its body arrives.
    page.wait_for_url("**/trials/?*q=lymphoma*")
    expect(page.locator(".trial-card")).to_have_count(1)
    context.close()


def test_no_horizontal_scrolling_at_320_pixels(browser, live_server, trials):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ["/trials/", "/trials/NCT00000001/", "/trials/NCT00000001/inquire/", "/"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    context.close()


def test_every_real_study_page_reads_at_320_pixels_without_code_boxes(browser, live_server):
    """Every ClinicalTrials.gov record in tests/data and the demo: no sideways scroll, no
    <pre>/<code> from registry text, no visible backslash escapes."""
    from tests.conftest import TEST_DATA
    from trials.demo import DEMO_DATA
    from trials.models import Trial
    from trials.services import trial_import_paths

    report = trial_import_paths(paths=[TEST_DATA / "ctgov" / "studies", DEMO_DATA])
    assert report.ok
    nct_ids = list(Trial.objects.order_by("nct_id").values_list("nct_id", flat=True))
    assert len(nct_ids) >= 125
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    problems = {}
    for nct_id in nct_ids:
        page.goto(f"{live_server.url}/trials/{nct_id}/")
        found = page.evaluate(
            """() => ({
                overflow: document.documentElement.scrollWidth - window.innerWidth,
                code: document.querySelectorAll('main pre, main code').length,
                escapes: (document.querySelector('main').innerText
                          .match(/\\\\[!-\\/:-@\\[-`{-~]/g) || []).length,
            })"""
        )
        if found["overflow"] > 0 or found["code"] or found["escapes"]:
            problems[nct_id] = found
    context.close()
    assert problems == {}


TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_finder_reflows_on_a_phone_at_200_percent_text_and_with_text_spacing(browser, live_server):
    from tests.conftest import TEST_DATA
    from trials.services import trial_import_paths

    trial_import_paths(paths=[TEST_DATA / "ctgov" / "studies"])
    urls = [
        "/trials/",
        "/trials/?zip=35233&radius=500",
        "/trials/?zip=00000&age=abc",
        "/trials/?status=closed&status=expanded-access&type=treatment&q=lung&sex=female",
        "/trials/NCT04956640/?zip=35233",
    ]
    cases = [
        ("320 px", {"width": 320, "height": 640}, None),
        ("200% text", {"width": 1280, "height": 900}, "html { font-size: 200% !important; }"),
        ("320 px with text spacing", {"width": 320, "height": 640}, TEXT_SPACING),
    ]
    problems = {}
    for label, viewport, style in cases:
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        page = context.new_page()
        for url in urls:
            page.goto(live_server.url + url)
            if style:
                page.add_style_tag(content=style)
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            if (overflow := _overflow(page)) > 0:
                problems[f"{label} {url}"] = overflow
        context.close()
    assert problems == {}


def test_on_a_phone_the_count_and_first_result_come_before_the_filters(browser, live_server):
    for n in range(3):
        TrialFactory(nct_id=f"NCT0000010{n}", brief_title=f"Phone trial {n}")
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(live_server.url + "/trials/")
    # Folded on a phone: the first screen shows the count and a result, not filters.
    assert page.locator(".finder__disclosure").evaluate("d => d.open") is False
    count = page.locator(".finder__count").bounding_box()
    assert count["y"] + count["height"] <= 667
    first_title = page.locator(".trial-card__title >> nth=0").bounding_box()
    assert first_title["y"] + first_title["height"] <= 667
    page.get_by_text("Search and filter").click()
    expect(page.get_by_label("Keywords or trial ID")).to_be_visible()
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/trials/")
    assert page.locator(".finder__disclosure").evaluate("d => d.open") is True
    context.close()


def test_tick_results_and_open_a_printable_list_without_javascript(browser, live_server):
    for n in range(1, 4):
        TrialFactory(nct_id=f"NCT0000020{n}", brief_title=f"Printable trial {n}")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/trials/")
    page.get_by_role(
        "checkbox", name="Add to my printable list Printable trial 1", exact=True
    ).check()
    page.get_by_role(
        "checkbox", name="Add to my printable list Printable trial 3", exact=True
    ).check()
    page.get_by_role("button", name="Show the trials I ticked as a printable list").click()
    page.wait_for_url("**/trials/print/?*")
    titles = page.locator(".trial-print__title").all_inner_texts()
    assert titles == ["Printable trial 1", "Printable trial 3"]
    context.close()


def test_print_and_email_actions_on_a_trial_page(page, live_server):
    TrialFactory(nct_id="NCT00000301", brief_title="Share me")
    page.goto(live_server.url + "/trials/NCT00000301/")
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # shown by the script
    email = page.get_by_role("link", name="Email this trial")
    assert email.get_attribute("href").startswith("mailto:?subject=Share%20me")
    assert_accessible(page)
