"""The account pages in Spanish say "tú" like the rest of the interface, also where the text
comes from django-allauth or Django (careerpath/accounts/third_party_wording.py)."""

from __future__ import annotations

import pytest

from tests.i18n_catalog import text_nodes

pytestmark = pytest.mark.django_db

FORMAL = (
    "ha indicado",
    "Ha cerrado sesión",
    "desea cerrar",
    "Introduzca",
    "Verifique su",
    "contáctenos",
    "compruebe su",
    "Su contraseña",
    "asociadas a su cuenta",
)


def formal_on(page: bytes) -> list[str]:
    text = " ".join(text_nodes(page.decode()))
    return [phrase for phrase in FORMAL if phrase in text]


def test_a_wrong_password_is_reported_informally(client, user) -> None:
    response = client.post(
        "/es/accounts/login/", {"login": user.email, "password": "not-it"}
    )
    assert response.status_code == 200
    assert "El correo o la contraseña que escribiste no son correctos." in (
        response.content.decode()
    )
    assert formal_on(response.content) == []


def test_signing_out_is_informal(client, user) -> None:
    client.force_login(user)
    question = client.get("/es/accounts/logout/")
    assert "¿Seguro que quieres cerrar sesión?" in question.content.decode()
    done = client.post("/es/accounts/logout/", follow=True)
    assert "Cerraste sesión." in done.content.decode()
    assert formal_on(question.content) == formal_on(done.content) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/es/accounts/password/reset/",
            "¿Olvidaste tu contraseña? Escribe tu dirección",
        ),
        ("/es/accounts/password/reset/done/", "Te enviamos un correo."),
        ("/es/accounts/confirm-email/", "Verifica tu dirección de correo"),
        ("/es/accounts/signup/", "Tu contraseña no puede parecerse demasiado"),
        ("/es/accounts/signup/", "Tu contraseña debe tener al menos 8 caracteres."),
    ],
)
def test_allauth_pages_we_do_not_restyle_are_informal(client, url, expected) -> None:
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert formal_on(response.content) == []


def test_the_english_pages_keep_allauths_wording(client) -> None:
    page = client.get("/accounts/password/reset/").content.decode()
    assert "Forgotten your password? Enter your email address below" in page
