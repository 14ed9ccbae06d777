"""Which content fields have a Spanish value beside the English (django-modeltranslation).

Only text people read is translated. Facts, figures, dates, URLs, slugs and the labels the code
compares (an outlook figure's `unit` and `as_of`, a credential's abbreviation) are one value for
both languages; a source's date as worded (`as_of_label`, "undated, stored copy") is text
people read, and is translated. Reading a field gives the active language's value, or the
English when the Spanish is empty (MODELTRANSLATION_FALLBACK_LANGUAGES).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from modeltranslation.translator import TranslationOptions, register, translator

from content import models as m

# Model -> its translated fields; also what the loader reads from content/data/es/ and what
# the admin's "missing Spanish" filter checks.
TRANSLATED_FIELDS: dict[type, tuple[str, ...]] = {
    m.Source: ("as_of_label",),
    m.WorkSetting: ("name", "notes"),
    m.Skill: ("name",),
    m.Role: (
        "title",
        "also_called",
        "summary",
        "duties",
        "typical_education",
        "supervision",
        "notes",
    ),
    m.Certification: (
        "name",
        "notes",
        "exam_format",
        "exam_time",
        "exam_content_areas",
        "exam_notes",
        "renewal_required_categories",
        "renewal_notes",
        # A fee's date as worded ("date not stated (older ascp.org page; ...)"): text.
        "exam_fee_as_of",
        "renewal_fee_as_of",
    ),
    m.EligibilityRoute: ("requirements",),
    m.RouteRequirement: ("text",),
    m.StateLicensure: (
        "name",
        "license_levels",
        "notes",
        "processing_note",
        "fee_as_of",
    ),
    m.LicenseStep: ("title", "description"),
    m.LicenseCategory: (
        "name",
        "summary",
        "steps",
        "renewal_notes",
        "processing_note",
        "notes",
        "fee_as_of",
    ),
    m.LicenseRequirement: ("text",),
    m.OutlookFigure: ("figure", "chart_label", "notes"),
    m.ProgramFact: ("text", "notes"),
    m.FAQ: ("question", "answer"),
    m.Guide: ("title", "summary", "body"),
}


def untranslated_fields(record: models.Model) -> list[str]:
    """The translated fields of `record` that have English text but no Spanish."""
    fields = TRANSLATED_FIELDS.get(type(record), ())
    if not fields:
        from planner.translation import TRANSLATED_FIELDS as planner_fields

        fields = planner_fields.get(type(record), ())
    return [
        name
        for name in fields
        if (getattr(record, f"{name}_en", None) or "").strip()
        and not (getattr(record, f"{name}_es", None) or "").strip()
    ]


def missing_spanish_filter(model: type[models.Model]) -> models.Q:
    """Rows with English text in some translated field and no Spanish beside it."""
    from planner.translation import TRANSLATED_FIELDS as planner_fields

    fields = TRANSLATED_FIELDS.get(model) or planner_fields.get(model, ())
    query = models.Q()
    for name in fields:
        empty_es = models.Q(**{f"{name}_es__isnull": True}) | models.Q(
            **{f"{name}_es": ""}
        )
        has_en = models.Q(**{f"{name}_en__isnull": False}) & ~models.Q(
            **{f"{name}_en": ""}
        )
        query |= has_en & empty_es
    return query


def register_translations(translated: dict[type, tuple[str, ...]]) -> None:
    """Register each model's translated fields, and keep them in its change history too.

    django-simple-history builds a historical model when the model class is created, before
    modeltranslation adds the `_en`/`_es` fields, yet it records every field the model has at
    save time: the historical model gets the same fields here, so the history records both
    languages (and an editor's Spanish edit is an edit the loader sees).
    """
    for model, fields in translated.items():
        register(model)(
            type(
                f"{model.__name__}TranslationOptions",
                (TranslationOptions,),
                {"fields": fields},
            )
        )
        history = getattr(model, "history", None)
        if history is None:
            continue
        historical: Any = history.model
        for original in fields:
            for field in translator.get_options_for_model(model).all_fields[original]:
                copy: Any = field.clone()  # a TranslationField (a models.Field)
                historical.add_to_class(field.name, copy)
                historical.tracked_fields.append(historical._meta.get_field(field.name))


register_translations(TRANSLATED_FIELDS)
