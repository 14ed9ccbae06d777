"""Authentication backends: Django's and allauth's, reading the signed-in user with one SQL
statement written once.

`django.contrib.auth` loads the session's user on every signed-in request through the backend
that signed them in. Building that queryset was a fifth of a gunicorn worker's Python time on a
cached plan page (sampled under `make bench`'s dashboard row); the statement and the checks
(the primary key; an inactive user is nobody) are the ones `ModelBackend.get_user` makes.
Signing in itself (passwords, email or username, rate limits) is Django's and allauth's code.
"""

from __future__ import annotations

from typing import Any

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends
from django.db import router

from careerpath import rows
from careerpath.accounts.models import User

_USER_SQL = (
    f'SELECT {rows.columns(User)} FROM "{User._meta.db_table}" '
    f'WHERE "{User._meta.pk.column}" = %s'
)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = rows.one(User, _USER_SQL, [user_id], using=router.db_for_read(User))
        return user if user is not None and self.user_can_authenticate(user) else None


class AuthenticationBackend(ModelBackend, allauth_backends.AuthenticationBackend):
    """allauth's backend (sign-in by email), with the user read as `ModelBackend` above."""
