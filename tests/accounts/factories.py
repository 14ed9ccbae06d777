from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

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
