from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.core.management import call_command

from content import models as content
from planner import models
from planner.planning import MilestoneKind
from tests.accounts.factories import UserFactory
from tests.content.factories import (
    CertificationFactory,
    CertifyingBodyFactory,
    EligibilityRouteFactory,
    LicenseStepFactory,
    RoleFactory,
    StateLicensureFactory,
)

TODAY = dt.date(2026, 11, 25)
MLT = "medical-laboratory-technician"
MLS = "medical-laboratory-scientist"
CMP_SAFETY = "Laboratory or patient safety is a required CMP category (1 point)."


def seed_planner_content() -> dict[str, Any]:
    """The slice of the cited content the planning rules use, plus the seeded templates."""
    ascp = CertifyingBodyFactory(slug="ascp", name="ASCP Board of Certification")
    amt = CertifyingBodyFactory(slug="amt", name="American Medical Technologists")
    mlt = RoleFactory(
        slug=MLT, title="Medical Laboratory Technician", short_title="MLT"
    )
    mls = RoleFactory(slug=MLS, title="Medical Laboratory Scientist", short_title="MLS")
    for slug in (
        "phlebotomy-technician",
        "histotechnician",
        "cytotechnologist",
        "molecular-technologist",
        "lead-technologist",
        "laboratory-supervisor",
        "laboratory-manager",
    ):
        RoleFactory(slug=slug, title=slug.replace("-", " ").title())
    mlt_ascp = CertificationFactory(
        slug="mlt-ascp",
        abbreviation="MLT(ASCP)",
        body=ascp,
        role=mlt,
        exam_fee_usd=Decimal(215),
        exam_fee_as_of="date not shown on the cited page",
        renewal_program="Credential Maintenance Program (CMP)",
        renewal_cycle_years=3,
        renewal_points=36,
        renewal_required_categories=CMP_SAFETY,
    )
    EligibilityRouteFactory(certification=mlt_ascp, code="1", order=1)
    EligibilityRouteFactory(
        certification=mlt_ascp,
        code="2",
        order=2,
        is_active=False,
        program="",
        requirements="Discontinued CLA(ASCP) route.",
    )
    EligibilityRouteFactory(
        certification=mlt_ascp,
        code="4",
        order=4,
        program="",
        accreditors="",
        experience_months=36,
        recency_years=10,
        requirements="Associate degree plus three years of full-time clinical experience.",
    )
    mlt_amt = CertificationFactory(
        slug="mlt-amt",
        abbreviation="MLT(AMT)",
        body=amt,
        role=mlt,
        exam_fee_usd=Decimal(220),
        exam_fee_as_of="",
        renewal_program="Certification Continuation Program (CCP)",
        renewal_cycle_years=3,
        renewal_points=45,
        renewal_required_categories="",
    )
    EligibilityRouteFactory(certification=mlt_amt, code="1", order=1)
    mls_ascp = CertificationFactory(
        slug="mls-ascp",
        abbreviation="MLS(ASCP)",
        body=ascp,
        role=mls,
        exam_fee_usd=None,
        exam_fee_as_of="",
        renewal_program="Credential Maintenance Program (CMP)",
        renewal_cycle_years=3,
        renewal_points=36,
        renewal_required_categories=CMP_SAFETY,
    )
    EligibilityRouteFactory(
        certification=mls_ascp,
        code="1",
        order=1,
        min_education="bachelor",
        program="mls",
        accreditors="NAACLS",
        requirements="Bachelor's degree plus a NAACLS-accredited MLS program within 5 years.",
    )
    EligibilityRouteFactory(
        certification=mls_ascp,
        code="2",
        order=2,
        min_education="bachelor",
        program="",
        accreditors="",
        experience_months=24,
        recency_years=None,
        prerequisite_certification=mlt_ascp,
        requirements="MLT(ASCP), a bachelor's degree and about two years of experience.",
    )
    ca = StateLicensureFactory(
        code="CA",
        name="California",
        requires_license=True,
        board_name="California Department of Public Health, Laboratory Field Services",
        board_url="https://www.cdph.ca.gov/Programs/OSPHLD/LFS/Pages/MLT.aspx",
        application_fee_usd=Decimal(230),
        fee_as_of="CDPH application page (date not shown)",
        processing_note="Allow at least 10 weeks for processing.",
    )
    for order, (kind, title) in enumerate(
        [
            ("education", "Meet the education requirements"),
            ("certification", "Pass a national certification exam"),
            ("application", "Apply to Laboratory Field Services"),
            ("background_check", "Complete any background check"),
        ],
        start=1,
    ):
        LicenseStepFactory(state=ca, order=order, kind=kind, title=title)
    tx = StateLicensureFactory(code="TX", name="Texas", requires_license=False)
    call_command("load_pathways", stdout=_Null())
    return {
        "mlt": mlt,
        "mls": mls,
        "mlt_ascp": mlt_ascp,
        "mlt_amt": mlt_amt,
        "mls_ascp": mls_ascp,
        "ca": ca,
        "tx": tx,
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
                models.ChecklistItem.objects.create(
                    milestone=self, order=i, text=f"Item {i}"
                )


class PathwayTemplateFactory(factory.django.DjangoModelFactory[models.PathwayTemplate]):
    class Meta:
        model = models.PathwayTemplate

    slug = factory.Sequence(lambda n: f"template-{n}")
    name = factory.Sequence(lambda n: f"Template {n}")


__all__ = [
    "MilestoneFactory",
    "PathwayTemplateFactory",
    "PlanFactory",
    "content",
    "seed_planner_content",
]
