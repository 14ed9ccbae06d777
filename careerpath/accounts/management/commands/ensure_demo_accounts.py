"""Create the demo planner and demo editor (development only) and print fresh logins."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from careerpath.accounts.models import User

DEMO_PLANNER = "planner@example.com"
DEMO_EDITOR = "editor@example.com"
EDITORS_GROUP = "Editors"


class Command(BaseCommand):
    help = "Create demo accounts if absent, give them new random passwords and print the logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Allow running with DEBUG off."
        )

    @transaction.atomic
    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo accounts are for development only (DJANGO_DEBUG=true), or pass --force."
            )
        logins = []
        for email, is_editor in [(DEMO_PLANNER, False), (DEMO_EDITOR, True)]:
            user, _ = User.objects.get_or_create(
                email=email, defaults={"display_name": email.split("@")[0].title()}
            )
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.is_staff = is_editor
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if is_editor and (
                group := Group.objects.filter(name=EDITORS_GROUP).first()
            ):
                user.groups.add(group)
            logins.append(
                (
                    ("editor (admin at /admin/)" if is_editor else "planner"),
                    email,
                    password,
                )
            )
        self.stdout.write(self.style.SUCCESS("Demo logins (new passwords each run):"))
        for label, email, password in logins:
            self.stdout.write(f"  {label:<26} {email}  /  {password}")
