"""django-allauth adapter: the one place that knows a request's client address."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle


def client_ip(request: HttpRequest) -> str:
    """The client's address behind `CAREERPATH_TRUSTED_PROXIES` proxies.

    DRF's rule (its `NUM_PROXIES` is that setting), so the API throttles and allauth's
    limits key on the same address: REMOTE_ADDR when no proxy is trusted, otherwise the
    X-Forwarded-For entry that the outermost trusted proxy appended.
    """
    return BaseThrottle().get_ident(request) or ""  # type: ignore[arg-type]


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's own X-Forwarded-For parsing raises (a 500) when the header has fewer
        # entries than trusted proxies; DRF's takes the leftmost one instead.
        return client_ip(request) or super().get_client_ip(request)
