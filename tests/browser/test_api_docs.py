"""The interactive API docs render every operation of the schema, under the site's CSP."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
# Records every CSP violation the page reports, from before its first script runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
});
"""


@pytest.fixture
def docs_server(migration_data_restored: None, live_server: Any) -> Any:
    return live_server


def schema_operation_ids(base: str) -> set[str]:
    with urllib.request.urlopen(f"{base}/api/schema/?format=json") as response:
        schema = json.load(response)
    return {
        operation["operationId"]
        for item in schema["paths"].values()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


def watch(page: Any) -> Callable[[], list[str]]:
    """Console errors, script errors, failed or refused requests and CSP violations."""
    problems: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)

    def on_console(message: Any) -> None:
        if message.type == "error":
            problems.append(f"console: {message.text}")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", on_response)

    def report() -> list[str]:
        page.wait_for_load_state("networkidle")
        return problems + page.evaluate("() => window.__cspViolations")

    return report


def test_swagger_ui_shows_every_operation_under_the_csp(page, docs_server):
    operations = schema_operation_ids(docs_server.url)
    assert len(operations) >= 20
    problems = watch(page)
    page.goto(f"{docs_server.url}/api/docs/")
    # Swagger UI (deep linking on) gives each operation block the id operations-<tag>-<id>.
    blocks = page.locator(".opblock[id^='operations-']")
    expect(blocks).to_have_count(len(operations))
    shown = {
        block_id.split("-", 2)[2]
        for block_id in blocks.evaluate_all("(els) => els.map((el) => el.id)")
    }
    assert shown == operations
    assert problems() == []


def test_redoc_shows_every_operation_under_the_csp(page, docs_server):
    operations = schema_operation_ids(docs_server.url)
    problems = watch(page)
    page.goto(f"{docs_server.url}/api/redoc/")
    sections = page.locator("[data-section-id^='operation/']")
    expect(sections).to_have_count(len(operations))
    shown = {
        section.removeprefix("operation/")
        for section in sections.evaluate_all(
            "(els) => els.map((el) => el.dataset.sectionId)"
        )
    }
    assert shown == operations
    # ReDoc's search runs in a worker built from a blob: the page allows exactly that.
    page.get_by_placeholder("Search...").fill("milestone")
    expect(page.locator("[data-role='search:results'] li").first).to_be_visible()
    assert problems() == []
