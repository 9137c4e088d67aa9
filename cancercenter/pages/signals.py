"""Clear the cached menus when something they show changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cancercenter.pages import menus
from cancercenter.pages.models import Menu, MenuItem, Page


@receiver([post_save, post_delete], sender=Menu)
@receiver([post_save, post_delete], sender=MenuItem)
def menu_changed(sender, **kwargs):
    menus.invalidate()


@receiver([post_save, post_delete], sender=Page)
def page_changed(sender, instance, **kwargs):
    # A page's title, status or address shows in a menu that links to it; moving a page
    # changes the addresses of the pages under it too.
    page_ids = menus.cached_page_ids()
    if page_ids is None:
        return
    if instance.pk in page_ids or (kwargs["signal"] is post_save and instance.children.exists()):
        menus.invalidate()
