"""What the rest of the site asks of the pages app: the menus every page shows, and the
addresses of the site's named parts."""

from cancercenter.pages.links import SITE_LINKS, site_link_url
from cancercenter.pages.menus import Menus, default_menus, get_menus

__all__ = ["SITE_LINKS", "Menus", "default_menus", "get_menus", "site_link_url"]
