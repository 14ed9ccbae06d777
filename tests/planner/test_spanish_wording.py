"""The planner's own sentences in Spanish: route gaps, warnings, reasons, errors, costs, the
onboarding questions and the calendar feed (all built in Python, not in templates)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from icalendar import Calendar

from planner import eligibility, planning, selectors, services
from planner.planning import PlanAnswers, PlanningError
from tests.accounts.factories import UserFactory
from tests.i18n_catalog import entries
from tests.planner.factories import MLS, MLT, TODAY, cost_item, seed_planner_content

pytestmark = pytest.mark.django_db

SUPERVISOR = "laboratory-supervisor"
PHLEBOTOMY = "phlebotomy-technician"

# The formal address ("usted") the Spanish planner text used before: it says "tú" now.
FORMAL = re.compile(
    r"\b(Confirme|confírmelo|confírmelos|Presente la|Registre|Lleve|Inscríbase|Elija|"
    r"Pregunte|Márquelo|Renuévela|solicítela|compruébela|compruebe|consulte|Usted|"
    r"su empleador|sus respuestas|Sus respuestas|junta de su estado|Ya tiene)\b"
)


@pytest.fixture
def seeded() -> dict[str, Any]:
    return seed_planner_content()


def mlt_holder(**changes: object) -> PlanAnswers:
    """An MLT with some experience and biology, no state: MLS routes with partial gaps."""
    values: dict[str, Any] = {
        "target_role": MLS,
        "education_level": "associate_mlt",
        "experience": {"chemistry": 6},
        "coursework": {"biology": Decimal(4)},
    }
    values.update(changes)
    return PlanAnswers(**values)


def texts(result: planning.PlanResult) -> list[str]:
    """Every sentence of a plan result a person reads."""
    found = [result.body_reason, result.cost_as_of, *result.warnings]
    if result.chosen_route is not None:
        found.append(result.chosen_route.route_reason)
    for option in result.routes:
        found.extend(option.missing)
    for step in result.steps:
        found.extend([step.phase, step.title, step.description, step.cost_as_of])
        found.extend(step.checklist)
    return found


def test_a_spanish_plan_says_what_is_missing_in_spanish(seeded) -> None:
    with translation.override("es"):
        result = services.preview_plan(answers=mlt_holder(), today=TODAY)
    route_2 = next(o for o in result.routes if o.code == "2")
    assert any(m.endswith("microbiología (te faltan 12)") for m in route_2.missing)
    assert any(m.endswith("(te faltan 18)") for m in route_2.missing)
    assert result.warnings[0].startswith(
        "Aún no elegiste un estado: algunos estados exigen una licencia personal"
    )
    assert result.cost_as_of == "fecha no indicada"
    assert result.chosen_route is not None
    assert result.chosen_route.route_reason.startswith(
        "aún no cumples ninguna ruta; esta es la más rápida de alcanzar según tus respuestas"
    )
    exam = next(s for s in result.steps if s.key == "mlt-ascp-certification-exam")
    assert exam.cost_as_of == "fecha no indicada"
    assert exam.description.startswith("Presenta la solicitud a ASCP Board")
    ce = next(s for s in result.steps if s.key.endswith("continuing-education"))
    assert ce.description.startswith("Registra las actividades de educación continua")
    everything = " ".join(texts(result))
    for english in (
        " more)",
        "No state chosen yet",
        "date not stated",
        "no route is met yet",
        "Cannot be planned",
        "Confirm with",
    ):
        assert english not in everything
    assert not FORMAL.findall(everything)


def test_the_english_plan_keeps_its_wording(seeded) -> None:
    result = services.preview_plan(answers=mlt_holder(), today=TODAY)
    route_2 = next(o for o in result.routes if o.code == "2")
    assert any(m.endswith("(12 more)") for m in route_2.missing)
    assert result.warnings[0].startswith("No state chosen yet:")
    assert result.cost_as_of == "date not stated"


def test_a_chosen_body_and_a_state_are_explained_in_informal_spanish(seeded) -> None:
    answers = PlanAnswers(
        target_role=MLT,
        education_level="high_school",
        state="CA",
        certifying_body="ascp",
        study_pace="part_time",
    )
    with translation.override("es"):
        result = services.preview_plan(answers=answers, today=TODAY)
    assert result.body_reason == "Elegiste este organismo certificador."
    assert result.warnings[0].startswith(
        "California exige licencia: confirma las normas"
    )
    assert result.warnings[1].startswith("Estudio a tiempo parcial:")
    licence = next(s for s in result.steps if s.phase == "Obtener la licencia")
    assert "Confirma las normas vigentes con la junta" in licence.description
    assert not FORMAL.findall(" ".join(texts(result)))


@pytest.mark.parametrize(
    ("role", "english", "spanish"),
    [
        (
            SUPERVISOR,
            "Apply for Supervisor positions",
            "Postularse a puestos de supervisor",
        ),
        (
            PHLEBOTOMY,
            "Apply for Phlebotomy positions",
            "Postularse a puestos de flebotomista",
        ),
        (MLT, "Apply for MLT positions", "Postularse a puestos de MLT"),
    ],
)
def test_role_short_titles_in_step_titles_are_translated(
    seeded, role, english, spanish
) -> None:
    answers = PlanAnswers(target_role=role, education_level="bachelor_mls")
    english_plan = services.preview_plan(answers=answers, today=TODAY)
    with translation.override("es"):
        spanish_plan = services.preview_plan(answers=answers, today=TODAY)
    assert english in [s.title for s in english_plan.steps]
    assert spanish in [s.title for s in spanish_plan.steps]


def test_onboarding_questions_are_in_spanish(seeded) -> None:
    with translation.override("es"):
        questions = selectors.background_questions(
            target_role=MLS, education_level="bachelor"
        )
    disciplines = {q.value: (q.label, q.reason) for q in questions.disciplines}
    assert disciplines["blood_bank"] == ("Banco de sangre", "MLS(ASCP), Ruta 2")
    assert disciplines["urinalysis"][0] == "Uroanálisis y líquidos corporales"
    assert {q.label for q in questions.subjects} == {"Biología", "Química"}
    programs = {q.value: (q.label, q.reason) for q in questions.programs}
    assert programs["mls"] == ("Programa de MLS", "MLS(ASCP), Ruta 1")
    assert programs["military"][0] == "Curso militar de laboratorio médico"
    credentials = {q.value: q.reason for q in questions.credentials}
    assert credentials["mls-ascp"] == "la propia MLS(ASCP)"
    everything = " ".join(
        f"{q.label} {q.reason}"
        for q in [
            *questions.credentials,
            *questions.disciplines,
            *questions.subjects,
            *questions.programs,
        ]
    )
    for english in ("itself", "Route", "Blood bank", "program", "Chemistry"):
        assert english not in everything


def test_onboarding_questions_stay_english_in_english(seeded) -> None:
    questions = selectors.background_questions(
        target_role=MLS, education_level="bachelor"
    )
    disciplines = {q.value: (q.label, q.reason) for q in questions.disciplines}
    assert disciplines["blood_bank"] == ("Blood bank", "MLS(ASCP) Route 2")
    assert {q.value: q.reason for q in questions.credentials}[
        "mls-ascp"
    ] == "MLS(ASCP) itself"


def test_choice_labels_follow_the_language() -> None:
    with translation.override("es"):
        assert str(planning.EducationLevel.ASSOCIATE_MLT.label) == (
            "Título de asociado en tecnología de laboratorio médico"
        )
        assert str(planning.MilestoneKind.CERTIFICATION.label) == "Certificación"
        assert str(planning.StudyPace.PART_TIME.label) == "Tiempo parcial"
    assert str(planning.MilestoneKind.CERTIFICATION.label) == "Certification"


def test_generated_requirement_texts_are_spanish() -> None:
    requirements = [
        eligibility.Requirement(
            kind="experience", months=24, disciplines=frozenset({"blood_bank"})
        ),
        eligibility.Requirement(
            kind="coursework", subject="chemistry", hours=Decimal(16)
        ),
        eligibility.Requirement(kind="program", program="mls", within_years=5),
    ]
    background = eligibility.Background(
        education_level="bachelor",
        experience={"blood_bank": 12},
        coursework={"chemistry": Decimal(10)},
        programs_completed=(eligibility.CompletedProgram("mls", 2010),),
    )
    with translation.override("es"):
        evaluation = eligibility.evaluate(requirements, background, year=2026)
    assert evaluation.missing_texts == [
        "24 meses de experiencia en laboratorio clínico a tiempo completo en banco de "
        "sangre (te faltan 12)",
        "16 horas semestrales de química (te faltan 6)",
        "Programa de MLS acreditado, terminado en los últimos 5 años (el tuyo fue en 2010)",
    ]
    english = eligibility.evaluate(requirements, background, year=2026)
    assert english.missing_texts == [
        "24 months of full-time clinical laboratory experience in blood bank (12 more)",
        "16 semester hours of chemistry (6 more)",
        "an accredited MLS program finished within the last 5 years (yours was in 2010)",
    ]


def test_background_and_planning_errors_are_spanish(seeded) -> None:
    with translation.override("es"):
        errors = eligibility.validate_background(
            experience={"astrology": 3},
            coursework={"biology": "-1"},
            programs=[eligibility.CompletedProgram("mls", 1900)],
            degree_field="poetry",
            year=2026,
        )
        assert errors["experience"][0].startswith("Área(s) desconocida(s): astrology.")
        assert errors["coursework"] == [
            "Las horas semestrales deben ser números de 0 a 400 (biology)."
        ]
        assert errors["programs_completed"] == [
            "El año del programa debe estar entre 1950 y 2026."
        ]
        assert errors["degree_field"][0].startswith("Elige uno de estos:")
        assert planning.start_date_error(TODAY + dt.timedelta(days=4000), TODAY) == (
            "Elige una fecha de inicio dentro de los próximos cinco años."
        )
        context = selectors.load_context(
            PlanAnswers(target_role=MLT, education_level="")
        )
        with pytest.raises(PlanningError, match="Puesto desconocido: 'nurse'"):
            planning.build_plan(
                PlanAnswers(target_role="nurse", education_level="high_school"),
                context=context,
                today=TODAY,
            )


def test_milestone_validation_errors_are_spanish() -> None:
    # Spanish groups thousands with a no-break space (Django's es formats), English with a comma.
    with translation.override("es"), pytest.raises(ValidationError) as caught:
        services.validate_milestone_changes(
            status=None,
            completed_on=None,
            notes="x" * (planning.NOTES_MAX_LENGTH + 1),
            today=TODAY,
        )
    assert caught.value.message_dict["notes"] == [
        "Las notas pueden tener 10\u00a0000 caracteres como máximo."
    ]


def test_the_cost_breakdown_is_spanish() -> None:
    items = [
        cost_item(planning.MilestoneKind.EDUCATION, None, title="Programa"),
        cost_item(
            planning.MilestoneKind.CERTIFICATION, None, title="Aprobar el examen"
        ),
        cost_item(
            planning.MilestoneKind.LICENSURE,
            "100",
            "date not stated",
            title="Solicitar la licencia",
        ),
    ]
    with translation.override("es"):
        cost = planning.cost_breakdown(
            items=items, tuition=[], programs=["mlt"], program_label="Programa de MLT"
        )
    assert [p.label for p in cost.missing] == [
        "Colegiatura: Programa de MLT",
        "Aprobar el examen",
    ]
    assert cost.missing[0].missing.startswith("No hay una colegiatura citada")
    assert cost.missing[1].missing == (
        "La cuota no está en nuestros datos: consulta con el organismo que la emite."
    )
    assert cost.parts[0].as_of == "fecha no indicada"
    assert (
        cost.not_included[0] == "libros, materiales, uniformes y batas de laboratorio"
    )
    english = planning.cost_breakdown(items=items, tuition=[], programs=["mlt"])
    assert english.missing[0].label == "Tuition"
    assert english.missing[1].missing == (
        "Fee not in our data: check with the issuing body."
    )
    assert english.not_included[0] == "books, supplies, uniforms and lab coats"


def test_the_calendar_feed_of_a_spanish_speaker_is_spanish(client, seeded) -> None:
    owner = UserFactory(language="es")
    plan = services.create_plan(
        owner=owner,
        answers=PlanAnswers(
            target_role=MLT,
            education_level="high_school",
            state="CA",
            certifying_body="ascp",
        ),
        today=TODAY,
    )
    response = client.get(plan.get_calendar_url())
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    summaries = [str(e["SUMMARY"]) for e in events]
    assert "Aprobar el examen MLT(ASCP) (Ruta 1)" in summaries
    assert "Postularse a puestos de MLT" in summaries
    assert not any(s.startswith(("Pass the", "Apply for", "Renew")) for s in summaries)
    # One category per event, the milestone's kind.
    categories = set(
        re.findall(r"^CATEGORIES:(.*)\r$", response.content.decode(), re.M)
    )
    assert "Certificación" in categories
    assert not categories & {"Certification", "Education", "Job search"}
    descriptions = " ".join(str(e["DESCRIPTION"]) for e in events)
    assert "Presenta la solicitud a" in descriptions
    assert not FORMAL.findall(descriptions)


def test_the_calendar_feed_of_an_english_speaker_stays_english(client, seeded) -> None:
    owner = UserFactory(language="en")
    plan = services.create_plan(
        owner=owner,
        answers=PlanAnswers(target_role=MLT, education_level="high_school"),
        today=TODAY,
    )
    events = Calendar.from_ical(client.get(plan.get_calendar_url()).content).walk(
        "VEVENT"
    )
    assert "Pass the MLT(ASCP) exam (Route 1)" in [str(e["SUMMARY"]) for e in events]


def test_brace_placeholders_survive_translation() -> None:
    """The planner formats its wording with str.format: a Spanish placeholder the English
    does not have would raise KeyError in the middle of building a plan."""
    brace = re.compile(r"\{(\w*)\}")
    wrong = [
        e.msgid
        for e in entries()
        if brace.search(e.msgid)
        and "%(" not in e.msgid
        and any(set(brace.findall(s)) != set(brace.findall(e.msgid)) for s in e.msgstrs)
    ]
    assert not wrong, wrong


def test_the_planner_wording_in_the_catalog_is_informal() -> None:
    formal = [e.msgid for e in entries() if any(FORMAL.search(s) for s in e.msgstrs)]
    assert not formal, formal
