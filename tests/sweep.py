"""The pages the validator and accessibility sweeps check: every public URL, plus the
states a visitor can reach that a plain GET does not show (empty lists, no search results,
form errors, error pages).

`snapshots(client)` renders each one once through Django's test client. The validator
checks exactly that HTML; the browser sweep serves the same bytes (and headers, so the CSP
applies) at the page's real address on the live server, so CSS and images load as usual.
"""

import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core import signing
from django.test import RequestFactory
from django.utils import translation

from cancercenter.submissions import antispam
from tests.public_urls import public_urls

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass
class Snapshot:
    label: str
    url: str
    html: str
    headers: dict[str, str]


def _token(seconds_ago: float) -> str:
    return signing.dumps(
        {"t": time.time() - seconds_ago, "k": uuid.uuid4().hex}, salt=antispam.TOKEN_SALT
    )


def _contact_data(**overrides) -> dict:
    data = {
        "topic": "travel", "name": "Ana Gómez", "email": "ana@example.org",
        "phone": "+1 555 0100", "preferred_method": "email", "preferred_time": "morning",
        "message": "Where can we stay?", "consent": "on", "website": "",
        "form_token": _token(60),
    }  # fmt: skip
    data.update(overrides)
    return data


def _snap(label: str, url: str, response) -> Snapshot:
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    return Snapshot(label, url, response.content.decode(), headers)


def _trial_states(get) -> None:
    """The finder in each filter state and a real trial page with its sites."""
    from tests.conftest import TEST_DATA
    from trials.services import trial_import_paths

    trial_import_paths(paths=[TEST_DATA / "ctgov" / "studies" / "NCT04956640.json"])
    get("trial finder, near a ZIP code", "/trials/", zip="35233", radius="200")
    get("trial finder, unknown ZIP code", "/trials/", zip="00000")
    get("trial finder, age not a number", "/trials/", age="abc")
    get(
        "trial finder, groups and types", "/trials/", status=["closed", "expanded-access"],
        type=["treatment", "other"], at_center="yes", sex="female", healthy_volunteers="yes",
    )  # fmt: skip
    get(
        "trial finder, single statuses (site search)", "/trials/", q="lymphoma",
        status=["recruiting", "completed", "available"],
    )  # fmt: skip
    get("trial page, many sites", "/trials/NCT04956640/")
    get("trial page, nearest sites", "/trials/NCT04956640/", zip="35233")
    get("trial page, unknown ZIP code", "/trials/NCT04956640/", zip="99999")
    get("trial inquiry, not one of our trials", "/trials/NCT04956640/inquire/")


def snapshots(client) -> list[Snapshot]:
    """Render every page and state once. Call with an empty database."""
    shots = []

    def get(label, url, expected=200, **params):
        response = client.get(url, params)
        assert response.status_code == expected, (label, response.status_code)
        full = response.wsgi_request.get_full_path()
        shots.append(_snap(label, full, response))

    # Empty states, before any content exists.
    get("home, empty", "/")
    get("topics, empty", "/education/")
    get("FAQ, empty", "/education/faq/")
    get("search, no query", "/search/")
    get("search, no results", "/search/", q="no such thing anywhere")
    get("trial finder, empty", "/trials/")
    get("stories, empty", "/stories/")

    # Every public URL with sample content (public_urls creates it).
    urls = public_urls()
    for url in urls:
        get(url, url)

    # Search with results, its "see all" page and odd input.
    from tests.factories import TopicFactory
    from tests.trials.factories import TrialFactory

    for n in range(6):
        TopicFactory(title=f"Transplant guide {n}", body="About <transplant> & BMT.")
        TrialFactory(brief_title=f"Transplant trial {n}", brief_summary="<b>Transplant</b>")
    get("search, results", "/search/", q="transplant")
    get("search, see all", "/search/", q="transplant", kind="topics")
    get("search, naughty", "/search/", q='"><img src=x onerror=alert(1)> transplant')
    from tests.stories.factories import StoryFactory

    for n in range(14):
        StoryFactory(title=f"My transplant, part {n}")
    get("search, see all stories", "/search/", q="transplant", kind="stories")
    get("stories, page 2", "/stories/", page="2")
    get("stories, filtered to nothing", "/stories/", treatment="sample-treatment-none")
    get("trial finder, results", "/trials/", q="transplant")
    get("trial finder, no results", "/trials/", q="no such thing anywhere")
    get("trial finder, all filters", "/trials/", status="completed", phase="2", age="40")
    _trial_states(get)

    # Forms: field errors, the "too fast" notice, the thank-you page with a reference.
    response = client.post("/contact/", {})
    assert response.status_code == 200
    shots.append(_snap("contact, errors", "/contact/", response))
    response = client.post("/contact/", _contact_data(form_token=_token(0)))
    assert response.status_code == 200
    shots.append(_snap("contact, too fast", "/contact/", response))
    response = client.post("/contact/", _contact_data(), follow=True)
    shots.append(_snap("contact, thanks", response.wsgi_request.get_full_path(), response))

    inquire = "/trials/NCT00000042/inquire/"
    response = client.post(inquire, {})
    assert response.status_code == 200
    shots.append(_snap("trial inquiry, errors", inquire, response))

    response = client.post("/give/", {})
    assert response.status_code == 200
    shots.append(_snap("gift, errors", "/give/", response))
    response = client.post("/stories/share/", {})
    assert response.status_code == 200
    shots.append(_snap("share your story, errors", "/stories/share/", response))

    # Error pages.
    get("404", "/no-such-page/", expected=404)
    shots.extend(_error_pages(""))

    # Every page and state again in Spanish, under /es/.
    for url in urls:
        get(f"es {url}", "/es" + url)
    get("es search, results", "/es/search/", q="transplant")
    get("es trial finder, results", "/es/trials/", q="transplant")
    for label, url in [
        ("es contact, errors", "/es/contact/"),
        ("es trial inquiry, errors", "/es" + inquire),
        ("es gift, errors", "/es/give/"),
        ("es share your story, errors", "/es/stories/share/"),
    ]:
        response = client.post(url, {})
        assert response.status_code == 200, label
        shots.append(_snap(label, url, response))
    response = client.post("/es/contact/", _contact_data(), follow=True)
    shots.append(_snap("es contact, thanks", response.wsgi_request.get_full_path(), response))
    get("es 404", "/es/no-such-page/", expected=404)
    with translation.override("es"):
        shots.extend(_error_pages("/es"))
    return shots


def _error_pages(prefix: str) -> list[Snapshot]:
    from cancercenter import errors

    request = RequestFactory().get(prefix + "/")
    name = "es " if prefix else ""
    return [
        _snap(name + label, f"{prefix}/__error-{label.replace(' ', '-')}/", response)
        for label, response in [
            ("500", errors.server_error(request)),
            ("503", errors.database_unavailable(request)),
            ("400", errors.bad_request(request, Exception())),
            ("403", errors.permission_denied(request, Exception())),
            ("403 csrf", errors.csrf_failure(request)),
        ]
    ]
