"""Follow changed public addresses: a new slug, or a page moved in the tree (which moves
every page under it), leaves a redirect from each old address, in every language.

Signals, not the models' save(), because the content apps know nothing of redirects: the
list of followed models is here, in one place (README, "Redirects"). Only published
content leaves redirects: a draft's address was never public.
"""

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.urls import reverse
from django.utils import timezone, translation

from cancercenter.pages.models import Location, Page
from cancercenter.redirects import services
from education.languages import localized
from education.models import PublicationStatus, Topic
from stories.models import Story

# Content whose address comes from its slug: get_absolute_url() gives it.
FOLLOWED = (Topic, Story, Location)


def _in_every_language(url_for) -> list[str]:
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = url_for()
        if url not in urls:
            urls.append(url)
    return urls


def _published(obj) -> bool:
    with translation.override(settings.LANGUAGE_CODE):
        return bool(getattr(obj, "is_published", True))


def _moves(before: list[str], after: list[str]):
    return [(old, new) for old, new in zip(before, after, strict=True) if old != new]


def content_before(sender, instance, raw=False, **kwargs):
    instance._redirect_urls_before = []
    if instance.pk is None:
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    if old is not None and _published(old):
        instance._redirect_urls_before = _in_every_language(old.get_absolute_url)


def content_after(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_redirect_urls_before", [])
    if not _published(instance):
        return
    after = _in_every_language(instance.get_absolute_url)
    for old, new in _moves(before, after) if before else []:
        services.redirect_record_move(old_path=old, new_path=new)
    services.redirects_remove_live(paths=after)


def _page_url(path: str):
    return lambda: reverse("pages:page-detail", kwargs={"path": path})


# A page's status in the site's own language decides whether it is public (Page.published).
PAGE_STATUS = localized("status")


def _page_published(row: dict) -> bool:
    return row[PAGE_STATUS] == PublicationStatus.PUBLISHED and row["published_at"] <= timezone.now()


def page_before(sender, instance, raw=False, **kwargs):
    """The page's own path and those of the pages under it, which move with it."""
    instance._redirect_tree_before = []
    if instance.pk is None:
        return
    old = Page.objects.filter(pk=instance.pk).values("path", PAGE_STATUS, "published_at").first()
    if old is None:
        return
    subtree = Page.objects.filter(path__startswith=f"{old['path']}/").values(
        "path", PAGE_STATUS, "published_at"
    )
    for row in [old, *subtree]:
        if _page_published(row):
            instance._redirect_tree_before.append(row["path"].removeprefix(old["path"]))
    instance._redirect_root_before = old["path"]


def page_after(sender, instance, raw=False, **kwargs):
    # Page.save() moves the pages under it after this signal, to instance.path + the rest.
    root_before = getattr(instance, "_redirect_root_before", None)
    live = []
    for rest in getattr(instance, "_redirect_tree_before", []):
        before = _in_every_language(_page_url(root_before + rest))
        after = _in_every_language(_page_url(instance.path + rest))
        for old, new in _moves(before, after):
            services.redirect_record_move(old_path=old, new_path=new)
        live += after
    if _published(instance):
        live += _in_every_language(_page_url(instance.path))
    if live:
        services.redirects_remove_live(paths=live)


for model in FOLLOWED:
    pre_save.connect(content_before, sender=model, dispatch_uid=f"redirects-before-{model}")
    post_save.connect(content_after, sender=model, dispatch_uid=f"redirects-after-{model}")
pre_save.connect(page_before, sender=Page, dispatch_uid="redirects-page-before")
post_save.connect(page_after, sender=Page, dispatch_uid="redirects-page-after")
