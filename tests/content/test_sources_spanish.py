"""A source's date as worded (`as_of_label`) in Spanish: seeded from content/data/es/sources.yaml,
shown on Spanish pages, kept like any other translated field."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from content import seed
from content.models import Source

pytestmark = pytest.mark.django_db

PHLEBOTOMY_OOH = "bls-ooh-phleb-2023wages"
NUMBER = re.compile(r"\d+")
# Host names and file names the labels mention ("archive.cdph.ca.gov", "eligibility_facts.yaml").
NAME = re.compile(r"\b[\w-]+(?:\.[a-z]{2,})+\b")


def _labelled_sources() -> list[Source]:
    return [
        s for s in Source.objects.order_by("key") if (s.as_of_label_en or "").strip()
    ]


def test_every_seeded_source_with_an_english_date_label_has_a_spanish_one(seeded):
    sources = _labelled_sources()
    assert len(sources) > 150
    missing = [s.key for s in sources if not (s.as_of_label_es or "").strip()]
    assert missing == []


def test_spanish_date_labels_keep_the_dates_figures_and_names_of_the_english(seeded):
    for source in _labelled_sources():
        english, spanish = source.as_of_label_en or "", source.as_of_label_es or ""
        assert set(NUMBER.findall(spanish)) == set(NUMBER.findall(english)), source.key
        assert set(NAME.findall(spanish)) == set(NAME.findall(english)), source.key
        if english.lower().startswith("undated"):
            assert "sin fecha" in spanish, source.key


def test_a_source_shows_its_date_label_in_the_active_language(seeded):
    source = Source.objects.get(key=PHLEBOTOMY_OOH)
    english = "undated in the part seen (edition shows May 2023 wages and 2023-33 projections)"
    spanish = (
        "sin fecha en la parte consultada (la edición muestra los salarios de mayo de 2023 "
        "y las proyecciones 2023-33)"
    )
    assert source.date_label == english
    with translation.override("es"):
        assert source.date_label == spanish
        assert source.as_of_label == spanish


def test_spanish_role_page_shows_the_spanish_date_label_of_a_source(client, seeded):
    source = Source.objects.get(key=PHLEBOTOMY_OOH)
    english = client.get("/roles/phlebotomy-technician/").content.decode()
    spanish = client.get("/es/roles/phlebotomy-technician/").content.decode()
    assert f"({source.as_of_label_en})" in english
    assert f"({source.as_of_label_es})" in spanish
    assert source.as_of_label_en not in spanish


def test_loading_fills_the_spanish_labels_of_sources_seeded_before_they_existed(
    seeded,
):
    # After the migration that added the columns: English copied over, Spanish empty, and a
    # fingerprint computed without either column; only the loader ever wrote these records.
    Source.objects.filter(key=PHLEBOTOMY_OOH).update(
        as_of_label_es=None, seed_fingerprint="computed-over-fewer-fields"
    )
    seed.load_content()
    source = Source.objects.get(key=PHLEBOTOMY_OOH)
    assert (source.as_of_label_es or "").startswith("sin fecha en la parte consultada")
    assert seed.load_content().updated == 0


def test_loader_keeps_an_editors_spanish_date_label(seeded):
    source = Source.objects.get(key=PHLEBOTOMY_OOH)
    source.as_of_label_es = "sin fecha (edición con salarios de mayo de 2023)"
    source.save()
    report = seed.load_content()
    source.refresh_from_db()
    assert source.as_of_label_es == "sin fecha (edición con salarios de mayo de 2023)"
    assert any(PHLEBOTOMY_OOH in label for label in report.kept)


def test_editors_edit_the_date_label_in_both_languages_side_by_side(
    admin_client, seeded
):
    source = Source.objects.get(key=PHLEBOTOMY_OOH)
    html = admin_client.get(
        f"/admin/content/source/{source.pk}/change/"
    ).content.decode()
    assert 'name="as_of_label_en"' in html
    assert 'name="as_of_label_es"' in html
    assert 'name="as_of_label"' not in html
    Source.objects.filter(pk=source.pk).update(as_of_label_es="")
    translated = Source.objects.get(key="bls-ooh-clt-2023wages")
    missing = admin_client.get(
        "/admin/content/source/?spanish=missing"
    ).content.decode()
    assert f"/admin/content/source/{source.pk}/change/" in missing
    assert f"/admin/content/source/{translated.pk}/change/" not in missing
