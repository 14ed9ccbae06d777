"""`manage.py load_pathways`: seed the pathway templates from planner/data/pathways.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from content.models import Role
from planner.models import PathwayStep, PathwayTemplate

DATA = Path(__file__).resolve().parents[2] / "data" / "pathways.yaml"
STEP_FIELDS = (
    "order",
    "kind",
    "phase",
    "title",
    "guidance",
    "duration_weeks",
    "cost_usd",
    "cost_as_of",
    "link_to",
    "alongside_previous",
    "when_education_levels",
    "when_body",
    "when_state_requires_license",
    "when_route_needs",
)


class Command(BaseCommand):
    help = (
        "Create the pathway templates and steps in planner/data/pathways.yaml that do not exist "
        "yet (matched by template slug and step key). Existing ones are left as editors made "
        "them. Steps naming a role that is not loaded yet are skipped (run load_content first, "
        "then this again)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", default=str(DATA), help="YAML file to load.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = yaml.safe_load(Path(options["file"]).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        roles = {r.slug: r for r in Role.objects.all()}
        created = kept = skipped = 0
        for position, raw in enumerate(data.get("templates", []), start=1):
            template, _ = PathwayTemplate.objects.get_or_create(
                slug=raw["slug"],
                defaults={
                    "name": raw["name"],
                    "description": raw.get("description", ""),
                    "order": raw.get("order", position * 10),
                },
            )
            for order, step in enumerate(raw.get("steps", []), start=1):
                if PathwayStep.objects.filter(key=step["key"]).exists():
                    kept += 1
                    continue
                wanted = step.get("when_target_roles", [])
                missing = [slug for slug in wanted if slug not in roles]
                if missing:
                    # Creating it without the role condition would put it in every plan.
                    skipped += 1
                    self.stdout.write(
                        f"  skipped {step['key']}: roles not loaded ({', '.join(missing)})"
                    )
                    continue
                values = {name: step[name] for name in STEP_FIELDS if name in step}
                values.setdefault("order", order * 10)
                values["checklist"] = "\n".join(step.get("checklist", []))
                created_step = PathwayStep.objects.create(
                    template=template, key=step["key"], **values
                )
                created_step.when_target_roles.set([roles[slug] for slug in wanted])
                created += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"load_pathways: {created} steps created, {kept} kept as they are, "
                f"{skipped} skipped"
            )
        )
