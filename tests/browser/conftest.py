"""Browser journeys: Debian's Chromium driven by pytest-playwright against pytest-django's live server.

Every test here runs against `live_server` in a transactional database that is flushed after
each test (`pytest_collection_modifyitems` below marks each one); `serialized_rollback`
restores what the migrations created (the Editors group, the site) before the next one, and
`seeded` loads the cited content and the pathway templates.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.urls import Resolver404, resolve

from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.dbstate import seed_content

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
# Generous for a 2-core CI machine, small enough that a hung page fails fast.
TIMEOUT_MS = 10_000


# Before pytest-django's own hook (also `tryfirst`, registered earlier so called later), which
# orders the tests by the database marker added here.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True)
            )
            if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
                item.add_marker(
                    pytest.mark.skip(
                        reason="Chromium is missing: `make browsers` installs it"
                    )
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any],
) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def page(page: Any) -> Any:
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return page


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    with new_page(
        browser, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    ) as page:
        yield page


@contextlib.contextmanager
def new_page(browser: Any, **context_options: Any) -> Iterator[Any]:
    """A page in a browser context of its own, with the suite's timeouts."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def seeded(migration_data_restored: None, live_server: Any) -> Any:
    """The live server with the cited content and pathway templates loaded."""
    seed_content()
    return live_server


@pytest.fixture
def url(seeded: Any) -> Callable[[str], str]:
    def build(path: str) -> str:
        return f"{seeded.url}{path}"

    return build


@pytest.fixture
def planner_user(seeded: Any) -> Any:
    return UserFactory(email="planner@example.com")


@pytest.fixture
def editor(seeded: Any) -> Any:
    user = UserFactory(email="editor@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def log_in(page: Any, base: str, email: str, password: str = DEFAULT_PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile(r"^E-?mail", re.I)).fill(email)
    page.get_by_label(re.compile(r"^Password", re.I)).fill(password)
    page.get_by_role("button", name=re.compile(r"^(Sign|Log) ?in$", re.I)).click()
    page.wait_for_load_state()


def open_menu(page: Any, name: str = "Menu") -> None:
    """On a phone the site menu sits behind the Menu button: open it when the button shows."""
    button = page.get_by_role("button", name=name)
    if button.is_visible() and button.get_attribute("aria-expanded") == "false":
        button.click()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    # The site's CSP (rightly) blocks an injected inline <script>, which add_script_tag
    # creates; evaluating the vendored file through the DevTools protocol is not blocked.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )


def describe_violations(where: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{where}: {len(violations)} axe violation(s)"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
        )
        for node in violation["nodes"][:8]:
            lines.append(f"    {json.dumps(node['target'])}: {node['summary']}")
    return "\n".join(lines)


def axe_failures(page: Any, where: str) -> list[str]:
    """axe's violations on the page described as one failure (none: an empty list), for a
    test that checks several pages and reports them all at once."""
    violations = axe_violations(page)
    return [describe_violations(where, violations)] if violations else []


def open_page(page: Any, address: str, *, where: str, status: int = 200) -> Any:
    """Go to `address` and check the HTTP status of the answer; `where` names it on failure."""
    response = page.goto(address)
    assert response is not None, where
    assert response.status == status, f"{where}: HTTP {response.status}"
    return response


def assert_accessible(page: Any, where: str | None = None) -> None:
    violations = axe_violations(page)
    assert not violations, describe_violations(where or page.url, violations)


def needs_paths(*paths: str) -> None:
    """Fail early, with the path named, when a page the journey needs is not in the URLconf."""
    for path in paths:
        try:
            resolve(path.split("?")[0])
        except Resolver404:
            pytest.fail(f"{path} does not resolve")
