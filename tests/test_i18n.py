"""The interface in Spanish: the catalog, choosing a language, and the language of emails
and API errors. (The pages themselves: tests/content/test_i18n_pages.py and
tests/planner/test_i18n_views.py.)"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.accounts.factories import UserFactory
from tests.i18n_catalog import ROOT, english_phrases, entries

pytestmark = pytest.mark.django_db

# What a browser sends when it opens a page.
HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_the_spanish_catalog_has_no_empty_or_fuzzy_entry():
    catalog = entries()
    assert len(catalog) > 200
    empty = [e.msgid for e in catalog if not all(s.strip() for s in e.msgstrs)]
    fuzzy = [e.msgid for e in catalog if e.fuzzy]
    assert not empty, empty
    assert not fuzzy, fuzzy


def test_placeholders_survive_translation():
    wrong = [
        e.msgid
        for e in catalog_with_placeholders()
        if set(re.findall(r"%\(\w+\)s", e.msgid + (e.msgid_plural or "")))
        != set(re.findall(r"%\(\w+\)s", " ".join(e.msgstrs)))
        # a Spanish singular may spell out the number ("Cada año")
        and not e.msgid_plural
    ]
    assert not wrong, wrong


def catalog_with_placeholders():
    return [e for e in entries() if "%(" in e.msgid]


def test_every_translate_tag_in_the_templates_is_in_the_catalog():
    """Catches a string marked in a template but never extracted (makemessages not run)."""
    msgids = {(e.context, e.msgid) for e in entries()}
    missing = []
    tag = re.compile(
        r"""\{% translate (["'])(.+?)\1(?: context (["'])(.+?)\3)?(?: as \w+)? %\}"""
    )
    for path in sorted((ROOT / "templates").rglob("*.*")):
        for match in tag.finditer(path.read_text(encoding="utf-8")):
            if (match.group(4), match.group(2)) not in msgids:
                missing.append(f"{path.relative_to(ROOT)}: {match.group(2)}")
    assert not missing, missing


def test_the_phrase_checker_finds_english_runs_and_skips_same_text():
    (entry,) = [
        e for e in entries() if e.msgid.startswith("The address may be mistyped")
    ]
    assert "The address may be mistyped, or the page may have moved" in (
        english_phrases(entry)
    )
    (same,) = [e for e in entries() if e.msgid == "CareerPath: %(role)s"]
    assert english_phrases(same) == []


def test_english_stays_at_todays_urls_and_spanish_is_under_es(client):
    english = client.get("/faq/")
    spanish = client.get("/es/faq/")
    assert english.status_code == spanish.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    assert "<h1>Frequently asked questions</h1>" in english.content.decode()
    assert '<html lang="es">' in spanish.content.decode()
    assert "<h1>Preguntas frecuentes</h1>" in spanish.content.decode()
    assert spanish.headers["Content-Language"] == "es"


def test_operator_and_api_urls_keep_one_address(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/livez").status_code == 200
    assert client.get("/api/v1/roles/").status_code == 200
    assert client.get("/es/api/v1/roles/").status_code == 404
    assert client.get("/es/healthz").status_code == 404


def test_a_first_visit_follows_accept_language(client):
    response = client.get(
        "/faq/?x=1", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5", HTTP_ACCEPT=HTML
    )
    assert response.status_code == 302
    assert response["Location"] == "/es/faq/?x=1"
    assert "Accept-Language" in response["Vary"]
    # English first, or a language the site does not have: English, no redirect.
    assert (
        client.get(
            "/faq/", HTTP_ACCEPT_LANGUAGE="en-US,es", HTTP_ACCEPT=HTML
        ).status_code
        == 200
    )
    assert (
        client.get("/faq/", HTTP_ACCEPT_LANGUAGE="fr-FR", HTTP_ACCEPT=HTML).status_code
        == 200
    )


def test_only_a_browser_opening_a_page_is_redirected(client, user):
    from tests.planner.factories import PlanFactory

    plan = PlanFactory(owner=user)
    # A calendar app fetching the feed, an API-style client, htmx: the URL they asked for.
    feed = client.get(plan.get_calendar_url(), HTTP_ACCEPT_LANGUAGE="es")
    assert feed.status_code == 200
    assert client.get("/faq/", HTTP_ACCEPT_LANGUAGE="es").status_code == 200
    htmx = client.get(
        "/faq/", HTTP_ACCEPT_LANGUAGE="es", HTTP_ACCEPT=HTML, HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 200


def test_the_switcher_keeps_the_page_and_the_choice_sticks(client):
    page = client.get("/es/faq/").content.decode()
    form = re.search(r'<form class="language-switcher".*?</form>', page, re.S)
    assert form, "no language switcher in the header"
    assert f'action="{reverse("set_language")}"' in form.group(0)
    assert 'name="next" value="/es/faq/"' in form.group(0)
    assert (
        'name="language" value="en" lang="en"><span class="language-code" aria-hidden="true">EN</span><span class="language-name">English</span></button>'
        in form.group(0)
    )

    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/es/faq/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/faq/"
    # The browser still prefers Spanish, but the person chose English: no redirect.
    stays = client.get("/faq/", HTTP_ACCEPT_LANGUAGE="es", HTTP_ACCEPT=HTML)
    assert stays.status_code == 200
    assert '<html lang="en">' in stays.content.decode()

    response = client.post(reverse("set_language"), {"language": "es", "next": "/faq/"})
    assert response["Location"] == "/es/faq/"


def test_the_switcher_refuses_other_sites_and_unknown_languages(client):
    response = client.post(
        reverse("set_language"), {"language": "es", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/faq/"})
    user.refresh_from_db()
    assert user.language == "en"
    assert client.get(reverse("set_language")).status_code == 405


def test_a_signed_in_persons_choice_is_saved_on_their_account(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "es", "next": "/faq/"})
    user.refresh_from_db()
    assert user.language == "es"
    client.post(reverse("set_language"), {"language": "en", "next": "/es/faq/"})
    user.refresh_from_db()
    assert user.language == "en"


def test_signing_up_in_spanish_sends_a_spanish_verification_email(client):
    with translation.override("es"):
        signup = reverse("account_signup")
    assert signup == "/es/accounts/signup/"
    response = client.post(
        signup,
        {
            "email": "nueva@example.com",
            "password1": "a long unusual passphrase 42",
            "password2": "a long unusual passphrase 42",
        },
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "CareerPath: Confirma tu dirección de correo"
    assert "Hola de parte de CareerPath" in message.body
    assert "Para confirmar tu dirección, abre este enlace:" in message.body
    assert "/es/accounts/confirm-email/" in message.body
    from careerpath.accounts.models import User

    assert User.objects.get(email="nueva@example.com").language == "es"


def test_a_password_reset_email_is_in_the_saved_language_whatever_the_page(client):
    UserFactory(email="ana@example.com", language="es")
    response = client.post(
        reverse("account_reset_password"), {"email": "ana@example.com"}
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "Hola de parte de CareerPath" in message.body
    assert "Hello from" not in message.body
    # allauth builds the link before the email is rendered: it opens the reset page in
    # the language of the page that asked (here English), the text is the person's.
    assert "/accounts/password/reset/key/" in message.body


def test_an_english_account_still_gets_english_email(client):
    UserFactory(email="bo@example.com")
    client.post(reverse("account_reset_password"), {"email": "bo@example.com"})
    (message,) = mail.outbox
    assert "Hello from CareerPath" in message.body


@pytest.mark.parametrize(
    ("query", "headers"),
    [("?lang=es", {}), ("", {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"})],
    ids=["lang-parameter", "accept-language"],
)
def test_api_errors_are_in_the_requested_language(client, query, headers):
    missing = client.get(f"/api/v1/roles/no-such-role/{query}", **headers)
    assert missing.status_code == 404
    assert missing.json() == {"detail": "No encontrado."}
    assert missing["Content-Language"] == "es"
    anonymous = client.get(f"/api/v1/plans/{query}", **headers)
    assert anonymous.status_code == 401
    assert "credenciales" in anonymous.json()["detail"]
    assert anonymous["Content-Language"] == "es"


def test_api_defaults_to_english_and_lang_beats_accept_language(client):
    english = client.get("/api/v1/roles/no-such-role/")
    assert english.json() == {"detail": "Not found."}
    assert english["Content-Language"] == "en"
    chosen = client.get(
        "/api/v1/roles/no-such-role/?lang=en", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert chosen.json() == {"detail": "Not found."}
    # An unknown language is not an error: the default applies.
    assert client.get("/api/v1/roles/no-such-role/?lang=zz").json() == {
        "detail": "Not found."
    }


def test_api_validation_messages_are_translated(client):
    response = client.get("/api/v1/roles/?page_size=abc&lang=es")
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Se requiere un número entero positivo."]}


def test_the_schema_documents_the_language_of_messages(client):
    schema = client.get("/api/schema/?format=json").json()
    operations = [
        operation
        for path in schema["paths"].values()
        for method, operation in path.items()
        if method in {"get", "post", "patch", "put", "delete"}
    ]
    assert operations
    for operation in operations:
        names = {(p["in"], p["name"]) for p in operation["parameters"]}
        assert ("header", "Accept-Language") in names
        (header,) = [
            p for p in operation["parameters"] if p["name"] == "Accept-Language"
        ]
        assert "?lang=es" in header["description"]
        for response in operation["responses"].values():
            assert "Content-Language" in response["headers"]
    assert "?lang=es" in schema["info"]["description"]


def test_the_admin_and_health_checks_stay_in_english(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert client.get("/healthz", HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "en"


def test_the_unsubscribe_page_is_translated(client):
    from planner import reminders

    user = UserFactory(email_reminders=True, language="es")
    with translation.override("es"):
        url = reminders.unsubscribe_url(user)
    assert "/es/plan/reminders/unsubscribe/" in url
    page = client.get(url).content.decode()
    assert '<html lang="es">' in page
    assert "<h1>Recordatorios por correo</h1>" in page
    assert "Dejar de recibir recordatorios" in page


@pytest.mark.parametrize(
    ("query", "header"),
    [
        ("?lang=" + "e" * 5000, ""),
        ("?lang=es%00", ""),
        ("", "x" * 20000),
        ("", ";;;q=abc,es;q=nan"),
    ],
    ids=["long-lang", "nul-lang", "long-header", "garbled-header"],
)
def test_bad_language_input_means_english_never_an_error(client, query, header):
    extra = {"HTTP_ACCEPT_LANGUAGE": header} if header else {}
    response = client.get(f"/api/v1/roles/no-such-role/{query}", **extra)
    assert response.status_code == 404
    assert response["Content-Language"] == "en"
    assert client.get("/faq/", **extra).status_code == 200


def test_regional_spanish_is_spanish(client):
    response = client.get("/api/v1/roles/no-such-role/", HTTP_ACCEPT_LANGUAGE="es-419")
    assert response["Content-Language"] == "es"
    redirect = client.get("/faq/", HTTP_ACCEPT_LANGUAGE="es-419", HTTP_ACCEPT=HTML)
    assert redirect["Location"] == "/es/faq/"
