"""django-allauth adapter: the one place that knows a request's client address, and where a
plan previewed before sign-up is saved once the person is signed in."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle

from careerpath.accounts.models import EMAIL_MAX_LENGTH


def client_ip(request: HttpRequest) -> str:
    """The client's address behind `CAREERPATH_TRUSTED_PROXIES` proxies.

    DRF's rule (its `NUM_PROXIES` is that setting), so the API throttles and allauth's
    limits key on the same address: REMOTE_ADDR when no proxy is trusted, otherwise the
    X-Forwarded-For entry that the outermost trusted proxy appended.
    """
    # get_ident reads only META, which a plain HttpRequest has (its stub asks for DRF's).
    return BaseThrottle().get_ident(request) or ""  # type: ignore[arg-type]


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # Every allauth form that takes an email (sign-up, add email, password reset) asks
        # here; allauth would otherwise cut a longer address to the column's length.
        if len(email) > EMAIL_MAX_LENGTH:
            raise forms.ValidationError(
                _(
                    "Enter an email address of at most %(limit)s characters "
                    "(this one has %(length)s)."
                )
                % {"limit": EMAIL_MAX_LENGTH, "length": len(email)}
            )
        return super().clean_email(email)

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's own X-Forwarded-For parsing raises (a 500) when the header has fewer
        # entries than trusted proxies; DRF's takes the leftmost one instead.
        return client_ip(request) or super().get_client_ip(request)

    def send_mail(
        self, template_prefix: str, email: str, context: dict[str, Any]
    ) -> None:
        # allauth's emails name `current_site` (the Site row): the product's name and its
        # configured address instead, whatever the Site row says.
        site = SimpleNamespace(
            name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc
        )
        # In the person's own language (saved on their account); someone without an
        # account yet (a password reset for an unknown address) gets the page's language.
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, {**context, "current_site": site})

    def save_user(
        self, request: HttpRequest, user: Any, form: Any, commit: bool = True
    ) -> Any:
        # A new account starts in the language of the page the person signed up on.
        user.language = translation.get_language() or settings.LANGUAGE_CODE
        return super().save_user(request, user, form, commit)

    def post_login(
        self, request: HttpRequest, user: Any, **kwargs: Any
    ) -> HttpResponse:
        """Every allauth sign-in (log-in form, the verification link's automatic log-in)
        passes here: a plan the visitor previewed is created for this user, once."""
        from planner import onboarding

        response = super().post_login(request, user, **kwargs)
        if onboarding.claim_pending_plan(request, user) is not None:
            messages.success(
                request,
                _("Your plan is saved to your account. Mark steps as you go."),
            )
        return response
