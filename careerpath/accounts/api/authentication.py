"""API token authentication: django-rest-knox, which stores only a hash of each token."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token <key>`, checked against the stored SHA-512 digest.

    Knox also sweeps all of the user's other tokens for expired ones on every request (one
    more query each time); here only the presented token's own expiry is checked, and
    `services.issue_api_token` removes expired tokens when it makes a new one.
    """

    def _cleanup_token(self, auth_token: Any) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme, under the name it had with DRF's token authentication."""

    target_class = "careerpath.accounts.api.authentication.TokenAuthentication"
    name = "tokenAuth"
