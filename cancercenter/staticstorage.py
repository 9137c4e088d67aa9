"""Static files as served in production: stylesheets minified, then hashed and compressed.

whitenoise's storage names every file by its content's hash and keeps gzip and Brotli
copies; it does not minify. Stylesheets are minified (rcssmin) as collectstatic writes
them, so the hashed copy, its compressed copies and the bytes a first visit downloads are
all the small version. Comments and spaces go; rules, their order and every url() stay.
"""

import rcssmin
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage


def minified_css(text: str) -> str:
    """A stylesheet as production serves it (tests weigh pages with it too)."""
    return rcssmin.cssmin(text)


class MinifiedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def _save(self, name, content):
        if name.endswith(".css"):
            content.seek(0)
            text = content.read()
            if isinstance(text, bytes):
                text = text.decode("utf-8")
            content = ContentFile(minified_css(text).encode("utf-8"))
        return super()._save(name, content)
