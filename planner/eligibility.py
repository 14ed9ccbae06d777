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
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class RequirementKind(models.TextChoices):
    DEGREE = "degree", "Degree"
    COURSEWORK = "coursework", "Coursework (semester hours)"
    PROGRAM = "program", "Accredited program"
    EXPERIENCE = "experience", "Clinical experience (months)"
    CREDENTIAL = "credential", "Credential held"
    OTHER = "other", "Other (shown, not checked)"


class DegreeLevel(models.TextChoices):
    ASSOCIATE = "associate", gettext_lazy("Associate degree or 60 semester hours")
    BACHELOR = "bachelor", gettext_lazy("Bachelor's degree")
    MASTER = "master", gettext_lazy("Master's degree")
    DOCTORATE = "doctorate", gettext_lazy("Doctorate")


class DegreeField(models.TextChoices):
    """Fields a route can name, and the `degree_field` answer's values."""

    MEDICAL_LABORATORY_SCIENCE = (
        "medical_laboratory_science",
        gettext_lazy("Medical laboratory science"),
    )
    MEDICAL_LABORATORY_TECHNOLOGY = (
        "medical_laboratory_technology",
        gettext_lazy("Medical laboratory technology"),
    )
    BIOLOGY = "biology", gettext_lazy("Biology or another life science")
    CHEMISTRY = "chemistry", gettext_lazy("Chemistry")
    OTHER_SCIENCE = "other_science", gettext_lazy("Another science")
    NON_SCIENCE = "non_science", gettext_lazy("A field outside the sciences")


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
    BLOOD_BANK = "blood_bank", gettext_lazy("Blood bank")
    CHEMISTRY = "chemistry", gettext_lazy("Chemistry")
    HEMATOLOGY = "hematology", gettext_lazy("Hematology")
    MICROBIOLOGY = "microbiology", gettext_lazy("Microbiology")
    IMMUNOLOGY = "immunology", gettext_lazy("Immunology")
    URINALYSIS = "urinalysis", gettext_lazy("Urinalysis and body fluids")
    MOLECULAR = "molecular", gettext_lazy("Molecular biology")
    HISTOLOGY = "histology", gettext_lazy("Histology")
    CYTOLOGY = "cytology", gettext_lazy("Cytology")
    PHLEBOTOMY = "phlebotomy", gettext_lazy("Phlebotomy")


class Subject(models.TextChoices):
    BIOLOGY = "biology", gettext_lazy("Biology")
    CHEMISTRY = "chemistry", gettext_lazy("Chemistry")
    MATH = "math", gettext_lazy("Mathematics")
    PHYSICS = "physics", gettext_lazy("Physics")


BIOLOGY_CHEMISTRY = "biology_chemistry"  # a route's combined biology + chemistry hours


class ProgramKind(models.TextChoices):
    MLT = "mlt", gettext_lazy("MLT program")
    MLS = "mls", gettext_lazy("MLS program")
    PHLEBOTOMY = "phlebotomy", gettext_lazy("Phlebotomy program")
    HISTOTECHNICIAN = "histotechnician", gettext_lazy("Histotechnician program")
    HISTOTECHNOLOGY = "histotechnology", gettext_lazy("Histotechnology program")
    CYTOTECHNOLOGY = "cytotechnology", gettext_lazy("Cytotechnology program")
    MOLECULAR = "molecular", gettext_lazy("Diagnostic molecular science program")
    SBB = "sbb", gettext_lazy("Specialist in blood bank technology program")
    MILITARY = "military", gettext_lazy("Military medical laboratory course")


# Limits on the background answers (forms, serializers and the services use these).
MAX_EXPERIENCE_MONTHS = 600  # 50 years of full-time work
MAX_SEMESTER_HOURS = Decimal(400)
EARLIEST_PROGRAM_YEAR = 1950


def _whole_months(value: object) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and 0 <= value <= MAX_EXPERIENCE_MONTHS
    )


def _semester_hours(value: object) -> bool:
    if isinstance(value, bool):
        return False
    try:
        hours = Decimal(str(value))
    except ArithmeticError:
        return False
    return hours.is_finite() and 0 <= hours <= MAX_SEMESTER_HOURS


@dataclass(frozen=True)
class KeyedAnswer:
    """A background answer keyed by a choice (months per discipline, hours per subject):
    which keys it knows, which values it takes, and what it says of the others."""

    field: str
    known: Sequence[str]
    valid: Callable[[object], bool]
    unknown_message: _StrPromise
    bad_message: _StrPromise
    maximum: object

    def errors(self, answer: Mapping[str, object]) -> list[str]:
        """The keys it does not know, else the keys whose values are out of range."""
        if unknown := sorted(set(answer) - set(self.known)):
            return [
                self.unknown_message
                % {"unknown": ", ".join(unknown), "known": ", ".join(self.known)}
            ]
        if bad := sorted(k for k, v in answer.items() if not self.valid(v)):
            return [self.bad_message % {"max": self.maximum, "keys": ", ".join(bad)}]
        return []


EXPERIENCE_ANSWER = KeyedAnswer(
    field="experience",
    known=Discipline.values,
    valid=_whole_months,
    unknown_message=gettext_lazy("Unknown discipline(s): %(unknown)s. Use: %(known)s."),
    bad_message=gettext_lazy(
        "Months must be whole numbers from 0 to %(max)s (%(keys)s)."
    ),
    maximum=MAX_EXPERIENCE_MONTHS,
)
COURSEWORK_ANSWER = KeyedAnswer(
    field="coursework",
    known=Subject.values,
    valid=_semester_hours,
    unknown_message=gettext_lazy("Unknown subject(s): %(unknown)s. Use: %(known)s."),
    bad_message=gettext_lazy(
        "Semester hours must be numbers from 0 to %(max)s (%(keys)s)."
    ),
    maximum=MAX_SEMESTER_HOURS,
)


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
    for spec, answer in (
        (EXPERIENCE_ANSWER, experience),
        (COURSEWORK_ANSWER, coursework),
    ):
        if problems := spec.errors(answer):
            errors[spec.field] = problems
    program_errors = []
    for program in programs:
        if program.kind not in ProgramKind.values:
            program_errors.append(
                _("Unknown program kind %(kind)s. Use: %(known)s.")
                % {"kind": repr(program.kind), "known": ", ".join(ProgramKind.values)}
            )
        if (
            program.year is not None
            and not EARLIEST_PROGRAM_YEAR <= program.year <= year
        ):
            program_errors.append(
                _("A program year must be from %(earliest)s to %(year)s.")
                % {"earliest": EARLIEST_PROGRAM_YEAR, "year": year}
            )
    if program_errors:
        errors["programs_completed"] = list(dict.fromkeys(program_errors))
    if degree_field is not None and degree_field not in ANSWER_DEGREE_FIELDS:
        errors["degree_field"] = [
            _("Choose one of: %(fields)s, or leave it empty.")
            % {"fields": ", ".join(ANSWER_DEGREE_FIELDS)}
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
        note = _("%(requirement)s (not confirmed from a source)") % {
            "requirement": _label(requirement)
        }
    return gap, note


def _label(requirement: Requirement) -> str:
    return requirement.text or _describe(requirement)


# The names a generated requirement text uses in a sentence ("in medical laboratory science",
# "of chemistry", "in blood bank"); a code without one is shown with spaces for underscores.
_FIELD_NAMES: dict[str, object] = {
    DegreeField.MEDICAL_LABORATORY_SCIENCE: gettext_lazy("medical laboratory science"),
    DegreeField.MEDICAL_LABORATORY_TECHNOLOGY: gettext_lazy(
        "medical laboratory technology"
    ),
    DegreeField.BIOLOGY: gettext_lazy("biology"),
    DegreeField.CHEMISTRY: gettext_lazy("chemistry"),
    DegreeField.OTHER_SCIENCE: gettext_lazy("other science"),
    DegreeField.NON_SCIENCE: gettext_lazy("non science"),
    SCIENCE: gettext_lazy("science"),
}
_SUBJECT_NAMES: dict[str, object] = {
    Subject.BIOLOGY: gettext_lazy("biology"),
    Subject.CHEMISTRY: gettext_lazy("chemistry"),
    Subject.MATH: gettext_lazy("math"),
    Subject.PHYSICS: gettext_lazy("physics"),
    BIOLOGY_CHEMISTRY: gettext_lazy("biology and chemistry combined"),
}
_DISCIPLINE_NAMES: dict[str, object] = {
    Discipline.BLOOD_BANK: gettext_lazy("blood bank"),
    Discipline.CHEMISTRY: gettext_lazy("chemistry"),
    Discipline.HEMATOLOGY: gettext_lazy("hematology"),
    Discipline.MICROBIOLOGY: gettext_lazy("microbiology"),
    Discipline.IMMUNOLOGY: gettext_lazy("immunology"),
    Discipline.URINALYSIS: gettext_lazy("urinalysis"),
    Discipline.MOLECULAR: gettext_lazy("molecular"),
    Discipline.HISTOLOGY: gettext_lazy("histology"),
    Discipline.CYTOLOGY: gettext_lazy("cytology"),
    Discipline.PHLEBOTOMY: gettext_lazy("phlebotomy"),
}


def _name(names: Mapping[str, object], code: str) -> str:
    return str(names.get(code, code.replace("_", " ")))


def _describe(r: Requirement) -> str:
    match r.kind:
        case RequirementKind.DEGREE:
            name = {
                "associate": _("an associate degree (or 60 semester hours)"),
                "bachelor": _("a bachelor's degree"),
                "master": _("a master's degree"),
                "doctorate": _("a doctorate"),
            }.get(r.level, _("a degree"))
            if r.fields:
                fields = _(" or ").join(
                    sorted(_name(_FIELD_NAMES, f) for f in r.fields)
                )
                name = _("%(degree)s in %(fields)s") % {
                    "degree": name,
                    "fields": fields,
                }
            return name
        case RequirementKind.COURSEWORK:
            return _("%(hours)s semester hours of %(subject)s") % {
                "hours": _hours(r.hours),
                "subject": _name(_SUBJECT_NAMES, r.subject),
            }
        case RequirementKind.PROGRAM:
            label = (
                ProgramKind(r.program).label
                if r.program in ProgramKind.values
                else r.program
            )
            text = _("an accredited %(program)s") % {"program": label}
            if r.accreditors:
                text += f" ({r.accreditors})"
            if r.within_years:
                text += _(" finished within the last %(years)s years") % {
                    "years": r.within_years
                }
            return text
        case RequirementKind.EXPERIENCE:
            if r.disciplines:
                return _(
                    "%(months)s months of full-time clinical laboratory experience in "
                    "%(disciplines)s"
                ) % {
                    "months": r.months,
                    "disciplines": ", ".join(
                        sorted(_name(_DISCIPLINE_NAMES, d) for d in r.disciplines)
                    ),
                }
            return _(
                "%(months)s months of full-time clinical laboratory experience"
            ) % {"months": r.months}
        case RequirementKind.CREDENTIAL:
            return _("one of: %(credentials)s") % {
                "credentials": ", ".join(sorted(r.credentials))
            }
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
        return None, _("%(requirement)s: confirm your degree's field counts") % {
            "requirement": _label(r)
        }
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
        text += _(" (%(hours)s more)") % {"hours": _hours(short)}
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
            _(
                "%(requirement)s: confirm you finished it within the last %(years)s years"
            )
            % {"requirement": _label(r), "years": r.within_years}
        )
    if year - max(dated) <= r.within_years:
        return None, ""
    return Gap(
        r,
        _("%(requirement)s (yours was in %(year)s)")
        % {"requirement": _label(r), "year": max(dated)},
    ), ""


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
                _("%(requirement)s: the length was not confirmed; check yours counts")
                % {"requirement": _label(r)},
            )
        label = _label(r)
        unconfirmed = _(" (the length was not confirmed)")
        if "not confirmed" not in label and unconfirmed.strip(" ()") not in label:
            label += unconfirmed
        return Gap(r, label), ""
    if have >= r.months:
        return None, ""
    text = _label(r)
    if have:
        text += _(" (%(months)s more)") % {"months": r.months - have}
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
