"""Production settings: `check --deploy` is clean and debug-only defaults are refused."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests import servers

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x9#Qp2!vLr7@Tz4$Wm8^Kd1&Hs6*Fb3(Jn5)Gc0-Ye2+Ua7=Ri9",
    "DJANGO_ALLOWED_HOSTS": "careerpath.example.org",
    "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
}


def _manage(*args: str, extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """An empty value leaves the variable unset."""
    return servers.manage(
        *args, **{key: value for key, value in extra_env.items() if value}
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", extra_env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    result = _manage("check", extra_env=env)
    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_boolean_settings_reject_garbage(value):
    result = _manage("check", extra_env={**PRODUCTION_ENV, "DJANGO_DEBUG": value})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr
