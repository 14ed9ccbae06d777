from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from content import models

TODAY = dt.date(2026, 11, 25)


class SourceFactory(factory.django.DjangoModelFactory[models.Source]):
    class Meta:
        model = models.Source
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source document {n}")
    publisher = "U.S. Bureau of Labor Statistics"
    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    as_of = dt.date(2024, 5, 1)
    as_of_label = "May 2024"
    status = models.PublishStatus.PUBLISHED
    last_reviewed = TODAY


class CitedFactory[M](factory.django.DjangoModelFactory[M]):
    """Published, reviewed today, citing one source (pass `sources=[]` for none)."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    status = models.PublishStatus.PUBLISHED
    last_reviewed = TODAY

    @factory.post_generation
    def sources(
        self, create: bool, extracted: list[models.Source] | None, **kwargs: object
    ) -> None:
        if not create:
            return
        self.sources.set(extracted if extracted is not None else [SourceFactory()])


class WorkSettingFactory(CitedFactory[models.WorkSetting]):
    class Meta:
        model = models.WorkSetting

    slug = factory.Sequence(lambda n: f"setting-{n}")
    name = factory.Sequence(lambda n: f"Work setting {n}")


class SkillFactory(CitedFactory[models.Skill]):
    class Meta:
        model = models.Skill

    slug = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.Sequence(lambda n: f"Skill {n}")


class RoleFactory(CitedFactory[models.Role]):
    class Meta:
        model = models.Role
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"role-{n}")
    title = factory.Sequence(lambda n: f"Laboratory role {n}")
    short_title = ""
    summary = "Runs laboratory tests on patient specimens."
    duties = "Process specimens\nRun quality control"
    typical_education = "Associate degree"
    career_level = 2


class AccreditingBodyFactory(CitedFactory[models.AccreditingBody]):
    class Meta:
        model = models.AccreditingBody
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"accreditor-{n}")
    name = factory.Sequence(lambda n: f"Accrediting body {n}")
    url = "https://example.org/accreditor"


class EducationPathwayFactory(CitedFactory[models.EducationPathway]):
    class Meta:
        model = models.EducationPathway

    slug = factory.Sequence(lambda n: f"pathway-{n}")
    name = factory.Sequence(lambda n: f"Education pathway {n}")
    kind = models.EducationPathway.Kind.ASSOCIATE


class CourseworkFactory(CitedFactory[models.Coursework]):
    class Meta:
        model = models.Coursework

    slug = factory.Sequence(lambda n: f"course-{n}")
    name = factory.Sequence(lambda n: f"Course {n}")


class ClinicalRotationFactory(CitedFactory[models.ClinicalRotation]):
    class Meta:
        model = models.ClinicalRotation

    slug = factory.Sequence(lambda n: f"rotation-{n}")
    name = factory.Sequence(lambda n: f"Rotation {n}")


class CertifyingBodyFactory(CitedFactory[models.CertifyingBody]):
    class Meta:
        model = models.CertifyingBody
        django_get_or_create = ("slug",)

    slug = "ascp"
    name = "ASCP Board of Certification"
    short_name = "ASCP"
    url = "https://www.ascp.org/boc"


class CertificationFactory(CitedFactory[models.Certification]):
    class Meta:
        model = models.Certification
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"cert-{n}")
    name = factory.Sequence(lambda n: f"Certification {n}")
    abbreviation = factory.Sequence(lambda n: f"C{n}(ASCP)")
    body = factory.SubFactory(CertifyingBodyFactory)
    role = factory.SubFactory(RoleFactory)
    exam_fee_usd = Decimal("215.00")
    exam_fee_as_of = "2026"
    renewal_program = "Credential Maintenance Program"
    renewal_cycle_years = 3
    renewal_points = 36


class EligibilityRouteFactory(CitedFactory[models.EligibilityRoute]):
    class Meta:
        model = models.EligibilityRoute

    certification = factory.SubFactory(CertificationFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    order = factory.Sequence(lambda n: n)
    requirements = "Associate degree and an accredited MLT program within 5 years."


class RouteRequirementFactory(CitedFactory[models.RouteRequirement]):
    class Meta:
        model = models.RouteRequirement

    route = factory.SubFactory(EligibilityRouteFactory)
    order = factory.Sequence(lambda n: n)
    kind = "program"
    text = "An accredited MLT program (NAACLS or ABHES), finished within 5 years"
    program_kind = "mlt"
    accreditors = "NAACLS or ABHES"
    within_years = 5


class StateLicensureFactory(CitedFactory[models.StateLicensure]):
    class Meta:
        model = models.StateLicensure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{chr(65 + (n // 26) % 26)}{chr(65 + n % 26)}")
    name = factory.Sequence(lambda n: f"State {n}")
    requires_license = True
    board_name = "State Board of Clinical Laboratory Personnel"
    board_url = "https://example.org/board"
    mlt_license_available = "yes"


class LicenseStepFactory(CitedFactory[models.LicenseStep]):
    class Meta:
        model = models.LicenseStep

    state = factory.SubFactory(StateLicensureFactory)
    order = factory.Sequence(lambda n: n)
    kind = models.LicenseStep.Kind.APPLICATION
    title = "Apply to the board"
    description = "Send the application form and fee."


class LicenseCategoryFactory(CitedFactory[models.LicenseCategory]):
    """A confirmed license for one new role (pass `roles=[...]` to choose them)."""

    class Meta:
        model = models.LicenseCategory

    state = factory.SubFactory(StateLicensureFactory)
    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Laboratory license {n}")
    kind = models.LicenseCategory.Kind.LICENSE
    summary = "The license this state issues for the role."
    steps = "Apply to the board\nRenew every two years"
    fee_usd = Decimal("100.00")
    fee_as_of = "2025-01-01"
    renewal_cycle_years = 2

    @factory.post_generation
    def roles(
        self, create: bool, extracted: list[models.Role] | None, **kwargs: object
    ) -> None:
        if create:
            self.roles.set(extracted if extracted is not None else [RoleFactory()])


class LicenseRequirementFactory(CitedFactory[models.LicenseRequirement]):
    class Meta:
        model = models.LicenseRequirement

    category = factory.SubFactory(LicenseCategoryFactory)
    order = factory.Sequence(lambda n: n)
    kind = "degree"
    text = "Associate degree or 60 semester hours"
    degree_level = "associate"


class OutlookFigureFactory(CitedFactory[models.OutlookFigure]):
    class Meta:
        model = models.OutlookFigure

    slug = factory.Sequence(lambda n: f"figure-{n}")
    figure = factory.Sequence(lambda n: f"Median annual wage {n}")
    value = Decimal("60780")
    unit = "USD per year"
    as_of = "May 2023"
    as_of_date = dt.date(2023, 5, 1)


class FAQFactory(CitedFactory[models.FAQ]):
    class Meta:
        model = models.FAQ

    slug = factory.Sequence(lambda n: f"faq-{n}")
    question = factory.Sequence(lambda n: f"Question number {n}?")
    answer = "An answer with a cited fact."


class GuideFactory(CitedFactory[models.Guide]):
    class Meta:
        model = models.Guide

    slug = factory.Sequence(lambda n: f"guide-{n}")
    title = factory.Sequence(lambda n: f"Guide {n}")
    summary = "A short guide."
    body = "## Heading\n\nSome **markdown** text."
