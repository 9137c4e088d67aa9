"""Template loaders that drop the indentation of HTML templates when they are read.

Templates are indented for their readers, and Django keeps every leading space: on the
trial finder one byte in twenty was indentation or a blank line. These loaders
strip each line's leading whitespace and drop empty lines from the template source, once,
when the (cached) loader first reads it, so no request pays for it. The page renders the
same: in HTML a run of whitespace with a newline in it is one space, and a newline stays
wherever one was. Only `.html` templates are touched (text emails keep their layout), and
not one with a literal <pre> or <textarea>, where whitespace is content. Variables are
inserted after this, so what people typed is never changed.
"""

import re

from django.template.loaders import app_directories, filesystem

_INDENTED_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")
_KEEPS_WHITESPACE = ("<pre", "<textarea")


def trim_indentation(source: str) -> str:
    if any(tag in source for tag in _KEEPS_WHITESPACE):
        return source
    return _INDENTED_LINES.sub("\n", source).lstrip(" \t")


class _TrimmingMixin:
    def get_contents(self, origin):
        contents = super().get_contents(origin)
        return trim_indentation(contents) if origin.name.endswith(".html") else contents


class FilesystemLoader(_TrimmingMixin, filesystem.Loader):
    pass


class AppDirectoriesLoader(_TrimmingMixin, app_directories.Loader):
    pass
