"""A planning context that mirrors the seeded content (content/data), for tests and benchmarks.

Facts are the cited dataset's (ASCP/AMT routes, CMP/CCP renewal, California's $230 fee); the
database is the source of truth at run time (`planner.services.load_context`).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from planner.data.templates import template_steps_from_yaml
from planner.planning import (
    CertificationInfo,
    LicenseStepInfo,
    PlanningContext,
    RoleInfo,
    RouteInfo,
    StateInfo,
    TemplateStep,
)

MLT = "medical-laboratory-technician"
MLS = "medical-laboratory-scientist"
ASCP = "ASCP Board of Certification"
AMT = "American Medical Technologists"
CMP_SAFETY = "Laboratory or patient safety is a required CMP category (1 point)."

ROLES = {
    MLT: RoleInfo(MLT, "Medical Laboratory Technician", "MLT"),
    MLS: RoleInfo(MLS, "Medical Laboratory Scientist", "MLS"),
    "phlebotomy-technician": RoleInfo(
        "phlebotomy-technician", "Phlebotomy Technician", "Phlebotomist"
    ),
    "histotechnician": RoleInfo("histotechnician", "Histotechnician", "HT"),
    "lead-technologist": RoleInfo(
        "lead-technologist", "Lead Technologist", "Lead tech"
    ),
}

CERTIFICATIONS = [
    CertificationInfo(
        slug="mlt-ascp",
        name="Medical Laboratory Technician",
        abbreviation="MLT(ASCP)",
        body="ascp",
        body_name=ASCP,
        role=MLT,
        exam_fee_usd=Decimal(215),
        exam_fee_as_of="date not shown on the cited page",
        renewal_program="Credential Maintenance Program (CMP)",
        renewal_cycle_years=3,
        renewal_points=36,
        renewal_required_categories=CMP_SAFETY,
        url="/certifications/mlt-ascp/",
        routes=(
            RouteInfo(
                "1",
                1,
                "Associate degree or 60 semester hours and a NAACLS- or ABHES-accredited MLT "
                "program within the last 5 years.",
                min_education="associate",
                program="mlt",
                accreditors="NAACLS or ABHES",
                recency_years=5,
            ),
            RouteInfo(
                "2", 2, "Discontinued CLA(ASCP) route.", "associate", is_active=False
            ),
            RouteInfo(
                "3",
                3,
                "Associate degree plus a 50-week military laboratory course.",
                "associate",
                program="military",
                recency_years=10,
            ),
            RouteInfo(
                "4",
                4,
                "Associate degree plus three years of full-time clinical experience.",
                "associate",
                experience_months=36,
                recency_years=10,
            ),
        ),
    ),
    CertificationInfo(
        slug="mlt-amt",
        name="Medical Laboratory Technician",
        abbreviation="MLT(AMT)",
        body="amt",
        body_name=AMT,
        role=MLT,
        exam_fee_usd=Decimal(220),
        renewal_program="Certification Continuation Program (CCP)",
        renewal_cycle_years=3,
        renewal_points=45,
        url="/certifications/mlt-amt/",
        routes=(
            RouteInfo(
                "1",
                1,
                "Associate degree in MLT from an accredited programme with clinical rotations.",
                "associate",
                program="mlt",
                accreditors="NAACLS or another recognised agency",
                recency_years=5,
            ),
            RouteInfo(
                "2",
                2,
                "60 semester hours within 5 years plus lab experience.",
                "associate",
                recency_years=5,
            ),
            RouteInfo("4", 4, "Not captured.", "none", verified=False),
        ),
    ),
    CertificationInfo(
        slug="mls-ascp",
        name="Medical Laboratory Scientist",
        abbreviation="MLS(ASCP)",
        body="ascp",
        body_name=ASCP,
        role=MLS,
        exam_fee_usd=Decimal(250),
        exam_fee_as_of="sample",
        renewal_program="Credential Maintenance Program (CMP)",
        renewal_cycle_years=3,
        renewal_points=36,
        renewal_required_categories=CMP_SAFETY,
        routes=(
            RouteInfo(
                "1",
                1,
                "Bachelor's degree plus a NAACLS-accredited MLS program within 5 years.",
                "bachelor",
                program="mls",
                accreditors="NAACLS",
                recency_years=5,
            ),
            RouteInfo(
                "2",
                2,
                "MLT(ASCP), a bachelor's degree with 16 hours biology and 16 chemistry, and "
                "about two years of clinical experience.",
                "bachelor",
                experience_months=24,
                prerequisite_certification="mlt-ascp",
            ),
            RouteInfo("3-5", 3, "Not confirmed.", "bachelor", verified=False),
        ),
    ),
    CertificationInfo(
        slug="bb-ascp",
        name="Technologist in Blood Banking",
        abbreviation="BB(ASCP)",
        body="ascp",
        body_name=ASCP,
        role=MLS,
    ),
    CertificationInfo(
        slug="pbt-ascp",
        name="Phlebotomy Technician",
        abbreviation="PBT(ASCP)",
        body="ascp",
        body_name=ASCP,
        role="phlebotomy-technician",
        routes=(RouteInfo("general", 1, "Not captured.", verified=False),),
    ),
    CertificationInfo(
        slug="ht-ascp",
        name="Histotechnician",
        abbreviation="HT(ASCP)",
        body="ascp",
        body_name=ASCP,
        role="histotechnician",
        routes=(
            RouteInfo(
                "1",
                1,
                "NAACLS histotechnician programme within 5 years.",
                program="histotechnician",
                accreditors="NAACLS",
                recency_years=5,
            ),
        ),
    ),
]

STATES = {
    "CA": StateInfo(
        code="CA",
        name="California",
        requires_license=True,
        board_name="California Department of Public Health, Laboratory Field Services",
        board_url="https://www.cdph.ca.gov/Programs/OSPHLD/LFS/Pages/MLT.aspx",
        application_fee_usd=Decimal(230),
        fee_as_of="CDPH application page (date not shown)",
        processing_note="Allow at least 10 weeks for processing.",
        url="/licensure/CA/",
        steps=(
            LicenseStepInfo(1, "education", "Meet the education requirements"),
            LicenseStepInfo(2, "certification", "Pass a national certification exam"),
            LicenseStepInfo(
                3, "application", "Apply to the California Department of Public Health"
            ),
            LicenseStepInfo(4, "background_check", "Complete any background check"),
        ),
    ),
    "NY": StateInfo(
        "NY", "New York", True, board_name="NYSED Office of the Professions"
    ),
    "TX": StateInfo("TX", "Texas", False),
    "GA": StateInfo("GA", "Georgia", False),
}


@cache
def _template_steps() -> tuple[TemplateStep, ...]:
    return tuple(template_steps_from_yaml())


def sample_context(state: str | None = None) -> PlanningContext:
    return PlanningContext(
        roles=dict(ROLES),
        certifications=list(CERTIFICATIONS),
        template_steps=list(_template_steps()),
        state=STATES[state] if state else None,
    )
