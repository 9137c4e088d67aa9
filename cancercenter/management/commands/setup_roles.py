from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cancercenter.roles import ROLES


class Command(BaseCommand):
    help = (
        "Create or update the staff groups (content editors, trial coordinators, development "
        "office, patient concierge) with the least permissions each needs. Safe to run again."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        skipped = set()
        for role in ROLES:
            permissions = []
            for app_label, model_name, actions in role.permissions:
                try:
                    model = apps.get_model(app_label, model_name)
                except LookupError:
                    skipped.add(f"{app_label}.{model_name}")
                    continue
                content_type = ContentType.objects.get_for_model(model)
                codenames = [f"{action}_{model._meta.model_name}" for action in actions]
                found = list(
                    Permission.objects.filter(content_type=content_type, codename__in=codenames)
                )
                missing = set(codenames) - {p.codename for p in found}
                if missing:
                    # Permissions appear after `migrate`; refuse to half-configure a group.
                    raise CommandError(
                        f"Missing permissions {sorted(missing)}: run `manage.py migrate` first."
                    )
                permissions.extend(found)
            group, created = Group.objects.get_or_create(name=role.name)
            # Exactly the table: permissions added by hand in the admin are removed again.
            group.permissions.set(permissions)
            verb = "Created" if created else "Updated"
            self.stdout.write(f"{verb} {role.name}: {len(permissions)} permissions")
        for name in sorted(skipped):
            self.stdout.write(f"Skipped {name}: not installed yet")
        self.stdout.write(self.style.SUCCESS("Roles are set up."))
        self.stdout.write(
            "To give a staff user a role: /admin/auth/user/ > the user > Groups, "
            "then tick 'Staff status' and save."
        )
