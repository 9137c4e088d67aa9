"""Read what a page tells crawlers: its JSON-LD blocks and its <head> meta tags."""

import json
import re
from html.parser import HTMLParser


def json_ld(html: str) -> dict[str, list[dict]]:
    """Every JSON-LD block of a page, by @type."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    by_type: dict[str, list[dict]] = {}
    for block in blocks:
        data = json.loads(block)
        assert data["@context"] == "https://schema.org"
        by_type.setdefault(data["@type"], []).append(data)
    return by_type


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        if tag == "link" and "rel" in attrs:
            self.links.setdefault(attrs["rel"], attrs.get("href", ""))


def head_tags(html: str) -> tuple[dict[str, str], dict[str, str]]:
    """(meta tags by name or property, links by rel)."""
    parser = _HeadParser()
    parser.feed(html)
    return parser.meta, parser.links
