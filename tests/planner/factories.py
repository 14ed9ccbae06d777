from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.core.management import call_command

from content import models as content
from planner import models
from planner.planning import CostItem, MilestoneKind, MilestoneStatus, PlanAnswers
from tests.accounts.factories import UserFactory
from tests.content.factories import RoleFactory

TODAY = dt.date(2026, 11, 25)
MLT = "medical-laboratory-technician"
MLS = "medical-laboratory-scientist"
CMP_SAFETY = "Laboratory or patient safety is a required CMP category (1 point)."
CA_ANSWERS: dict[str, Any] = {
    "target_role": MLT,
    "education_level": "high_school",
    "state": "CA",
    "certifying_body": "ascp",
}


def cost_item(
    kind: str,
    cost: str | None,
    as_of: str = "",
    *,
    title: str | None = None,
    status: str = MilestoneStatus.NOT_STARTED,
    check_with: str = "",
    check_url: str = "",
    renewal: bool = False,
) -> CostItem:
    """A plan step as the cost breakdown sees it: `cost` in dollars (None: no figure), not
    started and titled after its kind unless told otherwise."""
    return CostItem(
        kind=kind,
        title=kind if title is None else title,
        cost_usd=Decimal(cost) if cost else None,
        cost_as_of=as_of,
        status=status,
        check_with=check_with,
        check_url=check_url,
        renewal=renewal,
    )


def ca_answers(**changes: object) -> PlanAnswers:
    """The answers of a school leaver heading for MLT(ASCP) in California, with `changes`."""
    return PlanAnswers(**{**CA_ANSWERS, **changes})


def seed_planner_content() -> dict[str, Any]:
    """The content the product seeds (content/data and planner/data), and the records tests use.

    Plans in tests are built from exactly what `load_content` and `load_pathways` write, never
    from a second hand-typed copy. Inside tests/planner the seed is loaded once per package
    (tests/planner/conftest.py); a transactional test that flushed it loads it again here.
    """
    if (
        not content.Role.objects.filter(slug=MLT).exists()
        or not models.PathwayStep.objects.exists()
    ):
        call_command("load_content", verbosity=0)
        call_command("load_pathways", verbosity=0)
    return {
        "mlt": content.Role.objects.get(slug=MLT),
        "mls": content.Role.objects.get(slug=MLS),
        "mlt_ascp": content.Certification.objects.get(slug="mlt-ascp"),
        "mlt_amt": content.Certification.objects.get(slug="mlt-amt"),
        "mls_ascp": content.Certification.objects.get(slug="mls-ascp"),
        "ca": content.StateLicensure.objects.get(code="CA"),
        "tx": content.StateLicensure.objects.get(code="TX"),
    }


class _Null:
    def write(self, *args: object) -> None:
        pass

    def flush(self) -> None:
        pass


class PlanFactory(factory.django.DjangoModelFactory[models.Plan]):
    """A bare plan (no milestones unless `milestones=N`); use services.create_plan for real ones."""

    class Meta:
        model = models.Plan
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    target_role = factory.SubFactory(RoleFactory)
    education_level = "high_school"
    study_pace = "full_time"
    start_date = TODAY

    @factory.post_generation
    def milestones(self, create: bool, extracted: int | None, **kwargs: object) -> None:
        if create and extracted:
            MilestoneFactory.create_batch(extracted, plan=self)


class MilestoneFactory(factory.django.DjangoModelFactory[models.Milestone]):
    class Meta:
        model = models.Milestone
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    key = factory.Sequence(lambda n: f"step-{n}")
    kind = MilestoneKind.EDUCATION
    title = factory.Sequence(lambda n: f"Milestone {n}")
    order = factory.Sequence(lambda n: n)
    start_date = TODAY
    due_date = factory.LazyAttribute(lambda m: m.start_date + dt.timedelta(days=30))

    @factory.post_generation
    def checklist(self, create: bool, extracted: int | None, **kwargs: object) -> None:
        if create:
            for i in range(extracted if extracted is not None else 2):
                # post_generation calls this with the Milestone it made as `self`.
                models.ChecklistItem.objects.create(  # type: ignore[misc]
                    milestone=self, order=i, text=f"Item {i}"
                )


class PathwayTemplateFactory(factory.django.DjangoModelFactory[models.PathwayTemplate]):
    class Meta:
        model = models.PathwayTemplate

    slug = factory.Sequence(lambda n: f"template-{n}")
    name = factory.Sequence(lambda n: f"Template {n}")


def opted_in_plan(user: Any, **user_fields: object) -> models.Plan:
    """A plan of `user`, who opted in to email reminders, with one step due in three days."""
    user.email_reminders = True
    for name, value in user_fields.items():
        setattr(user, name, value)
    user.save()
    plan = PlanFactory(owner=user)
    MilestoneFactory(
        plan=plan, title="Finish chemistry", due_date=TODAY + dt.timedelta(days=3)
    )
    return plan


__all__ = [
    "MilestoneFactory",
    "PathwayTemplateFactory",
    "PlanFactory",
    "content",
    "opted_in_plan",
    "seed_planner_content",
]
