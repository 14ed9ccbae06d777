"""License categories by role: seed data, the state page, the map, "What if I move?" and the API."""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest

from content import licensure
from content.models import (
    LicenseCategory,
    PublishStatus,
    Role,
    StateLicensure,
)
from tests.content.factories import (
    LicenseCategoryFactory,
    LicenseRequirementFactory,
    RoleFactory,
    SourceFactory,
    StateLicensureFactory,
)

pytestmark = pytest.mark.django_db

LICENSING = ["CA", "FL", "HI", "LA", "MT", "NV", "NY", "ND", "TN", "WV", "PR", "RI"]
MLT = "medical-laboratory-technician"
MLS = "medical-laboratory-scientist"
PHLEBOTOMY = "phlebotomy-technician"


def published_roles() -> list[str]:
    return list(Role.objects.published().values_list("slug", flat=True))


def jurisdictions() -> list[str]:
    return list(StateLicensure.objects.published().values_list("code", flat=True))


# --- seed data ----------------------------------------------------------------------------


def test_seed_has_52_jurisdictions_and_twelve_that_license(seeded):
    assert len(jurisdictions()) == 52
    licensing = StateLicensure.objects.filter(requires_license=True)
    assert sorted(licensing.values_list("code", flat=True)) == sorted(LICENSING)


def test_california_api_lists_cls_trainee_mlt_and_cpt1_with_roles_sources_and_fees(
    api_client, seeded
):
    data = api_client.get("/api/v1/states/CA/").json()
    categories = {c["slug"]: c for c in data["license_categories"]}
    assert {"cls", "cls-trainee", "mlt", "cpt-1", "lpt", "cytotechnologist"} <= set(
        categories
    )
    assert "limited-cls" in categories

    cls = categories["cls"]
    assert MLS in cls["roles"]
    assert cls["kind"] == "license"
    assert cls["fee_usd"] == "230.00"
    assert cls["fee_as_of"] == "2022-06-02"
    assert cls["fee_verified"] is True
    assert cls["renewal"] == {
        "cycle_years": 2,
        "ce_hours": 24,
        "notes": cls["renewal"]["notes"],
    }
    assert any("O*NET" in s["publisher"] for s in cls["sources"])
    assert cls["board"]["url"].startswith("https://www.cdph.ca.gov/")
    kinds = [r["kind"] for r in cls["requirements"]]
    assert kinds[:4] == ["degree", "coursework", "coursework", "coursework"]
    chemistry = next(r for r in cls["requirements"] if r["subject"] == "chemistry")
    assert chemistry["semester_hours"] == "16.0"

    trainee = categories["cls-trainee"]
    assert trainee["kind"] == "trainee"
    assert trainee["roles"] == [MLS]
    assert trainee["sources"]

    mlt = categories["mlt"]
    assert mlt["roles"] == [MLT]
    assert mlt["fee_usd"] == "230.00"
    # Confirmed on the LFS application portal (research of 2026-12-02), dated by the
    # fee schedule it falls under.
    assert mlt["fee_verified"] is True
    assert mlt["fee_as_of"].startswith("LFS fee schedule effective 2020-01-01")
    assert mlt["processing_note"]
    assert mlt["accepted_certifications"]

    cpt1 = categories["cpt-1"]
    assert cpt1["kind"] == "certificate"
    assert cpt1["roles"] == [PHLEBOTOMY]
    assert cpt1["fee_usd"] is None  # not found in any source
    assert cpt1["renewal"]["ce_hours"] == 6
    assert any(r["program_kind"] == "phlebotomy" for r in cpt1["requirements"])
    for category in data["license_categories"]:
        assert category["sources"], category["slug"]
        for source in category["sources"]:
            assert set(source) == {
                "title",
                "publisher",
                "url",
                "as_of",
                "as_of_label",
                "date_label",
                "is_copy",
            }
        assert category["html_url"].endswith(
            f"/licensure/CA/#category-{category['slug']}"
        )


@pytest.mark.parametrize("code", LICENSING)
def test_every_licensing_jurisdiction_covers_every_published_role(seeded, code):
    state = StateLicensure.objects.with_categories().get(code=code)
    categories = list(state.categories.all())
    assert categories
    for role in Role.objects.published():
        mine = licensure.categories_for_role(state, role)
        assert mine, f"{code} has no category for {role.slug}"
    confirms = [c for c in categories if c.kind == LicenseCategory.Kind.CONFIRM]
    assert len(confirms) <= 1, "one confirm-with-the-board category per jurisdiction"
    for category in confirms:
        assert not category.verified
        assert category.name.startswith("Not confirmed: ask ")
        assert re.match(r"^https?://", category.board_link), category
    for category in categories:
        assert category.board_link.startswith("http"), (code, category.slug)
        assert category.sources.exists(), (code, category.slug)
        # Loading is not a review: a category nobody has checked is due for review.
        assert category.last_reviewed or category.review_due(), (code, category.slug)


def test_puerto_rico_rhode_island_and_nevada_have_board_links(seeded):
    for code in ("PR", "RI", "NV"):
        state = StateLicensure.objects.get(code=code)
        assert state.board_url.startswith("https://"), code
    # No page of the PR or RI board itself was found: the notes say what the link is.
    assert "Department of Health" in StateLicensure.objects.get(code="PR").notes
    assert "Department of Health" in StateLicensure.objects.get(code="RI").notes


def test_unconfirmed_dataset_entries_stay_unverified(seeded):
    for code in ("MT", "ND", "WV", "PR", "RI"):
        assert not LicenseCategory.objects.filter(
            state__code=code, verified=True
        ).exists()
    assert not LicenseCategory.objects.get(state__code="CA", slug="cpt-2").verified
    florida = LicenseCategory.objects.get(state__code="FL", slug="phlebotomists")
    assert florida.kind == LicenseCategory.Kind.NOT_REQUIRED
    assert florida.verified


def test_loading_the_seed_again_changes_no_category(seeded):
    from content import seed

    report = seed.load_content()
    assert not report.changed
    assert LicenseCategory.objects.filter(seed_fingerprint="").count() == 0


# --- the rule ---------------------------------------------------------------------------


def _category(kind: str, *, verified: bool = True) -> LicenseCategory:
    return LicenseCategory(kind=kind, verified=verified, name="x", slug="x")


@pytest.mark.parametrize(
    ("requires", "categories", "expected"),
    [
        (True, [("license", True)], "required"),
        (True, [("trainee", True)], "required"),
        (False, [("certificate", True)], "required"),
        (True, [("license", False)], "confirm"),
        (True, [("confirm", False)], "confirm"),
        (True, [], "confirm"),
        (True, [("not_required", True)], "none"),
        (True, [("not_required", False)], "confirm"),
        (False, [], "none"),
        (False, [("license", False)], "confirm"),
        (True, [("license", True), ("not_required", True)], "required"),
    ],
)
def test_role_licensing_rule(requires, categories, expected):
    state = StateLicensure(code="XX", name="X", requires_license=requires)
    made = [_category(kind, verified=verified) for kind, verified in categories]
    assert licensure.role_licensing(state, made) == expected


# --- the state page ---------------------------------------------------------------------


def test_state_page_lists_categories_with_roles_fees_renewal_board_and_sources(
    client, seeded
):
    html = client.get("/licensure/CA/").content.decode()
    assert "Licenses and certificates by role" in html
    assert 'id="category-cls-trainee"' in html
    assert "Trainee license, needed before clinical training" in html
    assert "$230 (as of 2022-06-02)" in html
    assert "$230 (as of LFS fee schedule effective 2020-01-01" in html  # the MLT fee
    assert "Every 2 years, with 24 hours of continuing education." in html
    assert 'href="/roles/medical-laboratory-scientist/"' in html
    assert "Coursework:</span> 16 semester units of chemistry" in html
    assert "Not found in the sources used here" in html  # CPT I fee
    assert 'class="badge badge-unverified"' in html  # CPT II, the confirm category
    assert "O*NET" in html


def test_state_page_shows_alternatives_and_undated_fees(client, seeded):
    html = client.get("/licensure/NY/").content.decode()
    assert "One of these:" in html or "And one of these:" in html
    assert "$345 (date not stated)" in html
    assert "MLS(ASCP) exam (accepted since 2001-09-01)" in html


def test_state_without_a_license_has_no_categories_section(client, seeded):
    html = client.get("/licensure/TX/").content.decode()
    assert "No personnel license" in html
    assert "Licenses and certificates by role" not in html


def test_unpublished_category_is_hidden_from_page_and_api(client, api_client, seeded):
    LicenseCategory.objects.filter(state__code="CA", slug="lpt").update(
        status=PublishStatus.DRAFT
    )
    assert 'id="category-lpt"' not in client.get("/licensure/CA/").content.decode()
    slugs = [
        c["slug"]
        for c in api_client.get("/api/v1/states/CA/").json()["license_categories"]
    ]
    assert "lpt" not in slugs
    assert "cpt-1" in slugs


def _grow(extra: int) -> None:
    """More categories (with roles, requirements and sources) on CA and on new states."""
    ca = StateLicensure.objects.get(code="CA")
    for i in range(extra):
        category = LicenseCategoryFactory(
            state=ca,
            roles=[RoleFactory(), Role.objects.get(slug=MLT)],
            sources=[SourceFactory(), SourceFactory()],
        )
        LicenseRequirementFactory.create_batch(2, category=category)
        state = StateLicensureFactory(code=f"Q{chr(65 + i % 26)}")
        LicenseCategoryFactory(state=state, roles=[Role.objects.get(slug=MLT)])


@pytest.mark.parametrize("extra", [0, 12])
def test_state_page_and_api_run_a_fixed_number_of_queries(
    client, api_client, seeded, django_assert_num_queries, extra
):
    _grow(extra)
    # content version, state, its sources, steps, step sources, categories, their roles,
    # their sources, their requirements
    with django_assert_num_queries(9):
        assert client.get("/licensure/CA/").status_code == 200
    # the same, as JSON
    with django_assert_num_queries(9):
        data = api_client.get("/api/v1/states/CA/").json()
    assert len(data["license_categories"]) >= 9 + extra


# --- the map ------------------------------------------------------------------------------


def test_map_defaults_to_mlt_with_a_role_picker_that_works_without_javascript(
    client, seeded
):
    html = client.get("/licensure/").content.decode()
    assert '<form method="get" action="/licensure/"' in html
    assert '<label for="map-role">' in html
    assert f'<option value="{MLT}" selected>' in html
    assert 'aria-label="CA, California: license required for this role"' in html
    # Montana's MLT license is listed but was not re-read: check with the board.
    assert 'aria-label="MT, Montana: check with the board"' in html
    assert 'aria-label="TX, Texas: no personnel license"' in html
    assert "Yellow tile with a question mark: check with the board" in html
    assert "Licensure by state for Medical Laboratory Technician (MLT)" in html


def test_map_colors_tiles_by_the_chosen_role(client, seeded):
    html = client.get(f"/licensure/?role={PHLEBOTOMY}").content.decode()
    assert f'<option value="{PHLEBOTOMY}" selected>' in html
    assert 'aria-label="CA, California: license required for this role"' in html
    # Florida's law excludes phlebotomists; Washington certifies them (MA-P).
    assert 'aria-label="FL, Florida: no personnel license"' in html
    assert 'aria-label="WA, Washington: license required for this role"' in html
    assert 'aria-label="NY, New York: check with the board"' in html
    table = html[html.index("<table>") :]
    assert "Certified Phlebotomy Technician I (CPT I) certificate" in table
    assert "Medical Assistant-Phlebotomist (MA-P) certification" in table


def test_map_with_an_unknown_role_is_404(client, seeded):
    assert client.get("/licensure/?role=astronaut").status_code == 404
    assert client.get("/licensure/?role=%00").status_code == 404


@pytest.mark.parametrize("extra", [0, 12])
def test_map_runs_a_fixed_number_of_queries(
    client, seeded, django_assert_num_queries, extra
):
    _grow(extra)
    # content version, roles for the picker, states, their sources, categories, their roles
    with django_assert_num_queries(6):
        response = client.get(f"/licensure/?role={MLS}")
    assert response.status_code == 200


# --- What if I move? ------------------------------------------------------------------------


def test_compare_california_and_texas_for_an_mls(client, api_client, seeded):
    html = client.get(f"/licensure/compare/?a=CA&b=TX&role={MLS}").content.decode()
    assert "What if I move?" in html
    assert "Clinical Laboratory Scientist (CLS) license (generalist)" in html
    assert "Clinical Laboratory Scientist (CLS) trainee license" in html
    assert "No: Texas does not license clinical laboratory staff." in html
    assert "No cited state pay figure for this role." in html
    assert "$230 (as of 2022-06-02)" in html
    assert 'id="sources-heading"' in html

    data = api_client.get(f"/api/v1/states/compare/?a=CA&b=TX&role={MLS}").json()
    assert data["role"]["slug"] == MLS
    assert data["a"]["code"] == "CA"
    assert data["a"]["license_needed"]["answer"] == "required"
    assert data["a"]["license_needed"]["sources"]
    assert {c["slug"] for c in data["a"]["categories"]} >= {"cls", "cls-trainee"}
    assert data["b"]["license_needed"]["answer"] == "none"
    assert data["b"]["categories"] == []
    assert data["b"]["license_needed"]["sources"]
    assert data["a"]["pay"] == {
        "value_usd": None,
        "as_of": None,
        "text": "No cited state pay figure for this role.",
        "sources": [],
    }
    assert data["html_url"].endswith(f"/licensure/compare/?a=CA&b=TX&role={MLS}")


def test_compare_says_when_accepted_certifications_are_not_confirmed(
    api_client, seeded
):
    data = api_client.get(f"/api/v1/states/compare/?a=LA&b=HI&role={MLT}").json()
    assert data["a"]["accepted_certifications"]["items"]
    assert data["a"]["accepted_certifications"]["sources"]
    assert data["b"]["accepted_certifications"]["items"] == []
    assert data["b"]["accepted_certifications"]["text"].startswith("Not confirmed")
    assert data["b"]["processing"]["notes"] == [
        {"category": "medical-laboratory-technician", "text": "Two to three weeks."}
    ]


def _pairs() -> list[tuple[str, str]]:
    codes = jurisdictions()
    rng = random.Random(12)  # fixed: the same pairs on every run
    pairs = [("CA", "TX"), ("NY", "FL"), ("PR", "RI"), ("WA", "GA")]
    for _ in range(4):
        a, b = rng.sample(codes, 2)
        pairs.append((a, b))
    return pairs


def test_compare_answers_for_pairs_of_jurisdictions_and_every_role(
    client, api_client, seeded
):
    roles = published_roles()
    assert len(roles) == 10
    for a, b in _pairs():
        for role in roles:
            page = client.get(f"/licensure/compare/?a={a}&b={b}&role={role}")
            assert page.status_code == 200, (a, b, role)
            assert "Source" in page.content.decode()
            response = api_client.get(
                f"/api/v1/states/compare/?a={a}&b={b}&role={role}"
            )
            assert response.status_code == 200, (a, b, role, response.content[:300])
            data = response.json()
            for side in (data["a"], data["b"]):
                assert side["license_needed"]["answer"] in {
                    "required",
                    "confirm",
                    "none",
                }
                assert side["license_needed"]["sources"], (side["code"], role)
                assert side["sources"]
                for category in side["categories"]:
                    assert role in category["roles"]


def test_compare_covers_all_52_jurisdictions_for_one_role(api_client, seeded):
    codes = jurisdictions()
    for a, b in zip(codes, codes[1:] + codes[:1], strict=True):
        response = api_client.get(f"/api/v1/states/compare/?a={a}&b={b}&role={MLT}")
        assert response.status_code == 200, (a, b)


@pytest.mark.parametrize(
    "query",
    [
        "a=ZZ&b=TX&role=medical-laboratory-technician",
        "a=CA&b=California&role=medical-laboratory-technician",
        "a=CA&b=TX&role=astronaut",
        "a=CA&b=TX&role=%00",
        "a=%ff&b=TX",
    ],
)
def test_compare_page_with_bad_input_is_404(client, seeded, query):
    assert client.get(f"/licensure/compare/?{query}").status_code == 404


def test_compare_page_without_input_shows_the_default_comparison(client, seeded):
    html = client.get("/licensure/compare/").content.decode()
    assert "Medical Laboratory Technician (MLT) in California and Texas" in html
    assert '<label for="compare-state-a">' in html


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("", {"a", "b", "role"}),
        ("a=CA&b=TX", {"role"}),
        ("a=ZZ&b=TX&role=medical-laboratory-technician", {"a"}),
        ("a=CA&b=TXX&role=medical-laboratory-technician", {"b"}),
        ("a=CA&b=TX&role=astronaut", {"role"}),
        ("a=Q1&b=QQ&role=x y", {"a", "b", "role"}),
        # The API takes the codes as the schema lists them; the page is lenient.
        ("a=ca&b=TX&role=medical-laboratory-technician", {"a"}),
        ("a=CA&b=%00&role=medical-laboratory-technician", {"b"}),
    ],
)
def test_compare_api_with_bad_input_is_400_with_field_errors(
    api_client, seeded, query, errors
):
    response = api_client.get(f"/api/v1/states/compare/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == errors
    assert all(isinstance(body[k], list) and body[k] for k in errors)


def test_compare_ignores_unpublished_states_and_roles(api_client, seeded):
    StateLicensure.objects.filter(code="NV").update(status=PublishStatus.DRAFT)
    Role.objects.filter(slug="histotechnician").update(status=PublishStatus.DRAFT)
    assert (
        api_client.get(f"/api/v1/states/compare/?a=NV&b=TX&role={MLT}").status_code
        == 400
    )
    assert (
        api_client.get(
            "/api/v1/states/compare/?a=CA&b=TX&role=histotechnician"
        ).status_code
        == 400
    )


@pytest.mark.parametrize("extra", [0, 12])
def test_compare_runs_a_fixed_number_of_queries(
    client, api_client, seeded, django_assert_num_queries, extra
):
    _grow(extra)
    # content version, role, both states, their sources, categories, category roles,
    # category sources, requirements
    with django_assert_num_queries(8):
        assert (
            api_client.get(f"/api/v1/states/compare/?a=CA&b=NY&role={MLT}").status_code
            == 200
        )
    # the same, then the role and state choices for the form
    with django_assert_num_queries(10):
        assert (
            client.get(f"/licensure/compare/?a=CA&b=NY&role={MLT}").status_code == 200
        )


def test_compare_api_is_cached_per_content_version(api_client, seeded):
    url = f"/api/v1/states/compare/?a=CA&b=TX&role={MLT}"
    first = api_client.get(url).json()
    category = LicenseCategory.objects.get(state__code="CA", slug="mlt")
    category.fee_usd = Decimal("250.00")
    category.save()
    second = api_client.get(url).json()
    assert first["a"]["categories"][0]["fee_usd"] == "230.00"
    assert second["a"]["categories"][0]["fee_usd"] == "250.00"


# --- admin ----------------------------------------------------------------------------------


def test_editor_finds_categories_by_role_and_edits_their_requirements(client, editor):
    client.force_login(editor)
    listing = client.get(f"/admin/content/licensecategory/?role={PHLEBOTOMY}")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "CA: Certified Phlebotomy Technician I (CPT I) certificate" in html or (
        "Certified Phlebotomy Technician I (CPT I) certificate" in html
    )
    assert "Medical Laboratory Technician (MLT) license" not in html
    category = LicenseCategory.objects.get(state__code="CA", slug="cls")
    change = client.get(f"/admin/content/licensecategory/{category.pk}/change/")
    assert change.status_code == 200
    page = change.content.decode()
    assert "requirement_items-TOTAL_FORMS" in page
    assert "16 semester units of chemistry" in page
    assert "/licensure/CA/?preview=1#category-cls" in page
    state = client.get(f"/admin/content/statelicensure/{category.state_id}/change/")
    assert state.status_code == 200
    assert "categories-TOTAL_FORMS" in state.content.decode()
    assert (
        f"/admin/content/licensecategory/{category.pk}/change/"
        in state.content.decode()
    )
    search = client.get("/admin/content/licensecategory/?q=trainee")
    assert (
        "Clinical Laboratory Scientist (CLS) trainee license" in search.content.decode()
    )


def test_search_finds_a_state_by_the_license_it_issues(api_client, seeded):
    hits = api_client.get("/api/v1/search/?q=Certified Phlebotomy Technician").json()
    urls = [h["html_url"] for h in hits["results"]]
    assert "http://testserver/licensure/CA/" in urls


def test_editing_a_category_reindexes_its_state(seeded):
    from content.models import SearchDocument

    category = LicenseCategory.objects.get(state__code="NY", slug="histotechnician")
    category.summary = "Zygomorphic histology credential."
    category.save()
    # Each record has a document per language; the English one carries the English edit.
    doc = SearchDocument.objects.get(
        kind="state", object_id=category.state_id, language="en"
    )
    assert "Zygomorphic" in doc.body
