"""Create the demo planner and demo editor (development only) and print fresh logins.

The demo planner gets a plan with some progress (when the content is loaded and they have
none), so `/plan/` shows a dashboard, a timeline and the tracking controls at once."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from careerpath.accounts.models import User
from planner import services
from planner.models import Plan
from planner.planning import MilestoneStatus, PlanAnswers, PlanningError

DEMO_PLANNER = "planner@example.com"
DEMO_EDITOR = "editor@example.com"
EDITORS_GROUP = "Editors"
DEMO_ANSWERS = PlanAnswers(
    target_role="medical-laboratory-technician",
    education_level="high_school",
    state="FL",
    certifying_body="ascp",
    study_pace="part_time",
)
# The first steps done and the next one started: progress, a timeline with every kind of bar.
DEMO_DONE = 2


def ensure_demo_plan(user: User) -> Plan | None:
    """A plan with progress for the demo planner, unless they already have one."""
    if Plan.objects.filter(owner=user).exists():
        return None
    try:
        plan = services.create_plan(owner=user, answers=DEMO_ANSWERS)
    except (PlanningError, ObjectDoesNotExist, ValidationError):
        return None  # content not loaded: `make seed` first
    milestones = list(plan.milestones.order_by("order", "pk"))
    for index, milestone in enumerate(milestones[: DEMO_DONE + 1]):
        services.patch_milestone(
            plan_id=plan.pk,
            milestone_id=milestone.pk,
            owner=user,
            status=MilestoneStatus.DONE
            if index < DEMO_DONE
            else MilestoneStatus.IN_PROGRESS,
            notes="Demo note: only you see notes like this one."
            if index == 0
            else None,
        )
    return plan


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
            if not is_editor and ensure_demo_plan(user) is not None:
                self.stdout.write("Demo planner: created a plan with some progress.")
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
