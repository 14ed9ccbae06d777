"""Every public page of the README's table in Spanish: `lang`, the header switcher, the
alternate links, no interface string left in English, and a page cache per language."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from content.models import Guide
from tests.i18n_catalog import english_phrases, entries, untranslated

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/roles/",
    "/roles/medical-laboratory-technician/",
    "/roles/compare/",
    "/certifications/",
    "/certifications/mlt-ascp/",
    "/certifications/compare/",
    "/licensure/",
    "/licensure/CA/",
    "/licensure/TX/",
    "/licensure/compare/?a=CA&b=TX&role=medical-laboratory-technician",
    "/outlook/",
    "/outlook/?state=CA",
    "/faq/",
    "/guides/",
    "/search/?q=phlebotomy",
    "/search/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


def spanish(path: str) -> str:
    return "/es" + path


@pytest.fixture
def guide_page() -> str:
    guide = Guide.objects.filter(status="published").first()
    assert guide is not None
    with translation.override("en"):
        return guide.get_absolute_url()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_spanish_version(client, path):
    response = client.get(spanish(path))
    assert response.status_code == 200, path
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert response["Content-Language"] == "es"
    switcher = re.search(r'<form class="language-switcher".*?</form>', page, re.S)
    assert switcher, f"{path}: no language switcher"
    assert (
        'value="en" lang="en"><span class="language-code" aria-hidden="true">EN</span><span class="language-name">English</span></button>'
        in switcher.group(0)
    )
    assert (
        f'name="next" value="{spanish(path).replace("&", "&amp;")}"'
        in switcher.group(0)
    )
    bare = path.split("?")[0]
    assert re.search(
        rf'<link rel="alternate" hreflang="en" href="http[^"]*{re.escape(bare)}', page
    )
    assert re.search(
        rf'<link rel="alternate" hreflang="es" href="http[^"]*/es{re.escape(bare)}',
        page,
    )
    assert '<link rel="alternate" hreflang="x-default"' in page


@pytest.mark.parametrize("path", PAGES)
def test_spanish_links_stay_in_spanish(client, path):
    page = client.get(spanish(path)).content.decode()
    nav = re.search(r'<nav aria-label="Principal">.*?</nav>', page, re.S)
    assert nav, path
    hrefs = re.findall(r'href="(/[^"]*)"', nav.group(0))
    assert hrefs
    assert all(h.startswith("/es/") for h in hrefs), hrefs


def test_the_guide_page_has_a_spanish_version(client, guide_page):
    response = client.get(spanish(guide_page))
    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()


def test_no_interface_string_is_left_in_english_on_spanish_pages(client, guide_page):
    """Each catalog entry's English (runs of four words or more, so that a content record
    still in English is not mistaken for the interface) must not show on a Spanish page."""
    catalog = entries()
    assert sum(len(english_phrases(e)) for e in catalog) > 100
    found = []
    for path in [*PAGES, guide_page, "/no-such-page/"]:
        page = client.get(spanish(path)).content.decode()
        found += [f"{path}: {phrase!r}" for phrase in untranslated(page, catalog)]
    assert not found, "\n".join(found)


def test_the_checker_would_see_an_english_page(client):
    """The test above is not vacuous: the same phrases are found on the English pages."""
    catalog = entries()
    for path in ["/", "/licensure/CA/", "/accounts/signup/"]:
        assert len(untranslated(client.get(path).content.decode(), catalog)) >= 3, path


def test_a_cached_page_is_never_served_in_the_other_language(client):
    anonymous = Client()
    for _ in range(2):  # the second round is answered from the page cache
        english = anonymous.get("/roles/").content.decode()
        spanish_page = anonymous.get("/es/roles/").content.decode()
        assert '<html lang="en">' in english
        assert "<h1>Laboratory roles</h1>" in english
        assert "Puestos de laboratorio" not in english
        assert '<html lang="es">' in spanish_page
        assert "<h1>Puestos de laboratorio</h1>" in spanish_page
        assert "Laboratory roles" not in spanish_page


def test_etags_differ_by_language(client):
    english = client.get("/faq/")
    spanish_page = client.get("/es/faq/")
    assert english["ETag"] != spanish_page["ETag"]
    # A Spanish page's ETag does not validate the English one.
    again = client.get("/faq/", HTTP_IF_NONE_MATCH=spanish_page["ETag"])
    assert again.status_code == 200
