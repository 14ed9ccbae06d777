"""No credentials in the repository: every file git tracks or would add is scanned."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PATTERNS = {
    "private key": re.compile(
        r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY"
    ),
    "AWS access key id": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "AWS secret key": re.compile(
        r"aws_secret_access_key\s*[=:]\s*['\"]?[A-Za-z0-9/+=]{40}", re.I
    ),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "Django SECRET_KEY": re.compile(
        r"""\bSECRET_KEY\s*=\s*(?:env_str\([^)]*default=)?["']([^"']{16,})["']"""
    ),
}
# Values that say what they are: fine in code and docs.
HARMLESS = re.compile(
    r"dev|test|not-secret|insecure|example|change-?me|placeholder", re.I
)
SKIP_SUFFIXES = (".lock", ".png", ".jpg", ".ico", ".woff", ".woff2", ".gz", ".min.js")


def repository_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        # The scan must never pass by scanning nothing: the project is always a git checkout.
        pytest.fail(f"could not list the repository's files with git: {error}")
    return [ROOT / name for name in listed.decode().split("\0") if name]


def find_secrets(text: str) -> list[str]:
    found = []
    for label, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            value = match.group(match.lastindex or 0)
            if label == "Django SECRET_KEY" and HARMLESS.search(value):
                continue
            found.append(f"{label}: {match.group(0)[:24]}…")
    return found


def test_the_scanner_finds_planted_secrets():
    planted = "\n".join(
        [
            "-----BEGIN " + "RSA PRIVATE KEY-----",
            "AKIA" + "Q7RZ2M4KX9B3TW6P",
            "SECRET_KEY = " + '"k3J#9x!Qm2@vL8pZ7$rT4&wN1*yB6^c"',
            "token = 'gh" + "p_" + "a" * 36 + "'",
        ]
    )
    assert len(find_secrets(planted)) == 4


def test_the_scanner_accepts_debug_defaults():
    assert (
        find_secrets(
            'SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="dev-only-not-secret")'
        )
        == []
    )
    assert find_secrets('SECRET_KEY = "test-only-not-secret-value"') == []


def test_no_secrets_in_the_repository():
    files = repository_files()
    assert len(files) > 20
    problems = []
    for path in files:
        if (
            path.suffix in SKIP_SUFFIXES
            or path.name.endswith(SKIP_SUFFIXES)
            or not path.is_file()
        ):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        problems += [f"{path.relative_to(ROOT)}: {hit}" for hit in find_secrets(text)]
    assert not problems, "\n".join(problems)


def test_the_local_env_file_is_ignored():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".env"], cwd=ROOT, check=False, timeout=30
    )
    assert ignored.returncode == 0
