"""Content in Spanish: seeded Spanish fields, the untranslated note, admin, API and search."""

from __future__ import annotations

import pytest
from django.db.models import Model
from django.test import RequestFactory
from django.utils import translation

from content import search, seed
from content.api.serializers import FAQSerializer, RoleSerializer
from content.models import FAQ, Role, StateLicensure
from content.templatetags.translations import untranslated_note

pytestmark = pytest.mark.django_db


def test_seeded_records_carry_english_and_spanish_text(seeded):
    role = Role.objects.get(slug="phlebotomy-technician")
    assert role.title_en == "Phlebotomy Technician"
    assert role.title_es == "Técnico en flebotomía"
    with translation.override("es"):
        assert role.title == "Técnico en flebotomía"
        assert role.duty_list[0].startswith("Extraer muestras de sangre")
    assert role.title == "Phlebotomy Technician"
    # Facts are the same record in both languages, never re-typed.
    california = StateLicensure.objects.get(code="CA")
    with translation.override("es"):
        assert california.application_fee_usd == 230
        mlt = california.categories.get(slug="mlt")
        assert mlt.name == "Licencia de técnico de laboratorio médico (MLT)"


def test_a_record_without_spanish_shows_english_with_a_note_in_spanish(seeded):
    role = Role.objects.get(slug="histotechnician")
    role.summary_es = ""
    role.save()
    with translation.override("es"):
        assert role.summary == role.summary_en  # the English, not an empty line
        assert untranslated_note(role) == {"missing": True}
        assert untranslated_note(Role.objects.get(slug="cytotechnologist")) == {
            "missing": False
        }
    assert untranslated_note(role) == {"missing": False}  # English pages need no note


def test_role_page_in_spanish_shows_the_note_only_where_spanish_is_missing(
    client, seeded
):
    role = Role.objects.get(slug="histotechnician")
    role.summary_es = ""
    role.save()
    note = "Esta información aún no está traducida"
    with translation.override("es"):
        untranslated = client.get(role.get_absolute_url()).content.decode()
        translated = client.get("/es/roles/cytotechnologist/").content.decode()
    english = client.get(role.get_absolute_url()).content.decode()
    assert note in untranslated
    assert role.summary_en in untranslated
    assert note not in translated
    assert "Examina células al microscopio" in translated
    assert note not in english
    assert role.summary_en in english


def test_api_serializers_return_the_active_language(seeded):
    request = RequestFactory().get("/api/v1/roles/")
    role = Role.objects.for_api().get(slug="medical-laboratory-technician")
    faq = FAQ.objects.get(slug="what-schooling-do-i-need")
    with translation.override("es"):
        spanish = RoleSerializer(role, context={"request": request}).data
        faq_es = FAQSerializer(faq, context={"request": request}).data
    english = RoleSerializer(role, context={"request": request}).data
    assert spanish["title"] == "Técnico de laboratorio médico (MLT)"
    assert english["title"] == "Medical Laboratory Technician (MLT)"
    assert spanish["slug"] == english["slug"]

    # Facts and citations are shared; only a source's date as worded ("undated, stored
    # copy"), as cited and as shown, is in the active language.
    def shared(sources):
        worded = {"as_of_label", "date_label"}
        return [{k: v for k, v in s.items() if k not in worded} for s in sources]

    def worded(sources):
        return {s["url"]: (s["as_of_label"], s["date_label"]) for s in sources}

    assert shared(spanish["sources"]) == shared(english["sources"])
    stored_copy = next(
        url
        for url, (label, _) in worded(english["sources"]).items()
        if label == "undated, stored copy"
    )
    assert worded(english["sources"])[stored_copy] == (
        "undated, stored copy",
        "undated, stored copy",
    )
    assert worded(spanish["sources"])[stored_copy] == (
        "sin fecha, copia guardada",
        "sin fecha, copia guardada",
    )
    assert faq_es["question"] == "¿Qué estudios necesito?"


def test_admin_filters_records_missing_spanish_and_shows_both_languages(
    admin_client, seeded
):
    untranslated = Role.objects.get(slug="lead-technologist")
    untranslated.title_es = ""
    untranslated.save()
    missing = admin_client.get("/admin/content/role/?spanish=missing").content.decode()
    complete = admin_client.get(
        "/admin/content/role/?spanish=complete"
    ).content.decode()
    assert f"/admin/content/role/{untranslated.pk}/change/" in missing
    translated = Role.objects.get(slug="cytotechnologist")
    assert f"/admin/content/role/{translated.pk}/change/" not in missing
    assert f"/admin/content/role/{translated.pk}/change/" in complete
    form = admin_client.get(f"/admin/content/role/{translated.pk}/change/")
    html = form.content.decode()
    assert 'name="title_en"' in html
    assert 'name="title_es"' in html
    assert "Citotecnólogo / Citólogo (CT)" in html


def test_loader_keeps_an_editors_spanish(seeded):
    role = Role.objects.get(slug="laboratory-manager")
    role.title_es = (
        "Jefe de laboratorio"  # an editor's wording (a change with no loader reason)
    )
    role.save()
    report = seed.load_content()
    role.refresh_from_db()
    assert role.title_es == "Jefe de laboratorio"
    assert any("laboratory-manager" in label for label in report.kept)


def test_spanish_data_merges_by_record_identity_and_rejects_unknown_fields():
    english = {"roles": [{"slug": "mlt", "title": "MLT", "duties": ["Run tests"]}]}
    with pytest.raises(ValueError, match="no English field 'titel'"):
        seed.merge_spanish(english, {"roles": {"mlt": {"titel": "MLT"}}}, "roles.yaml")
    seed.merge_spanish(
        english,
        {
            "roles": {
                "mlt": {"title": "Técnico", "duties": ["Hacer pruebas", "Informar"]},
                "dropped-from-english": {"title": "Sin registro"},
            }
        },
        "roles.yaml",
    )
    assert english["roles"] == [
        {
            "slug": "mlt",
            "title": "MLT",
            "duties": ["Run tests"],
            "title_es": "Técnico",
            "duties_es": "Hacer pruebas\nInformar",
        }
    ]


# Spanish questions people ask, and the page that answers each (it must come first).
SPANISH_QUERIES = [
    ("flebotomía", "/roles/phlebotomy-technician/"),
    ("flebotomia", "/roles/phlebotomy-technician/"),  # typed without the accent
    ("licencia California", "/licensure/CA/"),
    ("licencia de Florida", "/licensure/FL/"),
    ("licencia en Nueva York", "/licensure/NY/"),
    ("examen MLT de ASCP", "/certifications/mlt-ascp/"),
    ("banco de sangre", "/roles/blood-bank-technologist/"),
    ("histotécnico", "/roles/histotechnician/"),
    ("citotecnologo", "/roles/cytotechnologist/"),
    ("biología molecular", "/roles/molecular-technologist/"),
    ("gerente de laboratorio", "/roles/laboratory-manager/"),
    # The FAQ on cost, or the MLT page's cited tuition (what English ranks first, now that
    # program and topic labels are Spanish too): both answer it.
    (
        "¿Cuánto cuesta llegar a ser MLT?",
        (
            "/faq/#how-much-does-it-cost-to-become-an-mlt-or-mls",
            "/roles/medical-laboratory-technician/#fact-r-tuition-",
        ),
    ),
    ("¿Cuánto gana un técnico de laboratorio?", "/outlook/"),
    ("salario de flebotomista", "/outlook/"),
    ("de MLT a MLS", "/guides/mlt-to-mls/"),
    (
        "¿Qué estados exigen una licencia?",
        "/faq/#which-states-require-a-personal-license",
    ),
    ("¿Necesito una licencia estatal?", "/guides/do-i-need-a-state-licence/"),
    ("cuánto se tarda en ser MLT", "/faq/#how-long-does-it-take-to-become-an-mlt"),
]


@pytest.mark.parametrize(("query", "url"), SPANISH_QUERIES)
def test_spanish_query_ranks_the_right_page_first(seeded, query, url):
    with translation.override("es"):
        results = search.search(query)
        hits = list(results.hits[:3])
    assert not results.fuzzy
    assert hits, f"no hit for {query!r}"
    # Spanish documents link to the Spanish pages (/es/...).
    answers = url if isinstance(url, tuple) else (url,)
    assert any(
        hits[0].url == f"/es{a}"
        or (a.endswith("-") and hits[0].url.startswith(f"/es{a}"))
        for a in answers
    ), [h.url for h in hits]
    assert all(h.language == "es" for h in hits)


def test_spanish_outlook_document_names_the_occupations_in_spanish(seeded):
    from content.models import SearchDocument

    doc = SearchDocument.objects.get(kind=SearchDocument.Kind.OUTLOOK, language="es")
    assert "Tecnólogos y técnicos de laboratorio clínico" in doc.body
    assert "Flebotomistas" in doc.body
    assert "Clinical laboratory technologists" not in doc.body
    assert "Phlebotomists" not in doc.body


@pytest.mark.parametrize(
    "query", ["tecnólogos y técnicos de laboratorio clínico", "flebotomistas"]
)
def test_spanish_occupation_name_finds_the_outlook_page(seeded, query):
    with translation.override("es"):
        results = search.search(query)
        urls = [h.url for h in results.hits[:3]]
    assert not results.fuzzy
    assert "/es/outlook/" in urls, urls


def test_english_search_reads_only_english_documents(seeded):
    hits = list(search.search("phlebotomy").hits[:5])
    assert hits[0].url == "/roles/phlebotomy-technician/"
    assert {h.language for h in hits} == {"en"}
    with translation.override("es"):
        spanish = list(search.search("flebotomía").hits[:5])
    assert (
        hits[0].object_id == spanish[0].object_id
    )  # the same record, in each language
    assert spanish[0].title == "Técnico en flebotomía"


@pytest.mark.parametrize(
    "path",
    [
        "/roles/medical-laboratory-technician/",
        "/certifications/mlt-ascp/",
        "/licensure/CA/",
        "/faq/",
        "/api/v1/roles/",
        "/api/v1/certifications/",
    ],
)
def test_spanish_pages_cost_the_same_queries_as_english(client, seeded, path):
    """The Spanish text is columns of the same rows: no extra query per language."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for language in ("en", "es"):
        cache.clear()
        with translation.override(language), CaptureQueriesContext(connection) as q:
            response = client.get(path)
        assert response.status_code == 200
        counts[language] = len(q.captured_queries)
    assert counts["es"] == counts["en"]


def test_outlook_page_in_spanish_notes_a_figure_without_spanish_labels(client, seeded):
    from content.models import OutlookFigure

    note = "Esta información aún no está traducida"
    assert note not in client.get("/es/outlook/").content.decode()
    figure = OutlookFigure.objects.published().filter(state_code="").first()
    assert figure is not None
    figure.figure_es = ""
    figure.save()
    assert note in client.get("/es/outlook/").content.decode()
    assert note not in client.get("/outlook/").content.decode()


def test_every_seeded_fee_date_has_its_spanish_wording(seeded):
    from content.models import Certification, LicenseCategory

    labelled = [
        *(
            (c, f)
            for c in Certification.objects.all()
            for f in ("exam_fee_as_of", "renewal_fee_as_of")
        ),
        *((s, "fee_as_of") for s in StateLicensure.objects.all()),
        *((k, "fee_as_of") for k in LicenseCategory.objects.all()),
    ]
    with_english = [(r, f) for r, f in labelled if getattr(r, f"{f}_en")]
    assert len(with_english) >= 20
    assert [(str(r), f) for r, f in with_english if not getattr(r, f"{f}_es")] == []
    pbt = Certification.objects.get(slug="pbt-ascp")
    with translation.override("es"):
        assert pbt.exam_fee_as_of.startswith("fecha no indicada (página antigua")
    assert pbt.exam_fee_as_of.startswith("date not stated (older ascp.org")


def test_all_seeded_content_and_pathway_steps_have_their_spanish(seeded):
    """Every translated field of every seeded record that has English has Spanish too (the
    admin's "missing Spanish" filter starts empty)."""
    from content.translation import TRANSLATED_FIELDS, untranslated_fields
    from planner.models import PathwayStep, PathwayTemplate
    from planner.translation import TRANSLATED_FIELDS as PLANNER_FIELDS

    models: list[type[Model]] = [
        *TRANSLATED_FIELDS,
        PathwayTemplate,
        PathwayStep,
    ]
    assert set(models) >= {Role, FAQ, StateLicensure}
    assert PathwayStep in PLANNER_FIELDS
    missing = [
        (model.__name__, str(record), untranslated_fields(record))
        for model in models
        for record in model._default_manager.all()
        if untranslated_fields(record)
    ]
    assert missing == []
