"""Account writes and checks that have side effects (rate-limit counters)."""

from __future__ import annotations

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.core.internal.ratelimit import parse_rates
from django.core.exceptions import ValidationError
from django.http import HttpRequest

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
    if user is None or not user.is_active:
        return None
    return user  # type: ignore[return-value]


def check_password(*, request: HttpRequest, user: User, password: str) -> bool:
    """Re-check a signed-in user's password under the same failure limits."""
    return (
        check_credentials(request=request, email=user.email, password=password) == user
    )
