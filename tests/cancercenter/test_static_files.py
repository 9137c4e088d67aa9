"""collectstatic as production runs it: stylesheets minified, hashed and compressed."""

import gzip
import json
import re
from pathlib import Path

from django.core.management import call_command

SOURCE = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


def test_collectstatic_writes_minified_hashed_and_compressed_stylesheets(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "cancercenter.staticstorage.MinifiedStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css"
    served = (tmp_path / hashed).read_text()
    source = SOURCE.read_text()
    # Smaller by its comments and spaces; none of the rules lost.
    assert len(served) < 0.9 * len(source)
    assert "/*" in source and "/*" not in served
    for selector in [".skip-link", ".site-header__brand", ".glossary-popover", "@media print"]:
        assert (selector in served) == (selector in source), selector
    assert served.count("{") == re.sub(r"/\*.*?\*/", "", source, flags=re.S).count("{")
    # The compressed copy whitenoise serves is the minified file.
    assert gzip.decompress((tmp_path / f"{hashed}.gz").read_bytes()).decode() == served
    # Scripts are copied as written.
    script = manifest["paths"]["js/glossary.js"]
    assert (tmp_path / script).read_bytes() == (SOURCE.parents[1] / "js/glossary.js").read_bytes()
