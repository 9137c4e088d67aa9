from django.core.management.base import BaseCommand
from django.db import transaction

from education.models import FAQ, Topic
from stories.models import Story


class Command(BaseCommand):
    help = (
        "Store the dictionary links of every topic, FAQ and story again (after "
        "import_glossary, or after terms were hidden). Saves are what decide the links."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        counts = {}
        for model in (Topic, FAQ, Story):
            rows = list(model.objects.all())
            for row in rows:
                row.save()
            counts[model._meta.verbose_name_plural] = len(rows)
        self.stdout.write(
            "Dictionary links stored: " + ", ".join(f"{n} {name}" for name, n in counts.items())
        )
