from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from content import seed
from content.models import OutlookFigure, Role, SearchDocument, StateLicensure

pytestmark = pytest.mark.django_db


def test_second_run_changes_nothing(seeded):
    before = Role.objects.get(slug="medical-laboratory-technician").updated_at
    report = seed.load_content()
    assert (report.created, report.updated, report.kept) == (0, 0, [])
    assert report.unchanged > 250
    assert Role.objects.get(slug="medical-laboratory-technician").updated_at == before


def test_editor_change_survives_a_rerun_and_is_reported(seeded, capsys):
    role = Role.objects.get(slug="medical-laboratory-technician")
    role.summary = "Edited by an editor."
    role.save()
    call_command("load_content")
    out = capsys.readouterr().out
    role.refresh_from_db()
    assert role.summary == "Edited by an editor."
    assert "1 kept" in out
    assert "medical-laboratory-technician" in out


def test_a_record_only_the_loader_wrote_is_updated_after_a_migration(seeded):
    # A migration that adds a field changes what the fingerprint covers, so the stored one no
    # longer matches; no history row says anyone but the loader changed the record.
    role = Role.objects.get(slug="medical-laboratory-technician")
    Role.objects.filter(pk=role.pk).update(
        seed_fingerprint="computed-over-fewer-fields", summary="Stale summary."
    )
    report = seed.load_content()
    role.refresh_from_db()
    assert role.summary != "Stale summary."
    assert "role: {'slug': 'medical-laboratory-technician'}" not in report.kept
    assert report.updated >= 1


def test_an_editors_change_is_kept_even_when_the_fingerprint_is_stale(seeded):
    role = Role.objects.get(slug="medical-laboratory-technician")
    role.summary = "Edited by an editor."
    role.save()
    Role.objects.filter(pk=role.pk).update(
        seed_fingerprint="computed-over-fewer-fields"
    )
    seed.load_content()
    role.refresh_from_db()
    assert role.summary == "Edited by an editor."


def test_a_dropped_record_only_the_loader_wrote_is_unpublished_after_a_migration(
    seeded, tmp_path
):
    import shutil

    figure = OutlookFigure.objects.published().first()
    assert figure is not None
    OutlookFigure.objects.filter(pk=figure.pk).update(
        seed_fingerprint="computed-over-fewer-fields"
    )
    data = tmp_path / "data"
    shutil.copytree(seed.DATA_DIR, data)
    outlook = data / "outlook.yaml"
    text = outlook.read_text()
    import yaml

    loaded = yaml.safe_load(text)
    key = next(
        k for k, v in loaded.items() if isinstance(v, list) and v and "figure" in v[0]
    )
    loaded[key] = [f for f in loaded[key] if f.get("slug", "") != figure.slug]
    outlook.write_text(yaml.safe_dump(loaded, sort_keys=False, allow_unicode=True))

    seed.load_content(data_dir=data)

    figure.refresh_from_db()
    assert figure.status == "draft"


def test_seed_covers_every_state_dc_and_pr_with_corrected_licensure(seeded):
    codes = set(StateLicensure.objects.values_list("code", flat=True))
    assert len(codes) == 52
    assert {"DC", "PR"} <= codes
    licensed = set(
        StateLicensure.objects.filter(requires_license=True).values_list(
            "code", flat=True
        )
    )
    assert licensed == {
        "CA",
        "FL",
        "HI",
        "LA",
        "MT",
        "NV",
        "NY",
        "ND",
        "TN",
        "WV",
        "PR",
        "RI",
    }
    assert all(s.sources.exists() for s in StateLicensure.objects.all())


def test_seed_keeps_the_corrected_pay_figures(seeded):
    # Technologists and technicians (29-2010); phlebotomists have their own figures.
    may_2023 = OutlookFigure.objects.get(
        figure__startswith="Median annual", as_of="May 2023", occupation_code="29-2010"
    )
    may_2022 = OutlookFigure.objects.get(
        figure__startswith="Median annual", as_of="May 2022", occupation_code="29-2010"
    )
    assert (may_2023.value, may_2022.value) == (Decimal(60780), Decimal(57380))
    growth = OutlookFigure.objects.get(figure="Projected employment growth")
    assert "faster than average" in growth.unit


def test_seed_indexes_published_content_for_search(seeded):
    # One document per published role in each language (English and Spanish).
    for language in ("en", "es"):
        assert (
            SearchDocument.objects.filter(kind="role", language=language).count()
            == Role.objects.published().count()
        )
