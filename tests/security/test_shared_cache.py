"""Several web processes share one cache (Redis), so rate limits hold across all of them.

Findings: with 2 gunicorn workers the token endpoint allowed 20 failures a minute against a
limit of 10, and a restart reset the counters (per-process memory cache); the old shared-cache
setting failed on first use (`relation "careerpath_cache" does not exist`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from tests import servers
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

TOKEN_URL = "/api/v1/auth/token/"
TOKEN_LIMIT = 4  # per client address and minute, set low for these servers


@pytest.fixture
def two_servers(
    migration_data_restored: None, redis_url: str, settings: Any
) -> Iterator[tuple[servers.Gunicorn, servers.Gunicorn]]:
    """Two separate gunicorn processes with production settings and the shared cache."""
    # Users made here must be able to sign in there: hash as production does.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    redis.Redis.from_url(redis_url).flushdb()  # the server lives for the whole run
    env = servers.production_env(
        CAREERPATH_REDIS_URL=redis_url,
        CAREERPATH_THROTTLE_TOKEN=f"{TOKEN_LIMIT}/min",
        # One trusted proxy: a test can speak for many clients with X-Forwarded-For.
        CAREERPATH_TRUSTED_PROXIES="1",
    )
    with servers.gunicorn(env) as first, servers.gunicorn(env) as second:
        yield first, second


def ask_for_token(
    server: servers.Gunicorn, email: str, password: str, client: str = "192.0.2.1"
) -> int:
    return server.request(
        "POST",
        TOKEN_URL,
        {"email": email, "password": password},
        headers={"X-Forwarded-For": client},
    ).status


def test_shared_cache_setting_selects_redis(redis_url):
    dump = "from django.conf import settings; import json; print(json.dumps(settings.CACHES['default']))"

    def caches(**extra: str) -> dict[str, Any]:
        return json.loads(servers.shell_output(dump, DJANGO_DEBUG="true", **extra))

    assert caches()["BACKEND"].endswith("LocMemCache")  # `make run`: one process
    by_url = caches(CAREERPATH_REDIS_URL=redis_url)
    assert by_url["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert by_url["LOCATION"] == redis_url
    by_flag = caches(CAREERPATH_SHARED_CACHE="true")
    assert by_flag["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_two_processes_share_the_token_limit(two_servers):
    first, second = two_servers
    UserFactory(email="api@example.com")
    statuses = [
        ask_for_token(server, "api@example.com", DEFAULT_PASSWORD)
        for server in (first, second) * (TOKEN_LIMIT // 2)
    ]
    assert statuses == [200] * TOKEN_LIMIT, first.log_text() + second.log_text()
    # Each process has seen only half the limit: only a shared counter stops these.
    assert ask_for_token(first, "api@example.com", DEFAULT_PASSWORD) == 429
    assert ask_for_token(second, "api@example.com", DEFAULT_PASSWORD) == 429


def test_account_failure_limit_holds_across_processes_and_restarts(
    two_servers, settings
):
    first, second = two_servers
    UserFactory(email="target@example.com")
    limit = next(
        int(rate.split("/")[0])
        for rate in settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")
        if rate.endswith("/key")
    )
    # Each failure from another client address: only the per-account count can add up.
    tries = [first] * (limit // 2) + [second] * (limit - limit // 2)
    for n, server in enumerate(tries[:-1]):
        assert (
            ask_for_token(server, "target@example.com", "wrong", f"192.0.2.{n + 10}")
            == 401
        )
    first.stop()  # a restart forgets nothing that lives in the shared cache
    first.start()
    assert ask_for_token(tries[-1], "target@example.com", "wrong", "192.0.2.99") == 401
    assert (
        ask_for_token(first, "target@example.com", DEFAULT_PASSWORD, "192.0.2.100")
        == 429
    )
    assert (
        ask_for_token(second, "target@example.com", DEFAULT_PASSWORD, "192.0.2.101")
        == 429
    )
