"""Licensure by role: what a jurisdiction asks of one role, and two jurisdictions side by side.

The state page, the role-colored map, the "What if I move?" comparison and the API all answer
"does this role need a license here, and which one?" through the functions below, so the rule
lives in one place:

- a published category for the role that the state issues (license, trainee license or
  state certificate) and that is confirmed from a source -> license required;
- otherwise a confirmed cited exclusion for the role (``not_required``) -> no license;
- otherwise, in a jurisdiction that licenses laboratory personnel (or where only unconfirmed
  categories exist) -> check with the board;
- otherwise -> no personnel license.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from content.models import (
    CitedRecord,
    LicenseCategory,
    LicenseRequirement,
    Role,
    Source,
    StateLicensure,
)
from content.prefetch import distinct_sources
from planner import planning
from planner.eligibility import RequirementKind
from planner.planning import RoleLicensing as RoleLicensing  # pages and the API use it

DEFAULT_ROLE = "medical-laboratory-technician"
CODE_PATTERN = re.compile(r"^[A-Za-z]{2}$")
SLUG_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
# Categories a jurisdiction issues to a person (a confirm or not-required category issues nothing).
ISSUED_KINDS = planning.ISSUED_KINDS
# No dataset the product copies has a state-level pay figure yet (BLS state tables are not cited).
NO_STATE_PAY = "No cited state pay figure for this role."
CERTIFICATIONS_NOT_CONFIRMED = (
    "Not confirmed: ask the board which national certifications it accepts."
)
NO_STATE_LIST = (
    "No state license, so no state list; employers set their own requirements."
)

REQUIREMENT_KIND_LABELS: dict[str, str | Promise] = {
    RequirementKind.DEGREE: gettext_lazy("Degree"),
    RequirementKind.COURSEWORK: gettext_lazy("Coursework"),
    RequirementKind.PROGRAM: gettext_lazy("Program"),
    RequirementKind.EXPERIENCE: gettext_lazy("Experience"),
    RequirementKind.CREDENTIAL: gettext_lazy("Certification"),
    RequirementKind.OTHER: gettext_lazy("Other requirement"),
}
# The pages' words for planning.RoleLicensing (its labels are the planner's, in English).
LICENSING_LABELS: dict[str, str | Promise] = {
    "required": gettext_lazy("License required for this role"),
    "confirm": gettext_lazy("Check with the board"),
    "none": gettext_lazy("No personnel license"),
}


def licensing_label(licensing: str) -> str:
    """How a page names a state's answer for a role, in the active language."""
    return str(LICENSING_LABELS.get(str(licensing), licensing))


@dataclass(frozen=True)
class RequirementList:
    """A category's requirements: all of ``always``, plus every item of one alternative."""

    always: tuple[LicenseRequirement, ...]
    alternatives: tuple[tuple[LicenseRequirement, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.always or self.alternatives)


def requirement_list(category: LicenseCategory) -> RequirementList:
    """The category's published requirements (prefetched), grouped by ``option``."""
    by_option: dict[int, list[LicenseRequirement]] = {}
    for item in category.requirement_items.all():
        by_option.setdefault(item.option, []).append(item)
    always = tuple(by_option.pop(0, []))
    return RequirementList(
        always=always,
        alternatives=tuple(tuple(items) for _, items in sorted(by_option.items())),
    )


def requirement_kind_label(kind: str) -> str:
    return str(REQUIREMENT_KIND_LABELS.get(kind, gettext("Requirement")))


def categories_for_role(state: StateLicensure, role: Role) -> list[LicenseCategory]:
    """The state's published categories (prefetched) that list the role."""
    return [
        category
        for category in state.categories.all()
        if any(r.pk == role.pk for r in category.roles.all())
    ]


def role_licensing(
    state: StateLicensure, categories: Sequence[LicenseCategory]
) -> RoleLicensing:
    """Whether the role needs a license in the state: the planner's rule, for pages."""
    return planning.role_licensing(state.requires_license, categories)


@dataclass(frozen=True)
class StateForRole:
    """One jurisdiction as one role sees it."""

    state: StateLicensure
    role: Role
    categories: tuple[LicenseCategory, ...]
    licensing: RoleLicensing

    @property
    def issued(self) -> list[LicenseCategory]:
        return [c for c in self.categories if c.kind in ISSUED_KINDS]

    @property
    def board_name(self) -> str:
        labels = (c.board_label for c in self.categories if c.board_label)
        return next(labels, self.state.board_name)

    @property
    def board_url(self) -> str:
        links = (c.board_link for c in self.categories if c.board_link)
        return next(links, self.state.board_url)

    @property
    def licensing_text(self) -> str:
        name = self.state.name
        match self.licensing:
            case RoleLicensing.REQUIRED:
                names = "; ".join(c.name for c in self.issued if c.verified)
                return gettext("Yes: %(state)s licenses this role (%(names)s).") % {
                    "state": name,
                    "names": names,
                }
            case RoleLicensing.CONFIRM:
                if self.issued:
                    return gettext(
                        "Not confirmed: %(state)s lists a category for this role, but it "
                        "was not confirmed from a source. Check with the board."
                    ) % {"state": name}
                return gettext(
                    "Not confirmed: %(state)s licenses laboratory staff, but no category "
                    "for this role was found. Check with the board."
                ) % {"state": name}
        if any(c.kind == LicenseCategory.Kind.NOT_REQUIRED for c in self.categories):
            return gettext("No: %(state)s does not license this role.") % {
                "state": name
            }
        return gettext("No: %(state)s does not license clinical laboratory staff.") % {
            "state": name
        }

    @property
    def licensing_label(self) -> str:
        return licensing_label(self.licensing)

    @property
    def licensing_sources(self) -> list[Source]:
        return distinct_sources(self.categories or [self.state])

    @property
    def accepted_certifications(self) -> list[str]:
        items: list[str] = []
        for category in self.issued:
            for line in category.accepted_certification_list:
                if line not in items:
                    items.append(line)
        return items

    @property
    def accepted_certifications_text(self) -> str:
        """What to show when no list is cited."""
        if self.accepted_certifications:
            return ""
        if self.licensing == RoleLicensing.NONE and not self.issued:
            return NO_STATE_LIST
        return CERTIFICATIONS_NOT_CONFIRMED

    @property
    def accepted_certifications_sources(self) -> list[Source]:
        return distinct_sources(c for c in self.issued if c.accepted_certification_list)

    @property
    def processing_notes(self) -> list[tuple[LicenseCategory | None, str]]:
        notes: list[tuple[LicenseCategory | None, str]] = [
            (c, c.processing_note) for c in self.issued if c.processing_note
        ]
        if not notes and not self.categories and self.state.processing_note:
            notes.append((None, self.state.processing_note))
        return notes

    @property
    def processing_sources(self) -> list[Source]:
        records: list[CitedRecord] = [c for c, _ in self.processing_notes if c]
        if any(c is None for c, _ in self.processing_notes):
            records.append(self.state)
        return distinct_sources(records)

    @property
    def pay_text(self) -> str:
        return NO_STATE_PAY

    @property
    def sources(self) -> list[Source]:
        return distinct_sources([self.state, *self.categories])


def state_for_role(state: StateLicensure, role: Role) -> StateForRole:
    categories = categories_for_role(state, role)
    return StateForRole(
        state=state,
        role=role,
        categories=tuple(categories),
        licensing=role_licensing(state, categories),
    )


@dataclass(frozen=True)
class Comparison:
    role: Role
    a: StateForRole
    b: StateForRole

    @property
    def sides(self) -> tuple[StateForRole, StateForRole]:
        return (self.a, self.b)

    @property
    def sources(self) -> list[Source]:
        return distinct_sources(
            [self.a.state, self.b.state, *self.a.categories, *self.b.categories]
        )


class InvalidComparison(Exception):
    """Unknown or malformed inputs, as field errors (``{"a": ["..."]}``)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def compare_states(*, a: str, b: str, role: str) -> Comparison:
    """Two published jurisdictions side by side for one published role.

    Raises InvalidComparison naming every bad input. Runs a fixed number of queries: the role,
    then the states with their sources, categories, category roles, category sources and
    requirements.
    """
    errors: dict[str, list[str]] = {}
    codes: dict[str, str] = {}
    for name, value in (("a", a), ("b", b)):
        if not CODE_PATTERN.match(value or ""):
            errors[name] = ["Use a two-letter state or territory code, e.g. CA."]
        else:
            codes[name] = value.upper()
    found_role = None
    if SLUG_PATTERN.match(role or ""):
        found_role = Role.objects.published().filter(slug=role).first()
    if found_role is None:
        errors["role"] = [f"Unknown role: {role!r}." if role else "Choose a role."]
    states = {}
    if codes:
        states = {
            s.code: s
            for s in StateLicensure.objects.published()
            .for_list()
            .with_categories()
            .filter(code__in=set(codes.values()))
        }
    for name, code in codes.items():
        if code not in states:
            errors[name] = [f"Unknown state or territory: {code}."]
    if errors or found_role is None:
        raise InvalidComparison(errors)
    return Comparison(
        role=found_role,
        a=state_for_role(states[codes["a"]], found_role),
        b=state_for_role(states[codes["b"]], found_role),
    )


@dataclass(frozen=True)
class MapTile:
    state: StateLicensure
    licensing: RoleLicensing
    categories: tuple[LicenseCategory, ...]


def map_tiles(states: Iterable[StateLicensure], role: Role) -> list[MapTile]:
    """Each state's answer for the role (states with `with_category_roles()` prefetched)."""
    tiles = []
    for state in states:
        categories = categories_for_role(state, role)
        tiles.append(
            MapTile(
                state=state,
                licensing=role_licensing(state, categories),
                categories=tuple(categories),
            )
        )
    return tiles
