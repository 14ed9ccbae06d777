"""The database session store, reading a session with one SQL statement written once.

Every signed-in page reads its session before anything else. Django's store builds a queryset
for that each time, and on a cached plan page building it cost more than the rest of the
request: a fifth of a worker's Python time under load (sampled in gunicorn with `make bench`'s
dashboard row). The read here is the same statement and the same checks (the key, and an
expiry still ahead); saving, deleting and clearing expired sessions are Django's own.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import router
from django.utils import timezone

from careerpath import rows

_SESSION_SQL = (
    f'SELECT {rows.columns(Session)} FROM "{Session._meta.db_table}" '
    'WHERE "session_key" = %s AND "expire_date" > %s'
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        session = rows.one(
            Session,
            _SESSION_SQL,
            [self.session_key, timezone.now()],
            using=router.db_for_read(Session),
        )
        if session is None:
            # As Django's store does: an unknown or expired key is dropped, and a new one
            # is made if the session is written to.
            self._session_key = None
        return session
