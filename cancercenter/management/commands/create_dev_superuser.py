import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cancercenter.staff import services


class Command(BaseCommand):
    help = (
        "Development only: create the superuser 'admin' with a generated password, printed "
        "once. Does nothing when any superuser exists already."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a development superuser with DEBUG off.")
        User = get_user_model()
        existing = User.objects.filter(username=username, is_superuser=True).first()
        if existing is not None:
            # Accounts made before two-step sign-in existed skip it too (DEBUG only).
            services.mfa_development_skip_grant(user=existing)
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "A superuser exists already. Forgot the password? Run: "
                f".venv/bin/python manage.py changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=username, email="", password=password)
        services.mfa_development_skip_grant(user=user)
        self.stdout.write(
            self.style.SUCCESS(
                "\nA development superuser was created. This password is shown only once:\n"
                f"  URL:      http://127.0.0.1:8000/admin/\n"
                f"  Username: {username}\n"
                f"  Password: {password}\n"
                "Two-step sign-in is skipped for this account while DEBUG is on.\n"
            )
        )
