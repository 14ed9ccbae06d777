"""`careerpath.choices.ChoiceLabels` shows the same label as Django's own `get_FOO_display`,
in every language, for every choice (and an unknown value as itself)."""

from __future__ import annotations

import pytest
from django.db import models
from django.utils import translation

from careerpath.choices import ChoiceLabels
from planner.models import Milestone, Plan

MODELS = [Plan, Milestone]
FIELDS = [
    (model, field)
    for model in MODELS
    for field in model._meta.concrete_fields
    if field.choices
]


def test_the_planner_models_use_it_and_have_choice_fields():
    assert all(issubclass(model, ChoiceLabels) for model in MODELS)
    assert {f.name for m, f in FIELDS if m is Milestone} >= {"status", "kind"}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("model", "field"), FIELDS, ids=lambda x: str(x))
def test_labels_match_djangos_for_every_choice(model, field, language):
    values = [value for value, _ in field.flatchoices] + ["not-a-choice"]
    with translation.override(language):
        for value in values:
            record = model(**{field.attname: value})
            ours = getattr(record, f"get_{field.name}_display")()
            djangos = models.Model._get_FIELD_display(record, field)  # type: ignore[attr-defined]
            assert ours == djangos
            assert type(ours) is str


def test_the_label_follows_the_active_language_after_first_use():
    milestone = Milestone(status="done")
    with translation.override("en"):
        english = milestone.get_status_display()
    with translation.override("es"):
        spanish = milestone.get_status_display()
    with translation.override("en"):
        again = milestone.get_status_display()
    assert english == again
    assert spanish != english
