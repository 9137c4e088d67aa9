"""Every public page and state is valid HTML, by the W3C Nu Html Checker (vnu.jar).

vnu.jar comes from the npm package `vnu-jar` (`make vnu`, which `make test` and `.ci/run`
call when java and npm exist). Without it this test is skipped, and says why.
"""

import json
import shutil
import subprocess

import pytest

from tests.sweep import VNU_JAR, snapshots

pytestmark = pytest.mark.django_db


def vnu_missing() -> str | None:
    if shutil.which("java") is None:
        return "the HTML validator needs Java (apt-get install default-jre-headless)"
    if not VNU_JAR.exists():
        return f"the HTML validator is not installed at {VNU_JAR} (run `make vnu`)"
    return None


@pytest.mark.skipif(vnu_missing() is not None, reason=vnu_missing() or "")
def test_every_page_and_state_is_valid_html(client, tmp_path):
    shots = snapshots(client)
    names = {}
    for number, shot in enumerate(shots):
        path = tmp_path / f"page-{number:03d}.html"
        path.write_text(shot.html, encoding="utf-8")
        names[path.name] = f"{shot.label} ({shot.url})"
    # One Java process for all pages: starting the JVM is the slow part.
    result = subprocess.run(
        # The schema needs a deep stack; vnu says so instead of checking when it is short.
        [
            "java",
            "-Xss8m",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            str(tmp_path),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except ValueError:
        pytest.fail(f"vnu did not report: {result.stdout}{result.stderr}")
    errors = [
        f"{names.get(m.get('url', '').rsplit('/', 1)[-1])} line {m.get('lastLine')}: "
        f"{m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]
    assert len(shots) >= 20
    assert errors == [], "\n".join(errors)
