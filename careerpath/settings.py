"""CareerPath settings: one module, configured only by environment variables.

Every variable is listed in `.env.example`. Safe by default: debug off, no secret key
outside debug, HTTPS-only cookies unless debug.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

# Lets classes subscript Django generics the type checker needs (admin.ModelAdmin[Plan],
# forms.ModelForm[Role]); a no-op for everything else.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, *, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from a local `.env` (written by `make run`); real environment wins."""
    if os.environ.get("CAREERPATH_NO_DOTENV") or not path.exists():
        return
    for line in path.read_text().splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key and not key.startswith("#"):
            os.environ.setdefault(key.strip(), value.strip())


def local_pg_url() -> str:
    from careerpath import localdb

    return localdb.url()


load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_str(
    "DJANGO_SECRET_KEY", default="dev-only-not-secret" if DEBUG else None
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("CAREERPATH_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The product's name in emails (allauth's subjects and bodies; see accounts.adapter).
SITE_NAME = "CareerPath"
# Reverse proxies in front of the app (load balancer, TLS terminator) that each append the
# address they saw to X-Forwarded-For. 0: clients connect directly and the header is ignored;
# n: the n-th entry from the right is the client. Every rate limit keys on that address.
TRUSTED_PROXIES = env_int("CAREERPATH_TRUSTED_PROXIES", default=0)
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("CAREERPATH_TRUSTED_PROXIES must be 0 or more.")

INSTALLED_APPS = [
    # Before the admin: its translation admin classes and the `*_es` fields it registers.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sites",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks_db",
    "simple_history",
    "allauth",
    "allauth.account",
    "careerpath.accounts",
    "content",
    "planner",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "careerpath.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "careerpath.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "careerpath.urls"
WSGI_APPLICATION = "careerpath.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "careerpath.context_processors.languages",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default="") or local_pg_url(),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", default=0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
# Parallel test runs (several checkouts or agents) each need their own test database.
if test_db := os.environ.get("CAREERPATH_TEST_DB"):
    DATABASES["default"]["TEST"] = {"NAME": test_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One process (`make run`): a per-process memory cache. Several processes or machines: Redis,
# so that page caches and every rate limit (which live in this cache) are shared by all.
REDIS_URL = env_str("CAREERPATH_REDIS_URL", default="")
SHARED_CACHE = env_bool("CAREERPATH_SHARED_CACHE", default=bool(REDIS_URL))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL or "redis://127.0.0.1:6379/0",
        "TIMEOUT": 300,
        # A stalled Redis must not hang every web worker: fail the request instead.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    if SHARED_CACHE
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "careerpath_cache",
        "TIMEOUT": 300,
        # Entries before culling (Django's default is 300). A plan page is about 30 entries
        # (the body, one per milestone, the API representation).
        "OPTIONS": {
            "MAX_ENTRIES": env_int("CAREERPATH_CACHE_MAX_ENTRIES", default=300)
        },
    }
}

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, each reading the signed-in user with one plain statement
# (careerpath/accounts/backends.py). A session remembers the backend that signed it in.
AUTHENTICATION_BACKENDS = [
    "careerpath.accounts.backends.ModelBackend",
    "careerpath.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "account_login"
# URL names, so that they resolve in the language of the page (/plan/ or /es/plan/).
LOGIN_REDIRECT_URL = "planner:dashboard"
LOGOUT_REDIRECT_URL = "content:home"
SITE_ID = 1

# django-allauth: email is the login; sign-in and sign-up are rate-limited.
ACCOUNT_ADAPTER = "careerpath.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "careerpath.accounts.forms.SignupForm"}
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXIES
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str(
    "CAREERPATH_EMAIL_VERIFICATION", default="mandatory"
)
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# The verification link logs the person in when it is opened in the browser that signed up
# (allauth keeps the pending log-in in that session); elsewhere it confirms, then asks to log in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{SITE_NAME}: "
ACCOUNT_UNIQUE_EMAIL = True
# "login_failed" guards every password check (sign-in form, API token, admin sign-in,
# account deletion), per address and per account (key: the email), in one shared counter.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip,5/5m/key",
    "change_password": "5/5m/user",
    "signup": "10/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "3/m/key",
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGES = [("en", "English"), ("es", "Español")]
# Content records carry an English and a Spanish value for each text field (content/translation.py,
# planner/translation.py); a record without Spanish shows its English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email: console in development; SMTP (or any backend) configured by environment in production.
DEFAULT_FROM_EMAIL = env_str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="CareerPath <noreply@careerpath.invalid>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS = {
    "default": {
        "BACKEND": env_str(
            "DJANGO_EMAIL_BACKEND",
            default="careerpath.mail.ConsoleEmailBackend"  # readable, not quoted-printable
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": {
            key: value
            for key, value in {
                "host": os.environ.get("DJANGO_EMAIL_HOST"),
                "port": env_int("DJANGO_EMAIL_PORT", default=587)
                if os.environ.get("DJANGO_EMAIL_HOST")
                else None,
                "username": os.environ.get("DJANGO_EMAIL_USER"),
                "password": os.environ.get("DJANGO_EMAIL_PASSWORD"),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=True)
                if os.environ.get("DJANGO_EMAIL_HOST")
                else None,
            }.items()
            if value is not None
        },
    }
}

TASKS = {
    "default": {
        "BACKEND": env_str(
            "CAREERPATH_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"
        ),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so that unauthenticated requests get 401 with a WWW-Authenticate header.
        "careerpath.accounts.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly"
    ],
    # JSON only: the contract, and no multipart or form bodies for a JSON API to buffer.
    "DEFAULT_PARSER_CLASSES": ["careerpath.api.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "careerpath.api.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "careerpath.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("CAREERPATH_THROTTLE_ANON", default="120/min"),
        "user": env_str("CAREERPATH_THROTTLE_USER", default="600/min"),
        "token": env_str("CAREERPATH_THROTTLE_TOKEN", default="10/min"),
    },
    "NUM_PROXIES": TRUSTED_PROXIES,
    "EXCEPTION_HANDLER": "careerpath.api.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# API tokens (django-rest-knox): `Authorization: Token <key>`, stored as SHA-512 digests.
# 0 days: tokens last until revoked (account page, the token API, a password change or reset).
API_TOKEN_TTL_DAYS = env_int("CAREERPATH_API_TOKEN_TTL_DAYS", default=0)
REST_KNOX = {"AUTH_HEADER_PREFIX": "Token", "TOKEN_TTL": None}
SPECTACULAR_SETTINGS = {
    "TITLE": "CareerPath API",
    "DESCRIPTION": (
        "Cited medical-laboratory career content, and each user's own career plans.\n\n"
        "Messages (error details, validation messages) are in English or Spanish: send "
        "`Accept-Language: es` or add `?lang=es` to any request (`lang` wins); the "
        "`Content-Language` response header names the language used."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The API's contract is JSON: request bodies are documented as application/json only.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI and ReDoc from the vendored sidecar package, not a CDN (see careerpath/api_docs.py).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CertifyingBodyEnum": "planner.planning.CertifyingBodyChoice",
        "MilestoneKindEnum": "planner.planning.MilestoneKind",
        # Route and license requirements share one set of kinds; categories have their own.
        "RequirementKindEnum": "planner.eligibility.RequirementKind",
        "LicenseCategoryKindEnum": "content.models.LicenseCategory.Kind",
        "ProgramKindEnum": "planner.eligibility.ProgramKind",
        "AnswerDegreeFieldEnum": "planner.eligibility.ANSWER_DEGREE_FIELD_CHOICES",
    },
}

# Security. Development (DEBUG) relaxes only what plain-HTTP localhost needs.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int(
    "DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False)
    else None
)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# Sessions in the database (Django's store, its read as one plain statement).
SESSION_ENGINE = "careerpath.accounts.sessions"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The language switcher's cookie (careerpath.views.set_language).
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_048_576

# Error reports: unhandled errors (500s) are emailed to these addresses through the email
# settings above. Off (empty) by default; the 500 page says "we have been notified" only then.
ADMINS = env_list("CAREERPATH_ERROR_EMAILS")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"production": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "error_emails": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["production"],
        },
    },
    "root": {
        "handlers": ["console"],
        "level": env_str("DJANGO_LOG_LEVEL", default="INFO"),
    },
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # The handler mails errors only; 4xx warnings still reach the console through root.
        "django.request": {"handlers": ["error_emails"]},
    },
}
