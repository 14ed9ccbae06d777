"""Production settings served over plain HTTP on 127.0.0.1, for the bench and the tests' gunicorn.

Both run the real production configuration (``DJANGO_DEBUG=false``) against a local gunicorn with
no TLS in front of it, so the settings that assume HTTPS are switched off here, in one place.
"""

from __future__ import annotations

LOOPBACK_PRODUCTION_ENV: dict[str, str] = {
    "DJANGO_DEBUG": "false",
    # Plain HTTP on loopback only: no TLS in front of this gunicorn.
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SESSION_COOKIE_SECURE": "false",
    "DJANGO_CSRF_COOKIE_SECURE": "false",
    "DJANGO_SECURE_HSTS_SECONDS": "0",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "DJANGO_LOG_LEVEL": "WARNING",
    # Background work runs in the request, so nothing waits for a worker that isn't there.
    "CAREERPATH_TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
}
