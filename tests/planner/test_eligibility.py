"""The one eligibility rule: a background against typed requirements (pure, no database)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.eligibility import (
    Background,
    CompletedProgram,
    Discipline,
    Requirement,
    RequirementKind,
    evaluate,
    validate_background,
)

YEAR = 2026
ASSOCIATE = Requirement(RequirementKind.DEGREE, "Associate degree", level="associate")
BACHELOR = Requirement(RequirementKind.DEGREE, "Bachelor's degree", level="bachelor")
MLT_PROGRAM = Requirement(
    RequirementKind.PROGRAM, "MLT program", program="mlt", within_years=5
)
BIOLOGY_16 = Requirement(
    RequirementKind.COURSEWORK, "16 h biology", subject="biology", hours=Decimal(16)
)
TWO_YEARS = Requirement(
    RequirementKind.EXPERIENCE,
    "24 months",
    months=24,
    disciplines=frozenset({"chemistry", "hematology", "blood_bank"}),
)
MLT_ASCP = Requirement(
    RequirementKind.CREDENTIAL, "MLT(ASCP)", credentials=frozenset({"mlt-ascp"})
)


def test_a_non_laboratory_degree_does_not_meet_a_route_that_names_the_lab_field() -> (
    None
):
    mlt_degree = Requirement(
        RequirementKind.DEGREE,
        "Associate degree in MLT",
        level="associate",
        fields=frozenset({"medical_laboratory_technology"}),
    )

    non_lab = evaluate([mlt_degree], Background("associate"), year=YEAR)
    lab = evaluate([mlt_degree], Background("associate_mlt"), year=YEAR)
    mls_graduate = evaluate([mlt_degree], Background("bachelor_mls"), year=YEAR)

    assert not non_lab.met
    assert non_lab.missing_texts == ["Associate degree in MLT"]
    assert lab.met
    assert (
        mls_graduate.met
    )  # a laboratory-science bachelor's covers the technician field


def test_a_science_route_asks_to_confirm_an_unnamed_non_lab_field_and_rejects_non_science() -> (
    None
):
    science = Requirement(
        RequirementKind.DEGREE,
        "Bachelor's in a science",
        level="bachelor",
        fields=frozenset({"science"}),
    )

    unnamed = evaluate([science], Background("bachelor"), year=YEAR)
    biology = evaluate(
        [science], Background("bachelor", degree_field="biology"), year=YEAR
    )
    arts = evaluate(
        [science], Background("bachelor", degree_field="non_science"), year=YEAR
    )

    assert unnamed.met
    assert unnamed.to_confirm
    assert biology.met
    assert not biology.to_confirm
    assert not arts.met


def test_degree_levels_rank_and_some_college_is_below_an_associate() -> None:
    assert not evaluate([ASSOCIATE], Background("some_college"), year=YEAR).met
    assert evaluate([ASSOCIATE], Background("bachelor"), year=YEAR).met
    assert not evaluate([BACHELOR], Background("associate_mlt"), year=YEAR).met


def test_programme_recency_counts_the_year_it_was_finished() -> None:
    recent = Background(
        "associate", programs_completed=(CompletedProgram("mlt", 2023),)
    )
    old = Background("associate", programs_completed=(CompletedProgram("mlt", 2015),))
    implied = Background(
        "associate_mlt"
    )  # the degree implies the programme, year unknown

    assert evaluate([MLT_PROGRAM], recent, year=YEAR).met
    stale = evaluate([MLT_PROGRAM], old, year=YEAR)
    assert not stale.met
    assert "2015" in stale.missing_texts[0]
    unknown = evaluate([MLT_PROGRAM], implied, year=YEAR)
    assert unknown.met
    assert any("5 years" in note for note in unknown.to_confirm)


def test_an_answered_programme_year_wins_over_the_one_the_degree_implies() -> None:
    background = Background(
        "associate_mlt", programs_completed=(CompletedProgram("mlt", 2012),)
    )

    assert not evaluate([MLT_PROGRAM], background, year=YEAR).met


def test_coursework_hours_report_how_many_are_still_missing() -> None:
    result = evaluate(
        [BIOLOGY_16],
        Background("bachelor", coursework={"biology": Decimal(10)}),
        year=YEAR,
    )

    assert not result.met
    assert result.missing[0].hours == Decimal(6)
    assert "6 more" in result.missing_texts[0]


def test_combined_biology_and_chemistry_needs_some_of_each() -> None:
    combined = Requirement(
        RequirementKind.COURSEWORK,
        "12 h combined",
        subject="biology_chemistry",
        hours=Decimal(12),
    )

    only_biology = Background("associate", coursework={"biology": Decimal(20)})
    both = Background(
        "associate", coursework={"biology": Decimal(8), "chemistry": Decimal(4)}
    )

    assert not evaluate([combined], only_biology, year=YEAR).met
    assert evaluate([combined], both, year=YEAR).met


def test_experience_is_summed_over_the_listed_disciplines_only() -> None:
    background = Background(
        "associate_mlt",
        experience={"chemistry": 10, "hematology": 10, "histology": 30},
    )

    result = evaluate([TWO_YEARS], background, year=YEAR)

    assert not result.met
    assert result.missing[0].months == 4


def test_experience_of_unconfirmed_length_is_a_gap_until_the_person_has_some() -> None:
    unknown_length = Requirement(
        RequirementKind.EXPERIENCE,
        "Histopathology experience",
        disciplines=frozenset({"histology"}),
        verified=False,
    )

    none = evaluate([unknown_length], Background("associate"), year=YEAR)
    some = evaluate(
        [unknown_length],
        Background("associate", experience={"histology": 8}),
        year=YEAR,
    )

    assert not none.met
    assert some.met
    assert some.to_confirm


def test_credentials_are_any_of_and_other_text_is_always_to_confirm() -> None:
    other = Requirement(RequirementKind.OTHER, "Three years as a blood bank educator")

    without = evaluate([MLT_ASCP, other], Background("bachelor"), year=YEAR)
    holding = evaluate(
        [MLT_ASCP, other],
        Background("bachelor", credentials_held=frozenset({"mlt-ascp"})),
        year=YEAR,
    )

    assert without.missing_texts == ["MLT(ASCP)"]
    assert holding.met
    assert holding.to_confirm == ("Three years as a blood bank educator",)


def test_an_unverified_requirement_that_is_met_is_still_listed_to_confirm() -> None:
    unverified = Requirement(
        RequirementKind.DEGREE, "Bachelor's degree", level="bachelor", verified=False
    )

    result = evaluate([unverified], Background("bachelor_mls"), year=YEAR)

    assert result.met
    assert result.to_confirm == ("Bachelor's degree (not confirmed from a source)",)


def test_alternatives_are_met_by_any_one_option_in_full() -> None:
    degree_route = [
        Requirement(RequirementKind.DEGREE, "Associate", level="associate", option=1),
        Requirement(
            RequirementKind.COURSEWORK,
            "36 h science",
            subject="biology",
            hours=Decimal(36),
            option=1,
        ),
    ]
    programme_route = [
        Requirement(RequirementKind.PROGRAM, "MLT program", program="mlt", option=2)
    ]
    requirements = [*degree_route, *programme_route]

    assert evaluate(requirements, Background("associate_mlt"), year=YEAR).met
    partial = evaluate(requirements, Background("associate"), year=YEAR)
    assert not partial.met
    assert len(partial.missing) == 1  # the closest option is reported, not both


def test_background_validation_names_the_answer_with_the_problem() -> None:
    errors = validate_background(
        experience={"chemistry": -1},
        coursework={"astrology": 3},
        programs=(CompletedProgram("wizardry", 2020), CompletedProgram("mlt", 1900)),
        degree_field="underwater_basket_weaving",
        year=YEAR,
    )

    assert set(errors) == {
        "experience",
        "coursework",
        "programs_completed",
        "degree_field",
    }
    assert (
        validate_background(
            experience={"chemistry": 12},
            coursework={"biology": Decimal("16.5")},
            programs=(CompletedProgram("mlt", 2022),),
            degree_field="biology",
            year=YEAR,
        )
        == {}
    )


# --- properties ----------------------------------------------------------------------------


requirement_strategy = st.one_of(
    st.builds(
        Requirement,
        kind=st.just(RequirementKind.DEGREE),
        level=st.sampled_from(["associate", "bachelor", "master"]),
    ),
    st.builds(
        Requirement,
        kind=st.just(RequirementKind.COURSEWORK),
        subject=st.sampled_from(["biology", "chemistry", "math", "physics"]),
        hours=st.integers(1, 40).map(Decimal),
    ),
    st.builds(
        Requirement,
        kind=st.just(RequirementKind.PROGRAM),
        program=st.sampled_from(["mlt", "mls", "histotechnician"]),
        within_years=st.one_of(st.none(), st.integers(1, 10)),
    ),
    st.builds(
        Requirement,
        kind=st.just(RequirementKind.EXPERIENCE),
        months=st.integers(1, 60),
        disciplines=st.frozensets(st.sampled_from(Discipline.values), max_size=3),
    ),
    st.builds(
        Requirement,
        kind=st.just(RequirementKind.CREDENTIAL),
        credentials=st.frozensets(
            st.sampled_from(["mlt-ascp", "mls-ascp", "ht-ascp"]), min_size=1
        ),
    ),
)
background_strategy = st.builds(
    Background,
    education_level=st.sampled_from(
        [
            "high_school",
            "some_college",
            "associate",
            "associate_mlt",
            "bachelor",
            "bachelor_mls",
        ]
    ),
    degree_field=st.sampled_from([None, "biology", "chemistry", "non_science"]),
    credentials_held=st.frozensets(
        st.sampled_from(["mlt-ascp", "mls-ascp", "ht-ascp"])
    ),
    experience=st.dictionaries(st.sampled_from(Discipline.values), st.integers(0, 60)),
    coursework=st.dictionaries(
        st.sampled_from(["biology", "chemistry", "math", "physics"]),
        st.integers(0, 40).map(Decimal),
    ),
    programs_completed=st.lists(
        st.builds(
            CompletedProgram,
            kind=st.sampled_from(["mlt", "mls", "histotechnician"]),
            year=st.one_of(st.none(), st.integers(2005, YEAR)),
        ),
        max_size=2,
        unique_by=lambda p: p.kind,
    ).map(tuple),
)


@settings(max_examples=400, deadline=None)
@given(
    requirements=st.lists(requirement_strategy, max_size=5),
    background=background_strategy,
)
def test_a_list_is_met_only_when_every_requirement_is(
    requirements: list[Requirement], background: Background
) -> None:
    whole = evaluate(requirements, background, year=YEAR)
    each = [evaluate([r], background, year=YEAR).met for r in requirements]

    assert whole.met == all(each)
    assert len(whole.missing) == each.count(False)
    assert all(gap.text for gap in whole.missing)
