"""The seeded eligibility routes: every credential's routes are cited, typed and checkable.

These guard the data in content/data/certifications.yaml and sources.yaml (issue 11): a route
is only as good as its requirement rows, so a route missing its experience or coursework rows
would let the planner call it met on a degree alone.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from content.models import (
    Certification,
    EligibilityRoute,
    PublishStatus,
    RouteRequirement,
    Source,
)
from planner import eligibility

pytestmark = pytest.mark.django_db

# No source read gives these credentials' routes; the planner adds a "confirm your route" step.
NO_ROUTE_IN_ANY_SOURCE = {"bb-ascp", "rpt-amt"}
PUBLISHED_CREDENTIALS = {
    "mlt-ascp",
    "mls-ascp",
    "pbt-ascp",
    "ht-ascp",
    "htl-ascp",
    "ct-ascp",
    "mb-ascp",
    "bb-ascp",
    "sbb-ascp",
    "dlm-ascp",
    "mlt-amt",
    "mls-amt",
    "rpt-amt",
}


def published_routes(slug: str) -> list[EligibilityRoute]:
    return list(EligibilityRoute.objects.published().filter(certification__slug=slug))


def route(slug: str, code: str) -> EligibilityRoute:
    return EligibilityRoute.objects.published().get(certification__slug=slug, code=code)


def items(r: EligibilityRoute) -> list[RouteRequirement]:
    return list(RouteRequirement.objects.published().filter(route=r))


def test_every_published_credential_has_a_route_unless_no_source_gives_one(seeded):
    slugs = set(Certification.objects.published().values_list("slug", flat=True))
    assert slugs == PUBLISHED_CREDENTIALS
    for slug in sorted(slugs):
        routes = published_routes(slug)
        if slug in NO_ROUTE_IN_ANY_SOURCE:
            assert routes == [], f"{slug} has no route in any source: do not invent one"
        else:
            assert routes, f"{slug} has no published route"


def test_every_published_route_has_requirement_rows(seeded):
    # A published route with no rows would be met by anyone.
    for r in EligibilityRoute.objects.published():
        assert items(r), f"{r} has no requirement rows"


def test_every_requirement_row_validates(seeded):
    rows = list(RouteRequirement.objects.all())
    assert len(rows) > 60
    for row in rows:
        row.full_clean()
        assert row.text.strip()
        assert "programme" not in row.text.lower()
        if row.kind == eligibility.RequirementKind.EXPERIENCE and row.months is None:
            assert not row.verified, (
                f"{row.route}: experience length unknown but verified"
            )


def test_every_cited_source_exists_is_published_and_dated_or_labelled(seeded):
    cited = set()
    for model in (EligibilityRoute, RouteRequirement):
        for record in model.objects.prefetch_related("sources"):
            keys = [s.key for s in record.sources.all()]
            assert keys, f"{record} cites no source"
            cited |= set(keys)
    assert "seed" not in cited, "the marketing article is not a source for a route"
    for source in Source.objects.filter(key__in=cited):
        assert source.status == PublishStatus.PUBLISHED, source.key
        assert source.as_of or source.as_of_label, f"{source.key} has no as-of"


def test_discontinued_routes_are_kept_inactive(seeded):
    assert not route("mlt-ascp", "2").is_active
    assert not route("mls-ascp", "3").is_active


def test_placeholder_routes_without_terms_are_not_published(seeded):
    # The mechanical conversion's "3-5" placeholder and an AMT route whose terms no source gives.
    for slug, code in [("mls-ascp", "3-5"), ("mlt-amt", "4")]:
        r = EligibilityRoute.objects.get(certification__slug=slug, code=code)
        assert r.status == PublishStatus.DRAFT


def test_ht_route_2_needs_coursework_and_unconfirmed_experience(seeded):
    rows = items(route("ht-ascp", "2"))
    kinds = {r.kind for r in rows}
    assert kinds == {"degree", "coursework", "experience"}
    coursework = next(r for r in rows if r.kind == "coursework")
    assert coursework.subject == eligibility.BIOLOGY_CHEMISTRY
    assert coursework.semester_hours == 12
    experience = next(r for r in rows if r.kind == "experience")
    assert experience.months is None
    assert not experience.verified
    assert experience.disciplines == ["histology"]


def test_ht_route_2_is_not_met_by_a_degree_alone(seeded):
    specs = [r.as_spec() for r in items(route("ht-ascp", "2"))]
    degree_only = eligibility.Background(
        education_level="associate", degree_field="non_science"
    )
    assert not eligibility.evaluate(specs, degree_only, year=2026).met
    with_courses = eligibility.Background(
        education_level="associate",
        degree_field="non_science",
        coursework={"biology": Decimal(8), "chemistry": Decimal(4)},
    )
    # The histopathology experience has no confirmed length: without any, it is a gap no
    # plan can date; with some, the route is met with a note to confirm the length.
    result = eligibility.evaluate(specs, with_courses, year=2026)
    assert not result.met
    assert any("not confirmed" in text for text in result.missing_texts)
    with_bench_time = eligibility.Background(
        education_level="associate",
        degree_field="non_science",
        coursework={"biology": Decimal(8), "chemistry": Decimal(4)},
        experience={"histology": 10},
    )
    result = eligibility.evaluate(specs, with_bench_time, year=2026)
    assert result.met
    assert any("length was not confirmed" in note for note in result.to_confirm)


def test_mb_route_1_needs_a_listed_credential_and_a_bachelors(seeded):
    rows = items(route("mb-ascp", "1"))
    credential = next(r for r in rows if r.kind == "credential")
    assert {"mls-ascp", "mt-ascp", "htl-ascp", "sbb-ascp", "sv-ascp"} <= set(
        credential.credentials
    )
    assert len(credential.credentials) == 17
    assert any(r.kind == "degree" and r.degree_level == "bachelor" for r in rows)
    specs = [r.as_spec() for r in rows]
    bachelor = eligibility.Background(education_level="bachelor")
    assert not eligibility.evaluate(specs, bachelor, year=2026).met
    certified = bachelor.with_credentials(["mls-ascp"])
    assert eligibility.evaluate(specs, certified, year=2026).met


def test_mls_route_2_counts_credential_courses_and_experience(seeded):
    r = route("mls-ascp", "2")
    rows = items(r)
    assert [x.kind for x in rows] == [
        "credential",
        "degree",
        "coursework",
        "coursework",
        "experience",
    ]
    # The program substitution helps rather than requires: it is in the route's own text.
    assert "replace one year" in r.requirements
    experience = next(x for x in rows if x.kind == "experience")
    assert experience.months == 24
    assert experience.within_years is None  # recency not confirmed
    assert set(experience.disciplines) == {
        "blood_bank",
        "chemistry",
        "hematology",
        "microbiology",
        "immunology",
        "urinalysis",
    }
    specs = [x.as_spec() for x in rows]
    mlt = eligibility.Background(
        education_level="bachelor",
        credentials_held=frozenset({"mlt-ascp"}),
        coursework={"biology": Decimal(16), "chemistry": Decimal(16)},
        experience={"chemistry": 12, "hematology": 6},
    )
    result = eligibility.evaluate(specs, mlt, year=2026)
    assert not result.met
    assert [g.months for g in result.gaps("experience")] == [6]


def test_amt_mlt_route_2_is_unverified_and_says_what_was_not_captured(seeded):
    r = route("mlt-amt", "2")
    assert not r.verified
    rows = items(r)
    assert any(x.kind == "other" for x in rows)
    assert not any(x.verified for x in rows)


def test_unconfirmed_routes_are_marked_unverified(seeded):
    unconfirmed = {
        ("mls-ascp", "4"),
        ("mls-ascp", "5"),
        ("pbt-ascp", "general"),
        ("sbb-ascp", "7"),
        ("dlm-ascp", "general"),
        ("mlt-amt", "1"),
        ("mlt-amt", "3"),
    }
    for slug, code in unconfirmed:
        assert not route(slug, code).verified, (slug, code)
    pbt = items(route("pbt-ascp", "general"))
    assert {x.kind for x in pbt} == {"other"}


def test_added_routes_are_present(seeded):
    assert {r.code for r in published_routes("sbb-ascp")} == {
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
    }
    assert {r.code for r in published_routes("mb-ascp")} == {"1", "2", "3", "4"}
    assert "3" in {r.code for r in published_routes("htl-ascp")}
    ct = published_routes("ct-ascp")
    assert any(
        x.kind == "program" and x.program_kind == "cytotechnology"
        for r in ct
        for x in items(r)
    )


def test_exam_fees_keep_their_as_of(seeded):
    for cert in Certification.objects.published().exclude(exam_fee_usd=None):
        assert cert.exam_fee_as_of, f"{cert.slug} shows a fee without its as-of"
