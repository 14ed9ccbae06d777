"""Eligibility: a person's background against a list of typed requirements (pure Python).

One function, ``evaluate``, decides every eligibility route (certification exams) and every
state license category: a list of ``Requirement`` is met only when each one is, and otherwise
the result says exactly what is missing. Milestones are generated from that list.

Requirement kinds (``RequirementKind``):

- ``degree``: a degree of at least ``level`` (associate < bachelor < master < doctorate), in one
  of ``fields`` when the route names fields (empty = any field). "Some college" is below an
  associate degree. A laboratory-science degree counts for the matching technician field.
- ``coursework``: at least ``hours`` semester hours in ``subject`` (``biology``, ``chemistry``,
  ``math``, ``physics``; ``biology_chemistry`` = the two combined, with some of each).
- ``program``: an accredited program of kind ``program`` completed, within ``within_years``
  when set. A program implied by the education answer (``associate_mlt`` = an MLT program,
  ``bachelor_mls`` = an MLS program) has no year, so its recency is left to confirm.
- ``experience``: ``months`` of full-time clinical laboratory work in any of ``disciplines``
  (summed; empty = any discipline). Months are counted as the person reports them.
- ``credential``: holds any of ``credentials`` (certification slugs).
- ``other``: text the planner shows but cannot check; always "to confirm", never "missing".

Requirements with ``option`` 0 are all required. Requirements sharing an ``option`` number above
0 form alternatives: the list is met when all the option-0 ones are and every requirement of at
least one option is. An unverified requirement, even when met, is listed under ``to_confirm``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models


class RequirementKind(models.TextChoices):
    DEGREE = "degree", "Degree"
    COURSEWORK = "coursework", "Coursework (semester hours)"
    PROGRAM = "program", "Accredited program"
    EXPERIENCE = "experience", "Clinical experience (months)"
    CREDENTIAL = "credential", "Credential held"
    OTHER = "other", "Other (shown, not checked)"


class DegreeLevel(models.TextChoices):
    ASSOCIATE = "associate", "Associate degree or 60 semester hours"
    BACHELOR = "bachelor", "Bachelor's degree"
    MASTER = "master", "Master's degree"
    DOCTORATE = "doctorate", "Doctorate"


class DegreeField(models.TextChoices):
    """Fields a route can name, and the `degree_field` answer's values."""

    MEDICAL_LABORATORY_SCIENCE = (
        "medical_laboratory_science",
        "Medical laboratory science",
    )
    MEDICAL_LABORATORY_TECHNOLOGY = (
        "medical_laboratory_technology",
        "Medical laboratory technology",
    )
    BIOLOGY = "biology", "Biology or another life science"
    CHEMISTRY = "chemistry", "Chemistry"
    OTHER_SCIENCE = "other_science", "Another science"
    NON_SCIENCE = "non_science", "A field outside the sciences"


# The `degree_field` answer: a non-laboratory degree's field.
ANSWER_DEGREE_FIELDS = (
    DegreeField.BIOLOGY,
    DegreeField.CHEMISTRY,
    DegreeField.OTHER_SCIENCE,
    DegreeField.NON_SCIENCE,
)
ANSWER_DEGREE_FIELD_CHOICES = [(f.value, f.label) for f in ANSWER_DEGREE_FIELDS]
SCIENCE_FIELDS = frozenset(
    {
        DegreeField.MEDICAL_LABORATORY_SCIENCE,
        DegreeField.MEDICAL_LABORATORY_TECHNOLOGY,
        DegreeField.BIOLOGY,
        DegreeField.CHEMISTRY,
        DegreeField.OTHER_SCIENCE,
    }
)
# A route that names "science" accepts any of SCIENCE_FIELDS.
SCIENCE = "science"
# The field of a degree answered as "not in laboratory science" without saying which field.
NON_LABORATORY = "non_laboratory"
LABORATORY_FIELDS = frozenset(
    {DegreeField.MEDICAL_LABORATORY_SCIENCE, DegreeField.MEDICAL_LABORATORY_TECHNOLOGY}
)


class Discipline(models.TextChoices):
    BLOOD_BANK = "blood_bank", "Blood bank"
    CHEMISTRY = "chemistry", "Chemistry"
    HEMATOLOGY = "hematology", "Hematology"
    MICROBIOLOGY = "microbiology", "Microbiology"
    IMMUNOLOGY = "immunology", "Immunology"
    URINALYSIS = "urinalysis", "Urinalysis and body fluids"
    MOLECULAR = "molecular", "Molecular biology"
    HISTOLOGY = "histology", "Histology"
    CYTOLOGY = "cytology", "Cytology"
    PHLEBOTOMY = "phlebotomy", "Phlebotomy"


class Subject(models.TextChoices):
    BIOLOGY = "biology", "Biology"
    CHEMISTRY = "chemistry", "Chemistry"
    MATH = "math", "Mathematics"
    PHYSICS = "physics", "Physics"


BIOLOGY_CHEMISTRY = "biology_chemistry"  # a route's combined biology + chemistry hours


class ProgramKind(models.TextChoices):
    MLT = "mlt", "MLT program"
    MLS = "mls", "MLS program"
    PHLEBOTOMY = "phlebotomy", "Phlebotomy program"
    HISTOTECHNICIAN = "histotechnician", "Histotechnician program"
    HISTOTECHNOLOGY = "histotechnology", "Histotechnology program"
    CYTOTECHNOLOGY = "cytotechnology", "Cytotechnology program"
    MOLECULAR = "molecular", "Diagnostic molecular science program"
    SBB = "sbb", "Specialist in blood bank technology program"
    MILITARY = "military", "Military medical laboratory course"


# Limits on the background answers (forms, serializers and the services use these).
MAX_EXPERIENCE_MONTHS = 600  # 50 years of full-time work
MAX_SEMESTER_HOURS = Decimal(400)
EARLIEST_PROGRAM_YEAR = 1950


def validate_background(
    *,
    experience: Mapping[str, object],
    coursework: Mapping[str, object],
    programs: Sequence[CompletedProgram],
    degree_field: str | None,
    year: int,
) -> dict[str, list[str]]:
    """Field errors for the background answers that need no database (keys, ranges)."""
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(experience) - set(Discipline.values))
    bad_months = [
        k
        for k, v in experience.items()
        if not isinstance(v, int)
        or isinstance(v, bool)
        or not 0 <= v <= MAX_EXPERIENCE_MONTHS
    ]
    if unknown:
        errors["experience"] = [
            f"Unknown discipline(s): {', '.join(unknown)}. Use: {', '.join(Discipline.values)}."
        ]
    elif bad_months:
        errors["experience"] = [
            f"Months must be whole numbers from 0 to {MAX_EXPERIENCE_MONTHS} "
            f"({', '.join(sorted(bad_months))})."
        ]
    unknown = sorted(set(coursework) - set(Subject.values))
    bad_hours = []
    for k, v in coursework.items():
        try:
            hours = Decimal(str(v))
        except ArithmeticError:
            bad_hours.append(k)
            continue
        if (
            isinstance(v, bool)
            or not hours.is_finite()
            or not 0 <= hours <= MAX_SEMESTER_HOURS
        ):
            bad_hours.append(k)
    if unknown:
        errors["coursework"] = [
            f"Unknown subject(s): {', '.join(unknown)}. Use: {', '.join(Subject.values)}."
        ]
    elif bad_hours:
        errors["coursework"] = [
            f"Semester hours must be numbers from 0 to {MAX_SEMESTER_HOURS} "
            f"({', '.join(sorted(bad_hours))})."
        ]
    program_errors = []
    for program in programs:
        if program.kind not in ProgramKind.values:
            program_errors.append(
                f"Unknown program kind {program.kind!r}. Use: {', '.join(ProgramKind.values)}."
            )
        if (
            program.year is not None
            and not EARLIEST_PROGRAM_YEAR <= program.year <= year
        ):
            program_errors.append(
                f"A program year must be from {EARLIEST_PROGRAM_YEAR} to {year}."
            )
    if program_errors:
        errors["programs_completed"] = list(dict.fromkeys(program_errors))
    if degree_field is not None and degree_field not in ANSWER_DEGREE_FIELDS:
        errors["degree_field"] = [
            f"Choose one of: {', '.join(ANSWER_DEGREE_FIELDS)}, or leave it empty."
        ]
    return errors


DEGREE_RANK = {"": 0, "associate": 2, "bachelor": 3, "master": 4, "doctorate": 5}
# The education answer as a degree level and (for laboratory degrees) its field.
LEVEL_DEGREE: dict[str, tuple[str, str | None]] = {
    "high_school": ("", None),
    "some_college": ("", None),
    "associate": ("associate", None),
    "associate_mlt": ("associate", DegreeField.MEDICAL_LABORATORY_TECHNOLOGY),
    "bachelor": ("bachelor", None),
    "bachelor_mls": ("bachelor", DegreeField.MEDICAL_LABORATORY_SCIENCE),
}
# A laboratory degree answer implies its accredited program was completed (year unknown).
LEVEL_PROGRAM = {"associate_mlt": ProgramKind.MLT, "bachelor_mls": ProgramKind.MLS}
# A degree in the first field also satisfies a requirement for the second.
FIELD_COVERS: dict[str, frozenset[str]] = {
    DegreeField.MEDICAL_LABORATORY_SCIENCE: frozenset(
        {DegreeField.MEDICAL_LABORATORY_TECHNOLOGY}
    ),
}
# Finishing a program of this kind earns at least this degree (accredited MLT programs award
# an associate degree, MLS and cytotechnology programs sit in a bachelor's).
PROGRAM_DEGREE: dict[str, tuple[str, str]] = {
    ProgramKind.MLT: ("associate", DegreeField.MEDICAL_LABORATORY_TECHNOLOGY),
    ProgramKind.MLS: ("bachelor", DegreeField.MEDICAL_LABORATORY_SCIENCE),
}


def program_for_degree(requirement: Requirement) -> str | None:
    """The programme that earns a degree requirement naming only laboratory fields.

    Such a degree ("an associate degree in medical laboratory technology") comes only from an
    accredited programme in that field, so a person without it is planned into the programme
    rather than a generic degree. None when any degree (or a general field) would do.
    """
    if requirement.kind != RequirementKind.DEGREE or not requirement.fields:
        return None
    laboratory = {awarded for _, awarded in PROGRAM_DEGREE.values()}
    if not requirement.fields <= laboratory:
        return None
    wanted = DEGREE_RANK.get(requirement.level, 0)
    candidates = [
        (DEGREE_RANK[level], program)
        for program, (level, awarded) in PROGRAM_DEGREE.items()
        if DEGREE_RANK[level] >= wanted
        and ({awarded} | FIELD_COVERS.get(awarded, frozenset())) & requirement.fields
    ]
    return min(candidates)[1] if candidates else None


@dataclass(frozen=True)
class Requirement:
    kind: str
    text: str = (
        ""  # short, as shown to the person ("Associate degree or 60 semester hours")
    )
    level: str = ""
    fields: frozenset[str] = frozenset()
    subject: str = ""
    hours: Decimal = Decimal(0)
    program: str = ""
    accreditors: str = ""
    within_years: int | None = None
    months: int = 0
    disciplines: frozenset[str] = frozenset()
    credentials: frozenset[str] = frozenset()
    option: int = 0
    verified: bool = True


@dataclass(frozen=True)
class CompletedProgram:
    kind: str
    year: int | None = None


@dataclass(frozen=True)
class Background:
    """What the person already has (the plan's education and background answers)."""

    education_level: str
    degree_field: str | None = None
    credentials_held: frozenset[str] = frozenset()
    experience: Mapping[str, int] = field(default_factory=dict)
    coursework: Mapping[str, Decimal] = field(default_factory=dict)
    programs_completed: tuple[CompletedProgram, ...] = ()

    def key(self) -> tuple[object, ...]:
        """A hashable identity of the background (for memoizing plans built from it)."""
        return (
            self.education_level,
            self.degree_field,
            self.credentials_held,
            tuple(sorted(self.experience.items())),
            tuple(sorted(self.coursework.items())),
            self.programs_completed,
        )

    def with_credentials(self, slugs: Iterable[str]) -> Background:
        extra = frozenset(slugs) - self.credentials_held
        if not extra:
            return self
        return Background(
            education_level=self.education_level,
            degree_field=self.degree_field,
            credentials_held=self.credentials_held | extra,
            experience=self.experience,
            coursework=self.coursework,
            programs_completed=self.programs_completed,
        )

    def degree(self) -> tuple[str, frozenset[str]]:
        """Highest degree level held and its fields (laboratory fields include what they cover)."""
        level, lab_field = LEVEL_DEGREE.get(self.education_level, ("", None))
        fields: set[str] = set()
        if lab_field:
            fields.add(lab_field)
        elif level:
            # "associate" and "bachelor" answers are degrees outside laboratory science.
            fields.add(self.degree_field or NON_LABORATORY)
        for program in self.programs():
            granted = PROGRAM_DEGREE.get(program.kind)
            if granted and DEGREE_RANK[granted[0]] >= DEGREE_RANK[level]:
                if DEGREE_RANK[granted[0]] > DEGREE_RANK[level]:
                    fields = set()
                level = granted[0]
                fields.add(granted[1])
        for lab in list(fields):
            fields |= FIELD_COVERS.get(lab, frozenset())
        return level, frozenset(fields)

    def programs(self) -> tuple[CompletedProgram, ...]:
        """Completed programs; an answered one (with its year) wins over an implied one."""
        answered = {p.kind for p in self.programs_completed}
        implied = LEVEL_PROGRAM.get(self.education_level)
        extra = (
            (CompletedProgram(kind=implied),)
            if implied and implied not in answered
            else ()
        )
        return self.programs_completed + extra


@dataclass(frozen=True)
class Gap:
    """One requirement not met, and what closing it takes."""

    requirement: Requirement
    text: str
    months: int = 0  # experience still needed
    hours: Decimal = Decimal(0)  # coursework still needed


@dataclass(frozen=True)
class Evaluation:
    met: bool
    missing: tuple[Gap, ...]
    to_confirm: tuple[
        str, ...
    ]  # shown with "confirm with <body>", never counted as met

    @property
    def missing_texts(self) -> list[str]:
        return [g.text for g in self.missing]

    def gaps(self, kind: str) -> list[Gap]:
        return [g for g in self.missing if g.requirement.kind == kind]


def evaluate(
    requirements: Sequence[Requirement], background: Background, *, year: int
) -> Evaluation:
    """Decide a requirement list against a background (see the module docstring)."""
    required = [r for r in requirements if r.option == 0]
    options: dict[int, list[Requirement]] = {}
    for requirement in requirements:
        if requirement.option:
            options.setdefault(requirement.option, []).append(requirement)

    missing: list[Gap] = []
    confirm: list[str] = []
    for requirement in required:
        gap, note = _check(requirement, background, year)
        if gap:
            missing.append(gap)
        if note:
            confirm.append(note)
    if options:
        # The option closest to met (fewest gaps, then the editors' order) is the one shown.
        results = []
        for number, reqs in sorted(options.items()):
            checked = [_check(r, background, year) for r in reqs]
            gaps = [g for g, _ in checked if g]
            notes = [n for _, n in checked if n]
            results.append((len(gaps), number, gaps, notes))
        _, _, gaps, notes = min(results, key=lambda r: (r[0], r[1]))
        missing.extend(gaps)
        confirm.extend(notes)
    return Evaluation(
        met=not missing,
        missing=tuple(missing),
        to_confirm=tuple(dict.fromkeys(confirm)),
    )


def _check(
    requirement: Requirement, background: Background, year: int
) -> tuple[Gap | None, str]:
    """(the gap, or None when met; a note to confirm, or "")."""
    checker = _CHECKS[requirement.kind]
    gap, note = checker(requirement, background, year)
    if gap is None and not requirement.verified and not note:
        note = f"{_label(requirement)} (not confirmed from a source)"
    return gap, note


def _label(requirement: Requirement) -> str:
    return requirement.text or _describe(requirement)


def _describe(r: Requirement) -> str:
    match r.kind:
        case RequirementKind.DEGREE:
            name = {
                "associate": "an associate degree (or 60 semester hours)",
                "bachelor": "a bachelor's degree",
                "master": "a master's degree",
                "doctorate": "a doctorate",
            }.get(r.level, "a degree")
            if r.fields:
                fields = " or ".join(sorted(f.replace("_", " ") for f in r.fields))
                name += f" in {fields}"
            return name
        case RequirementKind.COURSEWORK:
            subject = (
                "biology and chemistry combined"
                if r.subject == BIOLOGY_CHEMISTRY
                else r.subject
            )
            return f"{_hours(r.hours)} semester hours of {subject}"
        case RequirementKind.PROGRAM:
            label = (
                ProgramKind(r.program).label
                if r.program in ProgramKind.values
                else r.program
            )
            text = f"an accredited {label}"
            if r.accreditors:
                text += f" ({r.accreditors})"
            if r.within_years:
                text += f" finished within the last {r.within_years} years"
            return text
        case RequirementKind.EXPERIENCE:
            where = (
                " in " + ", ".join(sorted(d.replace("_", " ") for d in r.disciplines))
                if r.disciplines
                else ""
            )
            return (
                f"{r.months} months of full-time clinical laboratory experience{where}"
            )
        case RequirementKind.CREDENTIAL:
            return "one of: " + ", ".join(sorted(r.credentials))
    return r.text


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _check_degree(r: Requirement, b: Background, year: int) -> tuple[Gap | None, str]:
    level, fields = b.degree()
    if DEGREE_RANK.get(level, 0) < DEGREE_RANK.get(r.level, 0):
        return Gap(r, _label(r)), ""
    if not r.fields:
        return None, ""
    wanted = set(r.fields)
    if SCIENCE in wanted:
        wanted |= SCIENCE_FIELDS
    if fields & wanted:
        return None, ""
    if NON_LABORATORY in fields and wanted - LABORATORY_FIELDS:
        # A non-laboratory degree in a field the person did not give: it may count.
        return None, f"{_label(r)}: confirm your degree's field counts"
    return Gap(r, _label(r)), ""


def _check_coursework(
    r: Requirement, b: Background, year: int
) -> tuple[Gap | None, str]:
    if r.subject == BIOLOGY_CHEMISTRY:
        biology = b.coursework.get(Subject.BIOLOGY, Decimal(0))
        chemistry = b.coursework.get(Subject.CHEMISTRY, Decimal(0))
        have = Decimal(biology) + Decimal(chemistry)
        both = biology > 0 and chemistry > 0
    else:
        have = Decimal(b.coursework.get(r.subject, Decimal(0)))
        both = True
    if have >= r.hours and both:
        return None, ""
    short = max(r.hours - have, Decimal(0))
    text = _label(r)
    if have:
        text += f" ({_hours(short)} more)"
    return Gap(r, text, hours=short), ""


def _check_program(r: Requirement, b: Background, year: int) -> tuple[Gap | None, str]:
    done = [p for p in b.programs() if p.kind == r.program]
    if not done:
        return Gap(r, _label(r)), ""
    if r.within_years is None:
        return None, ""
    dated = [p.year for p in done if p.year is not None]
    if not dated:
        return None, (
            f"{_label(r)}: confirm you finished it within the last {r.within_years} years"
        )
    if year - max(dated) <= r.within_years:
        return None, ""
    return Gap(r, f"{_label(r)} (yours was in {max(dated)})"), ""


def _check_experience(
    r: Requirement, b: Background, year: int
) -> tuple[Gap | None, str]:
    counted = (
        b.experience.items()
        if not r.disciplines
        else ((d, m) for d, m in b.experience.items() if d in r.disciplines)
    )
    have = sum(months for _, months in counted)
    if r.months <= 0:
        # The source did not give a length: a gap no plan can date, unless the person has
        # experience there, which may be enough.
        if have:
            return (
                None,
                f"{_label(r)}: the length was not confirmed; check yours counts",
            )
        label = _label(r)
        if "not confirmed" not in label:
            label += " (the length was not confirmed)"
        return Gap(r, label), ""
    if have >= r.months:
        return None, ""
    text = _label(r)
    if have:
        text += f" ({r.months - have} more)"
    return Gap(r, text, months=r.months - have), ""


def _check_credential(
    r: Requirement, b: Background, year: int
) -> tuple[Gap | None, str]:
    if r.credentials & b.credentials_held:
        return None, ""
    return Gap(r, _label(r)), ""


def _check_other(r: Requirement, b: Background, year: int) -> tuple[Gap | None, str]:
    return None, _label(r)


# Keyed by RequirementKind values (requirements carry `kind` as the plain string).
_CHECKS: dict[str, Callable[[Requirement, Background, int], tuple[Gap | None, str]]] = {
    RequirementKind.DEGREE: _check_degree,
    RequirementKind.COURSEWORK: _check_coursework,
    RequirementKind.PROGRAM: _check_program,
    RequirementKind.EXPERIENCE: _check_experience,
    RequirementKind.CREDENTIAL: _check_credential,
    RequirementKind.OTHER: _check_other,
}
