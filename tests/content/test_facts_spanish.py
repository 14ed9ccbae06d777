"""Pay, outlook and source dates in Spanish: the wording content/facts.py builds itself
(occupation names, measures, stock "undated" labels and month names)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from content import facts
from content.models import OutlookFigure, ProgramFact, Role, Source
from content.seed import load_content

pytestmark = pytest.mark.django_db

MLT = "medical-laboratory-technician"


@pytest.fixture
def seeded(db: None) -> None:
    if not Role.objects.filter(slug=MLT).exists():
        load_content()


def test_occupations_are_named_in_the_active_language() -> None:
    with translation.override("es"):
        occupation = facts.occupation("29-2010")
        assert occupation.name == "Tecnólogos y técnicos de laboratorio clínico"
        assert occupation.note.startswith("Las publicaciones recientes de OEWS")
        assert facts.occupation("31-9097").name == "Flebotomistas"
        assert facts.occupation("99-9999").name == "99-9999"
    assert facts.occupation("29-2010").name == (
        "Clinical laboratory technologists and technicians"
    )
    # The table itself keeps the English (the search index and the catalog read it).
    assert facts.OCCUPATIONS["31-9097"].name == "Phlebotomists"


@pytest.mark.parametrize(
    ("as_of", "label", "english", "spanish"),
    [
        (
            None,
            "undated, stored copy",
            "undated, stored copy",
            "sin fecha, copia guardada",
        ),
        (None, "undated", "undated", "sin fecha"),
        (None, "", "undated", "sin fecha"),
        (dt.date(2023, 5, 1), "", "May 2023", "mayo de 2023"),
        # A source's own words are shown as cited.
        (None, "current through 2024-09-24", "current through 2024-09-24", None),
    ],
)
def test_source_dates_are_shown_in_the_active_language(
    as_of, label, english, spanish
) -> None:
    source = Source(key="s", title="S", as_of=as_of, as_of_label=label)
    assert source.date_label == english
    with translation.override("es"):
        assert source.date_label == (spanish or english)
        assert facts.source_date_label(source) == (spanish or english)


def test_the_pay_and_outlook_lines_of_a_role_are_spanish(seeded) -> None:
    role = Role.objects.get(slug=MLT)
    figures = OutlookFigure.objects.published().with_sources()
    with translation.override("es"):
        (line,) = facts.role_facts(
            [role],
            figures,
            ProgramFact.objects.published(),
            today=dt.date(2026, 11, 25),
        )
    assert line.pay.label == "Salario"
    assert "(salario anual mediano)" in line.pay.value
    assert line.pay.detail == "Tecnólogos y técnicos de laboratorio clínico (29-2010)"
    assert (
        line.outlook.detail == "Tecnólogos y técnicos de laboratorio clínico (29-2010)"
    )
    assert "Clinical laboratory" not in line.pay.detail + line.outlook.detail
    (english,) = facts.role_facts(
        [role], figures, ProgramFact.objects.published(), today=dt.date(2026, 11, 25)
    )
    assert "(median annual wage)" in english.pay.value
    assert (
        english.pay.detail
        == "Clinical laboratory technologists and technicians (29-2010)"
    )
