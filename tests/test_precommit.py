"""The pre-commit configuration runs the hooks STYLE.md names, at the versions the lock pins."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def config() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(
        (ROOT / ".pre-commit-config.yaml").read_text()
    )
    return loaded


def hooks() -> dict[str, tuple[str, list[str]]]:
    """Hook id -> (its repository's rev, or "" for a local hook; its args)."""
    return {
        hook["id"]: (repo.get("rev", ""), hook.get("args", []))
        for repo in config()["repos"]
        for hook in repo["hooks"]
    }


def test_pre_commit_runs_the_style_guide_hooks():
    configured = hooks()
    assert {"trailing-whitespace", "end-of-file-fixer", "check-yaml"} <= set(configured)
    assert configured["django-upgrade"][1] == ["--target-version", "6.1"]
    assert configured["ruff-check"][1] == ["--fix"]
    assert "ruff-format" in configured


def test_the_ruff_hook_is_the_ruff_the_lock_installs():
    lock = (ROOT / "requirements-dev.lock").read_text()
    locked = re.search(r"^ruff==([\d.]+)", lock, re.M)
    assert locked
    assert hooks()["ruff-check"][0] == f"v{locked.group(1)}"
    assert hooks()["ruff-format"][0] == f"v{locked.group(1)}"


def test_mypy_runs_from_the_venv_over_the_whole_project():
    local = [
        hook
        for repo in config()["repos"]
        if repo["repo"] == "local"
        for hook in repo["hooks"]
        if hook["id"] == "mypy"
    ]
    assert len(local) == 1
    mypy = local[0]
    assert mypy["entry"] == ".venv/bin/mypy"
    assert mypy["language"] == "system"
    # The files to check come from [tool.mypy] in pyproject.toml, as in `make typecheck`.
    assert mypy["pass_filenames"] is False
