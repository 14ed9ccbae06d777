from __future__ import annotations

import re

import pytest
from django.urls import reverse

from content.models import PublishStatus, Role
from tests.accounts.factories import UserFactory
from tests.content.factories import (
    CertificationFactory,
    FAQFactory,
    RoleFactory,
    StateLicensureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/", "Medical Laboratory Technician (MLT)"),
        ("/roles/", "Phlebotomy Technician"),
        (
            "/roles/medical-laboratory-technician/",
            "Receive, check, label and process specimens",
        ),
        ("/roles/compare/", "MLT vs MLS"),
        (
            "/roles/compare/?a=phlebotomy-technician&b=histotechnician",
            "Histotechnician",
        ),
        ("/certifications/", "MLT(ASCP)"),
        ("/certifications/mlt-ascp/", "Credential Maintenance Program"),
        ("/certifications/compare/", "MLT(AMT)"),
        ("/certifications/compare/?role=medical-laboratory-scientist", "MLS(ASCP)"),
        ("/licensure/", "Licensure by state"),
        ("/licensure/CA/", "Confirm with the board"),
        ("/licensure/TX/", "No personnel license"),
        ("/licensure/GA/", "repealed"),
        ("/outlook/", "$60,780"),
        ("/faq/", "Which states require a personal license?"),
        ("/guides/", "Moving from MLT to MLS"),
        ("/guides/mlt-to-mls/", "Route 2"),
    ],
)
def test_pages_render_seeded_content_with_sources_and_review_date(
    client, seeded, url, text
):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert text in html
    assert (
        "Checked against the sources" in html
        or "Not yet checked against the sources" in html
    )
    assert 'id="sources-heading"' in html


def test_home_draws_the_ladder_with_links_and_a_call_to_action(client, seeded):
    html = client.get("/").content.decode()
    assert "<svg" in html
    assert 'href="/roles/phlebotomy-technician/"' in html
    assert 'class="ladder ladder-list"' in html
    assert 'href="/plan/start/"' in html


def test_home_ladder_shows_levels_full_role_names_and_a_table(client, seeded):
    html = client.get("/").content.decode()
    ladder = html.split('class="ladder ladder-list"')[1].split("</ol>")[0]
    assert '<span class="level-number">Level 1</span>' in ladder
    assert '<span class="level-number">Level 6</span>' in ladder
    # Full titles as the card headings; the short forms (BB, CT, HT, MB) never stand alone.
    titles = re.findall(r"<h4><a href=\"[^\"]+\">([^<]+)</a></h4>", ladder)
    assert "Phlebotomy Technician" in titles
    assert "Blood Bank Technologist (BB) / Specialist in Blood Banking (SBB)" in titles
    assert not {"BB", "CT", "HT", "MB", "MLT", "MLS"} & set(titles)
    # Where each role leads is written out: MLT leads to MLS.
    mlt = ladder.split("Medical Laboratory Technician (MLT)</a></h4>")[1].split(
        "</li>"
    )[0]
    assert "Leads to:" in mlt
    assert "/roles/medical-laboratory-scientist/" in mlt
    # The table alternative lists every role once, with its level.
    table = html.split('id="ladder-table-caption"')[1].split("</table>")[0]
    assert table.count('<th scope="row">') == len(titles) == 10


def test_unverified_facts_are_marked_not_confirmed(client, seeded):
    assert "not confirmed" in client.get("/roles/lead-technologist/").content.decode()


def test_outlook_charts_never_mix_years_and_have_a_table(client, seeded):
    html = client.get("/outlook/").content.decode()
    # A chart compares one measure of one release (issue 13: never mix OEWS years).
    titles = re.findall(r'<title id="chart-[^"]*">(.*?)</title>', html)
    assert "Mean annual wage, May 2023: New York $81,930" in html
    for title in titles:
        assert len(set(re.findall(r"May 20\d\d", title))) <= 1, title
    assert "<table>" in html
    assert "$57,380" in html
    assert "May 2022" in html


def test_licensure_map_links_every_tile_and_has_text_legend(client, seeded):
    html = client.get("/licensure/").content.decode()
    assert (
        html.count('aria-label="CA, California: license required for this role"') == 1
    )
    assert 'aria-label="TX, Texas: no personnel license"' in html
    assert "Dark tile with a star: license required for this role" in html


def test_lowercase_state_redirects_and_unknown_is_404(client, seeded):
    response = client.get("/licensure/ca/")
    assert response.status_code == 301
    assert response["Location"] == "/licensure/CA/"
    assert client.get("/licensure/ZZ/").status_code == 404


def test_drafts_are_invisible_on_pages_lists_api_and_search(client, seeded):
    draft = RoleFactory(
        slug="secret-draft-role", title="Zebrafish Wrangler", status=PublishStatus.DRAFT
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Zebrafish Wrangler" not in client.get("/roles/").content.decode()
    assert client.get("/api/v1/roles/secret-draft-role/").status_code == 404
    assert (
        "Zebrafish" not in client.get("/api/v1/roles/?page_size=100").content.decode()
    )
    assert "Zebrafish" not in client.get("/search/?q=zebrafish").content.decode()


def test_preview_shows_drafts_to_editors_only(client, seeded, editors_group):
    draft = RoleFactory(title="Draft Preview Role", status=PublishStatus.DRAFT)
    url = draft.get_absolute_url() + "?preview=1"
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    editor = UserFactory(is_staff=True)
    editor.groups.add(editors_group)
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "Preview: drafts are shown" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_conditional_get_returns_304_and_a_change_invalidates(client, seeded):
    first = client.get("/roles/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/roles/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/roles/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    role = Role.objects.get(slug="laboratory-manager")
    role.title = "Laboratory Director"
    role.save()
    changed = client.get("/roles/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Laboratory Director" in changed.content.decode()


def test_signed_in_users_get_a_different_etag(client, seeded):
    anonymous = client.get("/faq/")["ETag"]
    client.force_login(UserFactory())
    assert client.get("/faq/")["ETag"] != anonymous


def test_cached_page_gets_a_fresh_csp_nonce(client, seeded):
    first = client.get("/faq/")
    second = client.get("/faq/")
    assert first.content.decode().count("nonce") == second.content.decode().count(
        "nonce"
    )
    policy = second["Content-Security-Policy"]
    if "nonce-" in policy:
        nonce = policy.split("nonce-")[1].split("'")[0]
        assert nonce in second.content.decode()


def _extra_content(n: int) -> None:
    for i in range(n):
        role = RoleFactory(career_level=2)
        CertificationFactory(role=role)
        StateLicensureFactory(code=f"{chr(81 + i // 26)}{chr(65 + i % 26)}")
        FAQFactory()


# Each page in the order it is requested, with the queries it may run: the last row asks
# for a page again, so it must come from the cache.
PAGE_QUERIES = [
    # content version, roles, their sources, the roles they advance to
    ("/", 4),
    # content version, roles, their sources, the roles they advance to
    ("/roles/", 4),
    # content version, role, work settings, skills, certifications with their bodies, the
    # roles it advances to and from (one query), the BLS figures of the role's occupation
    # with the program's time and cost facts (one query), and the sources of all of those
    # in one query (each fact cites its own: the exam fee's, the pay figure's, the tuition's)
    ("/roles/medical-laboratory-technician/", 8),
    # the same for both roles of a comparison, and the roles for its pickers
    ("/roles/compare/", 9),
    # content version, certifications with body and role, their sources
    ("/certifications/", 3),
    # content version, certification with body and role, sources, routes, route sources,
    # the routes' requirements
    ("/certifications/mlt-ascp/", 6),
    # The licensure pages' counts are pinned in test_licensure.py.
    # content version, FAQs, their sources
    ("/faq/", 3),
    # content version, the states for the picker, outlook figures, their sources
    ("/outlook/", 4),
    # content version (the rendered page comes from the cache)
    ("/outlook/", 1),
]


@pytest.mark.parametrize("extra", [0, 30])
def test_pages_run_a_fixed_number_of_queries(
    client, seeded, django_assert_num_queries, extra
):
    _extra_content(extra)
    for path, queries in PAGE_QUERIES:
        with django_assert_num_queries(queries, info=path):
            assert client.get(path).status_code == 200, path


def test_one_visitors_sign_out_message_is_never_served_to_another(client, seeded):
    """The page cache must not store a body that carries one visitor's flash message."""
    from django.test import Client

    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("account_logout"), follow=True)
    assert "You have signed out." in response.content.decode()

    stranger = Client()
    for _ in range(
        2
    ):  # the first request fills the cache, the second is served from it
        page = stranger.get("/")
        assert page.status_code == 200
        assert "You have signed out." not in page.content.decode()
        assert 'class="messages"' not in page.content.decode()


def test_a_page_with_a_pending_message_is_not_stored_or_answered_304(client, seeded):
    from django.test import Client

    warm = client.get("/faq/")
    etag = warm["ETag"]
    user = UserFactory()
    visitor = Client()
    visitor.force_login(user)
    visitor.post(
        reverse("account_logout")
    )  # queues "You have signed out." then redirects
    page = visitor.get("/faq/", HTTP_IF_NONE_MATCH=etag)
    assert page.status_code == 200
    assert "You have signed out." in page.content.decode()
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    # shown once: the message was consumed, so this visitor's next page is the shared one
    assert "You have signed out." not in visitor.get("/faq/").content.decode()
    # and the next visitor gets the shared, message-free body
    assert "You have signed out." not in Client().get("/faq/").content.decode()
