"""Forms for the planner pages: the onboarding questions, edit answers, milestone updates, CE log."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from content.models import Certification, Role, StateLicensure
from planner import eligibility, planning
from planner.eligibility import CompletedProgram
from planner.planning import (
    BackgroundQuestions,
    EducationLevel,
    MilestoneStatus,
    PlanAnswers,
    Question,
    StudyPace,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

HELP_ME_CHOOSE = "help"
BODY_CHOICES = [
    ("ascp", "ASCP Board of Certification"),
    ("amt", "American Medical Technologists (AMT)"),
    (HELP_ME_CHOOSE, _("Help me choose")),
]
PACE_HELP = {
    "full_time": _("Study or train full time: the quickest route."),
    "part_time": _("Fit study around work or family: steps take longer."),
}


def _today() -> dt.date:
    return timezone.localdate()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _radio_choice(
    label: _StrPromise,
    choices: Sequence[tuple[str, Any]],
    *,
    required: _StrPromise,
    invalid: _StrPromise | None = None,
) -> forms.ChoiceField:
    """A required one-of question; `invalid` defaults to the `required` message."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": invalid or required},
    )


class PlanAnswersForm(forms.Form):
    """All plan answers; `fields=` keeps a subset (one onboarding step)."""

    target_role: forms.ModelChoiceField[Role] = forms.ModelChoiceField(
        label=_("Which role are you aiming for?"),
        queryset=Role.objects.none(),
        to_field_name="slug",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the role you are aiming for."),
            "invalid_choice": _("Choose one of the roles in the list."),
        },
    )
    education_level = _radio_choice(
        _("What is your education so far?"),
        EducationLevel.choices,
        required=_("Choose the education you have now."),
        invalid=_("Choose one of the education levels in the list."),
    )
    state = forms.ChoiceField(
        label=_("Where do you intend to work?"),
        required=False,
        help_text=_(
            "Some states license laboratory personnel; choose Undecided if you do not know yet."
        ),
        error_messages={
            "invalid_choice": _("Choose a state from the list, or Undecided.")
        },
    )
    certifying_body = _radio_choice(
        _("Which certifying body do you prefer?"),
        BODY_CHOICES,
        required=_("Choose ASCP, AMT or Help me choose."),
    )
    study_pace = _radio_choice(
        _("How will you study?"),
        StudyPace.choices,
        required=_("Choose full time or part time."),
    )
    start_date = forms.DateField(
        label=_("When do you want to start?"),
        widget=DateInput(),
        help_text=_("Dates in your plan count from this day."),
        error_messages={
            "required": _("Enter the date you want to start, for example 2027-01-15."),
            "invalid": _("Enter a real date, for example 2027-01-15."),
        },
    )

    def __init__(
        self, *args: Any, fields: Iterable[str] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if fields is not None:
            keep = set(fields)
            for name in list(self.fields):
                if name not in keep:
                    del self.fields[name]
        # self.fields holds copies of the fields declared above, typed as plain Fields.
        if "target_role" in self.fields:
            roles = cast("forms.ModelChoiceField[Role]", self.fields["target_role"])
            roles.queryset = Role.objects.published().order_by("career_level", "title")
        if "state" in self.fields:
            states = cast(forms.ChoiceField, self.fields["state"])
            states.choices = [("", _("Undecided")), *state_choices()]

    def clean_start_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["start_date"]
        if problem := planning.start_date_error(value, _today()):
            raise forms.ValidationError(problem)
        return value

    def to_answers(self) -> PlanAnswers:
        data = self.cleaned_data
        return answers_from_values(
            {
                "target_role": data["target_role"].slug,
                "education_level": data["education_level"],
                "state": data["state"],
                "certifying_body": data["certifying_body"],
                "study_pace": data["study_pace"],
                "start_date": data["start_date"].isoformat(),
            }
        )

    def session_values(self) -> dict[str, str]:
        """The cleaned answers of this form as JSON-safe strings for the session."""
        values: dict[str, str] = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, Role):
                values[name] = value.slug
            elif isinstance(value, dt.date):
                values[name] = value.isoformat()
            else:
                values[name] = str(value or "")
        return values


def state_choices() -> list[tuple[str, str]]:
    return list(
        StateLicensure.objects.published().order_by("name").values_list("code", "name")
    )


def answers_from_values(values: Mapping[str, str]) -> PlanAnswers:
    """Build `PlanAnswers` from the string values kept in the session or a plan."""
    start = values.get("start_date") or ""
    body = values.get("certifying_body") or ""
    background = json.loads(values.get("background") or "{}")
    return PlanAnswers(
        target_role=values["target_role"],
        education_level=values["education_level"],
        state=values.get("state") or None,
        certifying_body=None if body in ("", HELP_ME_CHOOSE) else body,
        study_pace=values.get("study_pace") or StudyPace.FULL_TIME,
        start_date=dt.date.fromisoformat(start) if start else None,
        credentials_held=frozenset(background.get("credentials_held", [])),
        experience={k: int(v) for k, v in background.get("experience", {}).items()},
        coursework={
            k: Decimal(str(v)) for k, v in background.get("coursework", {}).items()
        },
        programs_completed=tuple(
            CompletedProgram(kind=p["kind"], year=p.get("year"))
            for p in background.get("programs_completed", [])
        ),
        degree_field=background.get("degree_field") or None,
    )


def background_values(answers: PlanAnswers) -> str:
    """A plan's background answers as the JSON string the onboarding session keeps."""
    return json.dumps(
        {
            "credentials_held": sorted(answers.credentials_held),
            "experience": dict(answers.experience),
            "coursework": {k: str(v) for k, v in answers.coursework.items()},
            "programs_completed": [
                {"kind": p.kind, "year": p.year} for p in answers.programs_completed
            ],
            "degree_field": answers.degree_field or "",
        }
    )


NOT_SURE = ""


def _asked[F: forms.Field](
    field_class: type[F],
    question: Question,
    label: _StrPromise,
    help_text: _StrPromise,
    **limits: Any,
) -> F:
    """An optional background field for one question: its label and why it is asked."""
    return field_class(
        label=label % {"label": question.label},
        help_text=help_text % {"reason": question.reason},
        required=False,
        **limits,
    )


class BackgroundForm(forms.Form):
    """What the person already has, asking only what the target role's routes count.

    Every question may be left blank ("not sure" or "none"): a blank counts as nothing held,
    which can only make the plan longer, never call a route met that is not.
    """

    def __init__(
        self, *args: Any, questions: BackgroundQuestions, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.questions = questions
        this_year = _today().year
        if questions.credentials:
            self.fields["credentials_held"] = forms.MultipleChoiceField(
                label=_("Certifications you already hold"),
                choices=[
                    (
                        q.value,
                        _("%(label)s (counts for %(reason)s)")
                        % {"label": q.label, "reason": q.reason},
                    )
                    for q in questions.credentials
                ],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=_("Leave all unticked if you hold none of these."),
            )
        for q in questions.disciplines:
            self.fields[f"experience_{q.value}"] = _asked(
                forms.IntegerField,
                q,
                _("%(label)s: months of full-time work"),
                _("Counted by %(reason)s. Convert part time to full time."),
                min_value=0,
                max_value=eligibility.MAX_EXPERIENCE_MONTHS,
            )
        for q in questions.subjects:
            self.fields[f"coursework_{q.value}"] = _asked(
                forms.DecimalField,
                q,
                _("%(label)s: semester hours"),
                _("Counted by %(reason)s. Quarter hours: multiply by 2/3."),
                min_value=Decimal(0),
                max_value=eligibility.MAX_SEMESTER_HOURS,
                max_digits=5,
                decimal_places=1,
            )
        for q in questions.programs:
            self.fields[f"program_{q.value}"] = _asked(
                forms.IntegerField,
                q,
                _("%(label)s: year you finished it"),
                _("Leave blank if you have not finished one. Counted by %(reason)s."),
                min_value=eligibility.EARLIEST_PROGRAM_YEAR,
                max_value=this_year,
            )
        if questions.ask_degree_field:
            self.fields["degree_field"] = forms.ChoiceField(
                label=_("What is your degree in?"),
                choices=[
                    *eligibility.ANSWER_DEGREE_FIELD_CHOICES,
                    (NOT_SURE, _("Not sure / prefer not to say")),
                ],
                widget=forms.RadioSelect,
                required=False,
                help_text=_("Some routes accept only certain fields."),
            )

    def fieldsets(self) -> list[tuple[str | Promise, str | Promise, list[Any]]]:
        """(legend, why we ask, bound fields) for the template."""
        groups: list[tuple[str | Promise, str | Promise, str]] = [
            (
                _("Certifications"),
                _("Some routes build on a credential you may already hold."),
                "credentials_held",
            ),
            (
                _("Clinical laboratory experience"),
                _("Some routes count months of full-time work by department."),
                "experience_",
            ),
            (
                _("Coursework"),
                _("Some routes ask for semester hours in the sciences."),
                "coursework_",
            ),
            (
                _("Programs you have finished"),
                _("Accredited programs count only within a few years for some routes."),
                "program_",
            ),
            (_("Your degree"), "", "degree_field"),
        ]
        sets = []
        for legend, why, prefix in groups:
            bound = [self[name] for name in self.fields if name.startswith(prefix)]
            if bound:
                sets.append((legend, why, bound))
        return sets

    def background(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "credentials_held": sorted(data.get("credentials_held") or []),
            "experience": {
                q.value: data[f"experience_{q.value}"]
                for q in self.questions.disciplines
                if data.get(f"experience_{q.value}")
            },
            "coursework": {
                q.value: str(data[f"coursework_{q.value}"])
                for q in self.questions.subjects
                if data.get(f"coursework_{q.value}")
            },
            "programs_completed": [
                {"kind": q.value, "year": data[f"program_{q.value}"]}
                for q in self.questions.programs
                if data.get(f"program_{q.value}")
            ],
            "degree_field": data.get("degree_field") or "",
        }

    def session_values(self) -> dict[str, str]:
        return {"background": json.dumps(self.background())}

    @classmethod
    def initial_from(cls, value: str) -> dict[str, Any]:
        """Form initial values from the JSON string kept in the session."""
        background = json.loads(value or "{}")
        initial: dict[str, Any] = {
            "credentials_held": background.get("credentials_held", []),
            "degree_field": background.get("degree_field", ""),
        }
        for key, months in background.get("experience", {}).items():
            initial[f"experience_{key}"] = months
        for key, hours in background.get("coursework", {}).items():
            initial[f"coursework_{key}"] = hours
        for program in background.get("programs_completed", []):
            initial[f"program_{program['kind']}"] = program.get("year")
        return initial


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str | Promise
    fields: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step(1, "role", _("Target role"), ("target_role",)),
    Step(2, "education", _("Education"), ("education_level",)),
    Step(3, "background", _("Your background"), ("background",)),
    Step(4, "state", _("State"), ("state",)),
    Step(5, "body", _("Certifying body"), ("certifying_body",)),
    Step(6, "pace", _("Study pace"), ("study_pace",)),
    Step(7, "start", _("Start date"), ("start_date",)),
)


def _completed_by_today(value: dt.date) -> dt.date:
    if problem := planning.completion_date_error(value, _today()):
        raise forms.ValidationError(problem)
    return value


class MilestoneUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=MilestoneStatus.choices, required=False)
    completed_on = forms.DateField(
        required=False,
        widget=DateInput(),
        error_messages={
            "invalid": _("Enter a real completion date, for example 2027-01-15.")
        },
    )
    notes = forms.CharField(
        required=False, max_length=planning.NOTES_MAX_LENGTH, strip=False
    )
    checklist_present = forms.BooleanField(required=False)
    checklist = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args: Any, item_ids: Iterable[int] = (), **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        checklist = cast(forms.TypedMultipleChoiceField, self.fields["checklist"])
        checklist.choices = [(i, str(i)) for i in item_ids]

    def clean_completed_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("completed_on")
        return _completed_by_today(value) if value else value


class CEEntryForm(forms.Form):
    certification = forms.TypedChoiceField(
        label=_("Credential"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose one of your credentials.")},
    )
    activity = forms.CharField(
        label=_("Activity"), max_length=planning.CE_ACTIVITY_MAX_LENGTH
    )
    completed_on = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={"invalid": _("Enter a real date, for example 2026-10-01.")},
    )
    points = forms.DecimalField(
        label=_("Points or hours"),
        min_value=planning.CE_POINTS_MIN,
        max_value=planning.CE_POINTS_MAX,
        max_digits=5,
        decimal_places=2,
        help_text=_(
            "Points as your certifying body awards them: ASCP's CMP and AMT's CCP both count points."
        ),
    )
    category = forms.CharField(
        label=_("Category"),
        max_length=planning.CE_CATEGORY_MAX_LENGTH,
        required=False,
        help_text=_("For example laboratory or patient safety, or a subject area."),
    )

    def __init__(
        self, *args: Any, certifications: Iterable[Certification] = (), **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # The plan's earned credentials are already loaded: no query to list or check them.
        self.certifications = {c.pk: c for c in certifications}
        choice = cast(forms.TypedChoiceField, self.fields["certification"])
        choice.choices = [(pk, c.abbreviation) for pk, c in self.certifications.items()]

    def clean_certification(self) -> Certification:
        return self.certifications[self.cleaned_data["certification"]]

    def clean_completed_on(self) -> dt.date:
        return _completed_by_today(self.cleaned_data["completed_on"])
