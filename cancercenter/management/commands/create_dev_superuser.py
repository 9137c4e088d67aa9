import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


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
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "A superuser exists already. Forgot the password? Run: "
                f".venv/bin/python manage.py changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                "\nA development superuser was created. This password is shown only once:\n"
                f"  URL:      http://127.0.0.1:8000/admin/\n"
                f"  Username: {username}\n"
                f"  Password: {password}\n"
            )
        )
