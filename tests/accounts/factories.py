from __future__ import annotations

import re
from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from careerpath.accounts.models import User

DEFAULT_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            # post_generation calls this with the User it made as `self`.
            EmailAddress.objects.create(  # type: ignore[misc]
                user=self, email=self.email, verified=True, primary=True
            )


def api_token(user: User) -> str:
    """A new API token for the user (only its digest is stored)."""
    from knox.models import AuthToken

    _, key = AuthToken.objects.create(user=user, expiry=None)
    return str(key)


def change_password(client: Client, new_password: str) -> Any:
    """The signed-in user (with DEFAULT_PASSWORD) changes their password: the form's answer."""
    return client.post(
        reverse("account_change_password"),
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": new_password,
            "password2": new_password,
        },
    )


def reset_password(client: Client, email: str, new_password: str) -> Any:
    """Ask for a reset link, open the one email it sends and set `new_password`: the form's
    answer."""
    sent = len(mail.outbox)
    response = client.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 302
    assert len(mail.outbox) == sent + 1
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)",
        str(mail.outbox[-1].body),
    )
    assert link, mail.outbox[-1].body
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    return client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )
