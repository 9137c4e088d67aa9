from django.core.management.base import BaseCommand

from cancercenter import pagecache
from cancercenter.care import demo as care_demo
from cancercenter.giving import demo as giving_demo
from cancercenter.pages import demo as pages_demo
from education import demo as education_demo
from stories import demo as stories_demo
from trials import demo as trials_demo

# Each app owns its demo content; they load in dependency order.
DEMO_LOADERS = [
    ("education", education_demo.load),
    ("trials", trials_demo.load),
    ("stories", stories_demo.load),
    ("giving", giving_demo.load),
    ("pages", pages_demo.load),
    ("care", care_demo.load),  # after pages: doctors see patients at its locations
]


class Command(BaseCommand):
    help = "Create or refresh the demo content. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        for app, load in DEMO_LOADERS:
            counts = load()
            summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
            self.stdout.write(f"{app}: {summary}")
        # Some loaders write in bulk, without save signals: cached pages go now.
        pagecache.content_changed()
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
