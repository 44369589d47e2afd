"""Create one demo user per role for local use, printing new logins once."""

import secrets

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand

from cmsync.permissions import ADMINISTRATOR, CREATOR, VIEWER

DEMO_USERS = [
    # username, role, is_staff (Django admin access)
    ("viewer", VIEWER, False),
    ("creator", CREATOR, False),
    ("admin", ADMINISTRATOR, True),
]


class Command(BaseCommand):
    help = (
        "Create the demo users viewer, creator and admin, one per role. "
        "Existing users are left as they are; passwords of new ones are "
        "printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Use this password for new users instead of a random one.",
        )

    def handle(self, *args, **options):
        for username, role, is_staff in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"  {username:<8} ({role}): exists, unchanged")
                continue
            password = options["password"] or secrets.token_urlsafe(9)
            user = User.objects.create_user(
                username,
                email=f"{username}@demo.example.com",
                password=password,
                first_name=username.capitalize(),
                last_name="Demo",
                is_staff=is_staff,
                is_superuser=False,
            )
            user.groups.add(Group.objects.get(name=role))
            self.stdout.write(f"  {username:<8} ({role}): password {password}")
