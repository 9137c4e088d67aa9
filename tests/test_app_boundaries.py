"""Each capability is one app; others reach it only through its models, services or urls.

Read from the source with `ast` (every import, also those inside functions), so a new
module that reaches into another app's forms, views or admin fails here, with its name.
Tests and migrations are left out: tests exercise internals on purpose, and migrations
name whatever their fields used when they were written.
"""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "cancercenter"
# What any module outside an app may import from it.
PUBLIC = {"models", "services", "urls"}
# The shared form layer exists to be built on: its base form, views, admin and the private
# storage for uploads are public.
EXTRA_PUBLIC = {
    "cancercenter.submissions": {
        "admin",
        "antispam",
        "business_days",
        "forms",
        "signals",
        "storage",
        "validators",
        "views",
    },  # fmt: skip
    # The Markdown renderer and the pagination helper every content app uses, and what
    # every translated content model shares: its language helpers and dictionary links
    # (README, "Languages"), the draft-preview rule and the scheduled publishing every
    # content model follows, and the history every content model keeps (README, "Revisions").
    "education": {
        "markdown",
        "pagination",
        "languages",
        "glossary_links",
        "previews",
        "revisions",
        "scheduling",
    },  # fmt: skip
    # The checked, metadata-free image upload (its docstring: "reusable by any app that
    # takes an image upload"): doctors' portraits use it.
    "stories": {"images"},
    # Review before publishing: every content admin takes its mixin (buttons, log, filter).
    "cancercenter.review": {"admin"},
}
# The project's demo loader calls every app's demo module.
DEMO_LOADER = "cancercenter.management.commands.load_demo_content"


def local_apps() -> list[str]:
    """Every installed app whose code is in this repository, except the project itself."""
    names = []
    for config in apps.get_app_configs():
        in_repository = Path(config.path) == ROOT.joinpath(*config.name.split("."))
        if in_repository and config.name != PROJECT:
            names.append(config.name)
    return sorted(names, key=len, reverse=True)  # most specific first


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(dotted: str) -> bool:
    base = ROOT.joinpath(*dotted.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def imported_modules(path: Path):
    """(line, module) for every import in a file; `from a import b` gives a.b if b is one."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                dotted = f"{node.module}.{alias.name}"
                yield node.lineno, dotted if is_module(dotted) else node.module


def source_files():
    for top in sorted({name.split(".")[0] for name in local_apps()} | {PROJECT}):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def app_of(module: str) -> str | None:
    return next((a for a in local_apps() if module == a or module.startswith(a + ".")), None)


def crossings():
    """(importer, line, imported module, imported app) for imports between apps."""
    for path in source_files():
        importer = module_name(path)
        for line, imported in imported_modules(path):
            target = app_of(imported)
            if target is not None and app_of(importer) != target:
                yield importer, line, imported, target


def test_apps_are_reached_only_through_their_models_services_and_urls():
    wrong = []
    for importer, line, imported, app in crossings():
        rest = imported.removeprefix(app).lstrip(".")
        first = rest.split(".")[0]
        allowed = PUBLIC | EXTRA_PUBLIC.get(app, set())
        if importer == DEMO_LOADER:
            allowed = allowed | {"demo"}
        if rest and first not in allowed:
            wrong.append(f"{importer}:{line} imports {imported}")
    assert wrong == []


def test_the_form_layer_imports_no_app():
    wrong = [
        f"{importer}:{line} imports {imported}"
        for importer, line, imported, _app in crossings()
        if app_of(importer) == "cancercenter.submissions"
    ]
    assert wrong == []


def test_no_app_imports_the_project_package():
    """Apps use django.conf.settings; the project's own modules are for the project."""
    wrong = []
    for path in source_files():
        importer = module_name(path)
        if app_of(importer) is None:
            continue
        for line, imported in imported_modules(path):
            if imported.split(".")[0] == PROJECT and app_of(imported) is None:
                wrong.append(f"{importer}:{line} imports {imported}")
    assert wrong == []


def test_the_check_sees_the_apps_and_their_imports():
    """Guard the guard: a broken walk would find nothing and pass."""
    assert {"cancercenter.giving", "cancercenter.contact", "cancercenter.search"} <= set(
        local_apps()
    )
    found = {(importer, imported) for importer, _line, imported, _app in crossings()}
    assert ("cancercenter.urls", "cancercenter.giving.urls") not in found  # a string include
    assert ("cancercenter.search.services", "stories.models") in found
    assert ("stories.forms", "cancercenter.submissions.forms") in found
