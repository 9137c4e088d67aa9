from django.core.checks import Warning, register
from django.db import DatabaseError


@register(deploy=True)
def notices_still_template_text(app_configs, **kwargs):
    """Warn while any seeded notice (privacy practices, nondiscrimination...) is unedited."""
    from cancercenter.pages.models import Page

    try:
        pages = list(Page.objects.exclude(template_fingerprint="").only("title", "body", "path"))
    except DatabaseError:
        return []  # no database yet (a build step): nothing to check
    return [
        Warning(
            f"The notice “{page.title}” (/{page.path}/) still has the project's template text.",
            hint="Have your privacy and compliance officers review and edit it before launch.",
            obj=page,
            id="pages.W001",
        )
        for page in pages
        if page.is_unchanged_template_text
    ]
