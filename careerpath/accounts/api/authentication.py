"""API token authentication: django-rest-knox, which stores only a hash of each token."""

from __future__ import annotations

import binascii
from hmac import compare_digest
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS, knox_settings
from rest_framework import exceptions

from careerpath import rows
from careerpath.accounts.models import User

# The candidates for a presented token (those sharing its first characters) with their users:
# knox's own query, as SQL written once. Every API request runs it, and building the queryset
# cost about three times as long as running it (1.3 ms in all against 0.3 ms, in-process).
_TOKEN_SQL = (
    f"SELECT {rows.columns(AuthToken, 't')}, {rows.columns(User, 'u')} "
    f'FROM "{AuthToken._meta.db_table}" t '
    f'JOIN "{User._meta.db_table}" u ON u."{User._meta.pk.column}" = t."user_id" '
    'WHERE t."token_key" = %s'
)


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token <key>`, checked against the stored SHA-512 digest.

    Knox also sweeps all of the user's other tokens for expired ones on every request (one
    more query each time); here only the presented token's own expiry is checked, and
    `services.issue_api_token` removes expired tokens when it makes a new one. The candidates
    are read with `_TOKEN_SQL`; the checks on them are knox's.
    """

    def authenticate_credentials(self, token: bytes) -> tuple[User, AuthToken]:
        key = token.decode("utf-8")
        with connection.cursor() as cursor:
            cursor.execute(_TOKEN_SQL, [key[: CONSTANTS.TOKEN_KEY_LENGTH]])
            found = cursor.fetchall()
        split = rows.width(AuthToken)
        for row in found:
            auth_token = rows.instance(AuthToken, row[:split])
            auth_token.user = rows.instance(User, row[split:])
            if self._cleanup_token(auth_token):
                continue
            try:
                digest = hash_token(key)
            except (TypeError, binascii.Error) as error:
                raise exceptions.AuthenticationFailed(
                    gettext("Invalid token.")
                ) from error
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                user, checked = self.validate_user(auth_token)  # type: ignore[no-untyped-call]
                return user, checked
        raise exceptions.AuthenticationFailed(gettext("Invalid token."))

    def _cleanup_token(self, auth_token: Any) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme, under the name it had with DRF's token authentication."""

    target_class = "careerpath.accounts.api.authentication.TokenAuthentication"
    name = "tokenAuth"
