"""`manage.py load_pathways`: seed the pathway templates from planner/data/pathways.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from content.models import Role
from planner.models import PathwayStep, PathwayTemplate

DATA = Path(__file__).resolve().parents[2] / "data" / "pathways.yaml"
# The Spanish wording, keyed by template slug and step key: {"templates": {slug: {"name",
# "description", "steps": {key: {"phase", "title", "guidance", "checklist"}}}}}.
SPANISH = DATA.parent / "es" / DATA.name
SPANISH_STEP_FIELDS = ("phase", "title", "guidance", "checklist")
SPANISH_TEMPLATE_FIELDS = ("name", "description")


def read_spanish(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return dict(data.get("templates") or {})


def spanish_values(raw: dict[str, Any], fields: tuple[str, ...]) -> dict[str, str]:
    """`<field>_es` values from a Spanish entry (a checklist list becomes one line each)."""
    return {
        f"{name}_es": "\n".join(raw[name]) if isinstance(raw[name], list) else raw[name]
        for name in fields
        if raw.get(name)
    }


def fill_spanish(record: Any, values: dict[str, str], fields: tuple[str, ...]) -> bool:
    """Write the seeded Spanish into a record that has no Spanish yet (an editor's Spanish,
    even partial, is kept as it is). Returns whether it wrote."""
    if not values or any(getattr(record, f"{name}_es") for name in fields):
        return False
    for name, value in values.items():
        setattr(record, name, value)
    record.save(update_fields=[*values, "updated_at"])
    return True


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
        "then this again). Spanish wording from planner/data/es/pathways.yaml is written into "
        "steps and templates that have no Spanish yet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", default=str(DATA), help="YAML file to load.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            spanish = read_spanish(path.parent / "es" / path.name)
        except (OSError, yaml.YAMLError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        # The English data fills the `_en` fields whatever language the caller has active.
        with translation.override("en"):
            self._load(data, spanish)

    def _load(self, data: dict[str, Any], spanish: dict[str, Any]) -> None:
        roles = {r.slug: r for r in Role.objects.all()}
        created = kept = skipped = translated = 0
        for position, raw in enumerate(data.get("templates", []), start=1):
            raw_es = spanish.get(raw["slug"]) or {}
            template, new = PathwayTemplate.objects.get_or_create(
                slug=raw["slug"],
                defaults={
                    "name": raw["name"],
                    "description": raw.get("description", ""),
                    "order": raw.get("order", position * 10),
                    **spanish_values(raw_es, SPANISH_TEMPLATE_FIELDS),
                },
            )
            if not new:
                fill_spanish(
                    template,
                    spanish_values(raw_es, SPANISH_TEMPLATE_FIELDS),
                    SPANISH_TEMPLATE_FIELDS,
                )
            steps_es = raw_es.get("steps") or {}
            for order, step in enumerate(raw.get("steps", []), start=1):
                step_es = spanish_values(
                    steps_es.get(step["key"]) or {}, SPANISH_STEP_FIELDS
                )
                existing = PathwayStep.objects.filter(key=step["key"]).first()
                if existing is not None:
                    kept += 1
                    translated += fill_spanish(existing, step_es, SPANISH_STEP_FIELDS)
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
                    template=template, key=step["key"], **values, **step_es
                )
                created_step.when_target_roles.set([roles[slug] for slug in wanted])
                created += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"load_pathways: {created} steps created, {kept} kept as they are, "
                f"{skipped} skipped, {translated} given their Spanish"
            )
        )
