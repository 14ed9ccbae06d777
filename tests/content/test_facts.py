"""Issue 13: every published fact is cited and dated; the seed article is never cited; review
dates are real; pay, outlook, time and cost reach the role pages and both comparisons."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, cast

import pytest
import yaml
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from content import facts, seed
from content.models import (
    CitedRecord,
    ContentQuerySet,
    ContentRecord,
    Measure,
    OutlookFigure,
    ProgramFact,
    PublishStatus,
    Role,
    Source,
    StateLicensure,
)
from tests.content.factories import (
    OutlookFigureFactory,
    RoleFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

SEED_ARTICLE_MARKERS = (
    "marketing article",
    "starting brief",
    "fastcareertraining",
    "beacon hill career training",
)
YEAR = re.compile(r"(19|20)\d\d")


def _content_models() -> list[type[ContentRecord]]:
    return [
        m
        for m in apps.get_app_config("content").get_models()
        if issubclass(m, ContentRecord) and not m._meta.abstract
    ]


def _records(model: type[ContentRecord]) -> ContentQuerySet[Any]:
    # Every content model's default manager is a ContentQuerySet's.
    return cast("ContentQuerySet[Any]", model._default_manager.all())


def _cited_models() -> list[type[CitedRecord]]:
    return [m for m in _content_models() if issubclass(m, CitedRecord)]


def _public_urls() -> list[str]:
    urls = [
        "/",
        "/roles/",
        "/roles/compare/",
        "/certifications/",
        "/licensure/",
        "/licensure/compare/",
        "/outlook/",
        "/faq/",
        "/guides/",
        "/search/?q=salary",
        "/search/?q=how+long+does+it+take+to+become+an+MLT",
    ]
    urls += [r.get_absolute_url() for r in Role.objects.published()]
    urls += [
        f"/certifications/compare/?role={slug}"
        for slug in Role.objects.published()
        .filter(certifications__isnull=False)
        .distinct()
        .values_list("slug", flat=True)
    ]
    from content.models import Certification, Guide

    urls += [c.get_absolute_url() for c in Certification.objects.published()]
    urls += [g.get_absolute_url() for g in Guide.objects.published()]
    for state in StateLicensure.objects.published():
        urls += [state.get_absolute_url(), f"/outlook/?state={state.code}"]
    return urls


API_URLS = [
    "/api/v1/roles/?page_size=100",
    "/api/v1/certifications/?page_size=100",
    "/api/v1/states/?page_size=100",
    "/api/v1/outlook/?page_size=100",
    "/api/v1/outlook/?state=NY",
    "/api/v1/faqs/?page_size=100",
    "/api/v1/search/?q=salary",
]


def test_no_public_page_or_api_answer_cites_the_seed_article(client, seeded):
    assert not Source.objects.published().filter(key="seed").exists()
    for url in _public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode().lower()
        for marker in SEED_ARTICLE_MARKERS:
            assert marker not in text, (url, marker)
    for url in API_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode().lower()
        for marker in SEED_ARTICLE_MARKERS:
            assert marker not in text, (url, marker)


def test_every_published_fact_cites_a_published_source(seeded):
    for model in _cited_models():
        for record in _records(model).published().prefetch_related("sources"):
            assert record.published_sources, (
                f"{model.__name__} {record} cites no source"
            )


def test_every_published_source_has_a_date_or_says_undated(seeded):
    for source in Source.objects.published():
        label = source.date_label
        assert source.as_of or YEAR.search(label) or "undated" in label.lower(), (
            source.key,
            label,
        )


def test_forum_and_document_sharing_copies_back_only_unconfirmed_facts(seeded):
    """A fact marked confirmed must cite something other than a forum or shared copy."""
    for model in _cited_models():
        for record in _records(model).published().filter(verified=True):
            sources = record.published_sources
            assert any(not s.is_copy for s in sources), (
                f"{model.__name__} {record}: confirmed only by copies "
                f"{[s.key for s in sources]}"
            )


def test_wrong_statements_from_the_issue_are_gone(client, seeded):
    pages = "".join(
        client.get(url).content.decode()
        for url in [
            "/certifications/compare/",
            "/certifications/compare/?role=medical-laboratory-scientist",
            "/licensure/PR/",
            "/roles/medical-laboratory-technician/",
            "/faq/",
        ]
    )
    assert "name most often" not in pages
    assert "AMT counts hours" not in pages
    # Puerto Rico's step (planner and search) describes the board's own exam as such.
    from content.models import LicenseStep

    titles = list(
        LicenseStep.objects.published()
        .filter(state__code="PR")
        .values_list("title", "description")
    )
    assert all(t != "Pass a national certification exam" for t, _ in titles)
    assert any("revalidation" in d for _, d in titles)
    from content.models import Coursework

    names = list(Coursework.objects.published().values_list("name", flat=True))
    assert all(name.count("(") == name.count(")") for name in names), names


def _review_dates_in_data() -> set[dt.date]:
    dates: set[dt.date] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("last_reviewed"):
                dates.add(dt.date.fromisoformat(str(node["last_reviewed"])))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in seed.DATA_DIR.glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return dates


def test_loading_content_is_not_a_review(seeded):
    """last_reviewed comes only from the data (a dated check against the sources)."""
    in_data = _review_dates_in_data()
    assert dt.date(2026, 11, 25) not in in_data  # the old load date
    for model in _content_models():
        stored = set(
            _records(model)
            .filter(last_reviewed__isnull=False, seed_fingerprint__gt="")
            .values_list("last_reviewed", flat=True)
            .distinct()
        )
        assert stored <= in_data, (model, stored - in_data)
    # Roles carry no review date in the data, so none has one after loading.
    assert not Role.objects.filter(last_reviewed__isnull=False).exists()
    report = seed.load_content()
    assert not report.changed  # idempotent


def test_never_checked_and_stale_sources_are_due_for_review(seeded):
    today = dt.date(2026, 12, 2)
    fresh = SourceFactory(as_of=dt.date(2026, 5, 1), release_cycle_months=12)
    stale = SourceFactory(as_of=dt.date(2023, 5, 1), release_cycle_months=12)
    ok = OutlookFigureFactory(last_reviewed=dt.date(2026, 11, 1), sources=[fresh])
    superseded = OutlookFigureFactory(
        last_reviewed=dt.date(2026, 11, 1), sources=[stale]
    )
    old_check = OutlookFigureFactory(
        last_reviewed=dt.date(2025, 11, 1), sources=[fresh]
    )
    never = OutlookFigureFactory(last_reviewed=None, sources=[fresh])
    due = set(OutlookFigure.objects.needs_review(today).values_list("pk", flat=True))
    assert ok.pk not in due
    assert {superseded.pk, old_check.pk, never.pk} <= due
    due_sources = set(Source.objects.needs_review(today).values_list("pk", flat=True))
    assert stale.pk in due_sources
    assert fresh.pk not in due_sources
    assert superseded.review_due(today)
    assert not ok.review_due(today)


def test_needs_review_filter_and_dashboard_show_overdue_records(admin_client, seeded):
    today = timezone.localdate()
    due = OutlookFigure.objects.needs_review(today)
    assert due.exists()  # the seeded BLS figures cite a May 2023 release
    html = admin_client.get(
        reverse("admin:content_outlookfigure_changelist") + "?review=needed"
    ).content.decode()
    for figure in due[:5]:
        assert figure.figure in html
    fresh = OutlookFigureFactory(
        figure="Checked last month",
        last_reviewed=today - dt.timedelta(days=30),
        sources=[SourceFactory(as_of=today - dt.timedelta(days=60))],
    )
    html = admin_client.get(
        reverse("admin:content_outlookfigure_changelist") + "?review=needed"
    ).content.decode()
    assert fresh.figure not in html
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Due for review" in index
    assert "?review=needed" in index


KEY_FACT_ROLES = [
    "medical-laboratory-technician",
    "medical-laboratory-scientist",
    "phlebotomy-technician",
    "histotechnician",
    "cytotechnologist",
]


def _key_facts(html: str) -> str:
    return html.split('id="key-facts"')[1].split("</dl>")[0]


@pytest.mark.parametrize("slug", KEY_FACT_ROLES)
def test_role_pages_show_pay_outlook_time_and_cost_each_with_a_source(
    client, seeded, slug
):
    html = client.get(f"/roles/{slug}/").content.decode()
    block = _key_facts(html)
    for heading in ("Pay", "Outlook", "Time to qualify", "Typical cost"):
        assert f"<dt>{heading}</dt>" in block
    role = Role.objects.get(slug=slug)
    if role.oews_code == "29-2010":
        assert "$60,780" in block or "May 2024" in block
        assert "29-2010" in block  # labelled with the occupation BLS publishes
        assert "May 20" in block  # the year
        assert "2022-2032" in block or "2023-2033" in block or "2024-2034" in block
    # Every value line carries its own source link or says where to check.
    for dd in block.split("<dd>")[1:]:
        assert 'class="cite"' in dd or "Where to check" in dd, dd


def test_role_comparison_shows_the_facts_side_by_side_from_one_release(client, seeded):
    html = client.get("/roles/compare/").content.decode()
    table = html.split('<table class="compare')[1].split("</table>")[0]
    for heading in ("Pay", "Outlook", "Time to qualify", "Typical cost"):
        assert f'<th scope="row">{heading}</th>' in table
    pay_row = table.split('<th scope="row">Pay</th>')[1].split("</tr>")[0]
    years = set(re.findall(r"May (20\d\d)", pay_row))
    assert len(years) == 1, years  # never two OEWS years in one comparison
    assert pay_row.count('class="cite"') == 2


def test_certification_comparison_shows_the_roles_facts(client, seeded):
    html = client.get("/certifications/compare/").content.decode()
    block = _key_facts(html)
    assert "Typical cost" in block
    assert "exam fee" in block
    assert 'class="cite"' in block


def test_shared_release_never_mixes_years():
    a = Role(slug="a", oews_code="29-2010")
    b = Role(slug="b", oews_code="31-9097")

    def fig(code: str, year: int) -> OutlookFigure:
        return OutlookFigure(
            occupation_code=code,
            measure=Measure.ANNUAL_MEDIAN,
            as_of=f"May {year}",
            as_of_date=dt.date(year, 5, 1),
            value=Decimal(1),
            unit="USD per year",
        )

    figures = [fig("29-2010", 2024), fig("29-2010", 2023), fig("31-9097", 2023)]
    assert facts.shared_release([a, b], figures) == dt.date(2023, 5, 1)
    assert facts.shared_release([a], figures) == dt.date(2024, 5, 1)
    assert facts.shared_release([a, b], figures[:1]) is None


def test_outlook_page_by_occupation_with_state_picker_chart_and_table(client, seeded):
    html = client.get("/outlook/").content.decode()
    assert 'name="state"' in html
    assert "<label" in html
    assert "29-2010" in html
    assert "31-9097" in html
    assert "combine" in html or "together as 29-2010" in html
    assert "<svg" in html
    assert "<table" in html
    assert "newer BLS release" in html
    # One table never holds two releases.
    for table in html.split("<table")[1:]:
        body = table.split("</table>")[0]
        found = re.search(r"<caption>(.*?)</caption>", body, re.S)
        assert found, body
        caption = found.group(1)
        assert caption.count(":") >= 1
    ny = client.get("/outlook/?state=NY").content.decode()
    assert "New York" in ny


def test_outlook_state_without_a_figure_says_so_and_links_bls(client, seeded):
    state = (
        StateLicensure.objects.published()
        .exclude(
            code__in=OutlookFigure.objects.published()
            .exclude(state_code="")
            .values("state_code")
        )
        .first()
    )
    assert state is not None
    html = client.get(f"/outlook/?state={state.code}").content.decode()
    assert "we do not estimate one" in html
    assert "https://www.bls.gov/oes/" in html


def test_outlook_rejects_unknown_states_clearly(client, seeded):
    response = client.get("/outlook/?state=ZZ")
    assert response.status_code == 400
    assert "Unknown state code" in response.content.decode()
    assert "ETag" not in response.headers  # an error page is never cached or validated
    for bad in ("ZZ", "ny", "N"):
        api = client.get(f"/api/v1/outlook/?state={bad}")
        assert api.status_code == 400, bad
        assert "state" in api.json()


def test_outlook_api_returns_the_states_figures(client, seeded):
    state = (
        OutlookFigure.objects.published()
        .exclude(state_code="")
        .values_list("state_code", flat=True)
        .first()
    )
    data = client.get(f"/api/v1/outlook/?state={state}").json()
    assert data["results"]
    assert {f["state_code"] for f in data["results"]} == {state}
    first = data["results"][0]
    assert first["occupation_code"]
    assert first["as_of"]
    assert all(s["date_label"] for s in first["sources"])
    everything = client.get("/api/v1/outlook/?page_size=100").json()["results"]
    assert any(f["state_code"] == "" for f in everything)


def test_outlook_cache_varies_by_state(client, seeded):
    ny = client.get("/outlook/?state=NY").content.decode()
    national = client.get("/outlook/").content.decode()
    assert "Pay and job outlook: New York" in ny
    assert "Pay and job outlook: New York" not in national
    assert (
        "Pay and job outlook: New York"
        in client.get("/outlook/?state=NY").content.decode()
    )


def test_fees_are_dated_or_say_date_not_stated(client, seeded):
    html = client.get("/certifications/compare/").content.decode()
    for fee in re.findall(r"<dt>(?:Application|Annual) fee</dt><dd>(.*?)</dd>", html):
        assert "as of" in fee or "date not stated" in fee, fee


def test_program_facts_are_cited_with_quotes_or_marked_unconfirmed(seeded):
    assert ProgramFact.objects.published().exists()
    for fact in ProgramFact.objects.published():
        assert fact.quote or not fact.verified, fact.slug


def test_draft_program_fact_is_not_shown(client, seeded):
    fact = ProgramFact.objects.published().filter(program="mlt_associate").first()
    assert fact is not None
    fact.status = PublishStatus.DRAFT
    fact.save()
    html = client.get("/roles/medical-laboratory-technician/").content.decode()
    assert fact.text not in html


def test_role_without_bls_figure_says_where_to_check(client, seeded):
    role = RoleFactory(oews_code="")
    html = client.get(role.get_absolute_url()).content.decode()
    block = _key_facts(html)
    assert "BLS publishes no pay figure" in block


def test_outlook_says_plainly_when_a_newer_release_exists(client, seeded):
    newest = (
        OutlookFigure.objects.published()
        .filter(occupation_code="29-2010", as_of__startswith="May ")
        .order_by("-as_of_date")
        .first()
    )
    assert newest is not None
    html = client.get("/outlook/").content.decode()
    older = OutlookFigure.objects.published().filter(
        occupation_code="29-2010", as_of="May 2023"
    )
    assert older.exists()
    if newest.as_of != "May 2023":
        assert (
            f"A newer release exists: BLS has published {newest.as_of} figures" in html
        )
    else:
        assert "A newer BLS release than May 2023 is out or due" in html


@pytest.mark.parametrize(
    "slug", ["molecular-technologist", "blood-bank-technologist", "lead-technologist"]
)
def test_technologist_roles_show_the_combined_bls_figure_labelled(client, seeded, slug):
    block = _key_facts(client.get(f"/roles/{slug}/").content.decode())
    assert "Clinical laboratory technologists and technicians (29-2010)" in block


def test_records_the_data_drops_are_unpublished_not_deleted(seeded, tmp_path):
    """An existing database loses what only the seed article backed on the next load."""
    import shutil

    from content.models import EducationPathway, Skill

    for path in seed.DATA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    data = yaml.safe_load((tmp_path / "roles.yaml").read_text(encoding="utf-8"))
    dropped_skill = data["skills"].pop()
    for role in data["roles"]:
        role["skills"] = [s for s in role["skills"] if s != dropped_skill["slug"]]
    (tmp_path / "roles.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    edu = yaml.safe_load((tmp_path / "education.yaml").read_text(encoding="utf-8"))
    dropped_pathway = edu["pathways"].pop()
    (tmp_path / "education.yaml").write_text(yaml.safe_dump(edu), encoding="utf-8")
    seed.load_content(data_dir=tmp_path)
    skill = Skill.objects.get(slug=dropped_skill["slug"])
    pathway = EducationPathway.objects.get(slug=dropped_pathway["slug"])
    assert skill.status == PublishStatus.DRAFT
    assert pathway.status == PublishStatus.DRAFT


def test_outlook_api_for_california_returns_californias_figures(client, seeded):
    data = client.get("/api/v1/outlook/?state=CA").json()
    assert data["results"]
    for figure in data["results"]:
        assert figure["state_code"] == "CA"
        assert figure["as_of"]
        assert figure["occupation_code"] == "29-2010"
        assert figure["sources"]
        assert figure["sources"][0]["date_label"]


def test_tuition_facts_are_kept_per_content_version_and_language(seeded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from content import facts, versioning
    from content.models import ProgramFact

    version, _ = versioning.current()
    programs = ["mls_bachelor"]
    fresh = facts.tuition_infos(programs)
    assert fresh
    assert facts.tuition_infos(programs, content_version=version) == fresh
    # Any iterable, read once: a generator gives the same answer under a new key.
    unseen = version + 1000
    assert facts.tuition_infos((p for p in programs), content_version=unseen) == fresh
    with CaptureQueriesContext(connection) as queries:
        assert facts.tuition_infos(programs, content_version=version) == fresh
    assert len(queries) == 0  # kept for this version
    with translation.override("es"), CaptureQueriesContext(connection) as spanish:
        facts.tuition_infos(programs, content_version=version)
    assert len(spanish) == 1  # another language is read afresh

    # An editor's change bumps the version and drops what was kept.
    fact = ProgramFact.objects.get(slug="r-tuition-nces-public-4yr")
    fact.example = "Changed by an editor."
    fact.save()
    new_version, _ = versioning.current()
    assert new_version != version
    changed = facts.tuition_infos(programs, content_version=new_version)
    assert "Changed by an editor." in [t.example for t in changed]
    with CaptureQueriesContext(connection) as after_bump:
        facts.tuition_infos(programs, content_version=version)
    assert len(after_bump) == 1  # the old version's answer was dropped, not served
