"""Account writes and checks that have side effects (rate-limit counters)."""

from __future__ import annotations

import datetime as dt

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from knox.models import AuthToken

from careerpath.accounts.models import User

# allauth's "login_failed" limits (settings.ACCOUNT_RATE_LIMITS): the sign-in form, the API
# token exchange, the admin sign-in and account deletion share one counter per account.
TOO_MANY_ATTEMPTS = "too_many_login_attempts"


class TooManyAttempts(Exception):
    """Too many failed password checks for this account or from this address."""

    @property
    def retry_after(self) -> int:
        """Seconds until the longest failure window has surely passed."""
        rates = parse_rates(allauth_settings.RATE_LIMITS.get("login_failed"))
        return int(max((rate.duration for rate in rates), default=60))


def check_credentials(
    *, request: HttpRequest, email: str, password: str
) -> User | None:
    """The active user with this email and password, or None; failures count per account."""
    try:
        user = get_adapter(request).authenticate(
            request, email=email.lower(), password=password
        )
    except ValidationError as error:
        if error.code == TOO_MANY_ATTEMPTS:
            raise TooManyAttempts from None
        raise
    if not isinstance(user, User) or not user.is_active:
        return None
    return user


def check_password(*, request: HttpRequest, user: User, password: str) -> bool:
    """Re-check a signed-in user's password under the same failure limits."""
    return (
        check_credentials(request=request, email=user.email, password=password) == user
    )


# API tokens (django-rest-knox: only a digest is stored; `token_key` is the first 15
# characters, kept to find the row and shown to the owner to tell tokens apart).
MAX_API_TOKENS = 20


def email_is_verified(user: User) -> bool:
    """Whether the user may have API tokens: the website asks for the same verification."""
    if settings.ACCOUNT_EMAIL_VERIFICATION != "mandatory":
        return True
    return EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified=True
    ).exists()


@transaction.atomic
def issue_api_token(*, user: User) -> str:
    """A new token for one API client; the oldest beyond MAX_API_TOKENS are revoked."""
    tokens = AuthToken.objects.filter(user=user)
    tokens.filter(expiry__lt=timezone.now()).delete()
    keep = tokens.order_by("-created").values_list("pk", flat=True)[
        : MAX_API_TOKENS - 1
    ]
    tokens.exclude(pk__in=list(keep)).delete()
    _, key = AuthToken.objects.create(user=user, expiry=_token_ttl())
    return str(key)


def count_api_tokens(*, user: User) -> int:
    return AuthToken.objects.filter(user=user).count()


def revoke_api_tokens(*, user: User, token_key: str | None = None) -> int:
    """Revoke the user's API tokens (or the one with this `token_key`); how many went."""
    tokens = AuthToken.objects.filter(user=user)
    if token_key is not None:
        tokens = tokens.filter(token_key=token_key)
    deleted, _ = tokens.delete()
    return deleted


@transaction.atomic
def rotate_api_token(*, token: AuthToken) -> str:
    """Replace the presented token with a new one: the old key stops working at once."""
    user = token.user
    AuthToken.objects.filter(pk=token.pk).delete()
    _, key = AuthToken.objects.create(user=user, expiry=_token_ttl())
    return str(key)


def _token_ttl() -> dt.timedelta | None:
    days = settings.API_TOKEN_TTL_DAYS
    return dt.timedelta(days=days) if days else None


def set_language(*, user: User, language: str) -> None:
    """Remember the interface language a person chose, for their emails and reminders."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
