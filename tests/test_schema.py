"""The OpenAPI schema documents every answer the API gives (careerpath/schema.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db

HTTP_METHODS = {"get", "put", "post", "delete", "patch"}
ERROR_REFS = {"#/components/schemas/Error", "#/components/schemas/FieldErrors"}


@pytest.fixture
def schema(client: Any) -> dict[str, Any]:
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def test_request_bodies_are_json_only(schema):
    bodies = {
        f"{method} {path}": set(operation["requestBody"]["content"])
        for path, method, operation in operations(schema)
        if "requestBody" in operation
    }
    assert len(bodies) >= 5
    assert {k: v for k, v in bodies.items() if v != {"application/json"}} == {}


def test_every_operation_documents_406_and_429_with_retry_after(schema):
    checked = 0
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        where = f"{method} {path}"
        assert "406" in responses, where
        retry_after = responses["429"]["headers"]["Retry-After"]
        assert retry_after["required"] is True, where
        assert retry_after["schema"]["type"] == "integer", where
        checked += 1
    assert checked >= 20


def test_error_statuses_follow_from_what_each_operation_takes(schema):
    missing = []
    for path, method, operation in operations(schema):
        parameters = operation.get("parameters", [])
        where = {p["in"] for p in parameters}
        headers = {p["name"] for p in parameters if p["in"] == "header"}
        expected = set()
        if "requestBody" in operation:
            expected |= {"400", "415"}
        if "query" in where:
            expected.add("400")
        if "path" in where:
            expected.add("404")
        if "If-Match" in headers:
            expected.add("412")
        if operation.get("security") and method != "get":
            expected.add("403")  # session writes need the CSRF token
        if operation.get("security"):
            expected.add("401")
        if lacking := expected - set(operation["responses"]):
            missing.append(f"{method} {path}: {sorted(lacking)}")
    assert missing == []


def test_error_responses_have_json_bodies(schema):
    for path, method, operation in operations(schema):
        for code, response in operation["responses"].items():
            if code.startswith("4"):
                body = response["content"]["application/json"]["schema"]
                assert body.get("$ref") in ERROR_REFS, f"{method} {path} {code}"
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"]


def test_optional_query_parameters_allow_empty_values(schema):
    parameters = [
        p
        for _, _, operation in operations(schema)
        for p in operation.get("parameters", [])
        if p["in"] == "query"
    ]
    assert parameters
    for parameter in parameters:
        assert parameter.get("allowEmptyValue", False) is not parameter.get(
            "required", False
        ), parameter


def test_a_throttled_answer_is_what_the_schema_says(client, monkeypatch):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "anon": "1/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    assert client.get("/api/v1/faqs/").status_code == 200
    throttled = client.get("/api/v1/faqs/")
    assert throttled.status_code == 429
    assert throttled["Content-Type"] == "application/json"
    assert int(throttled["Retry-After"]) > 0
    assert set(throttled.json()) == {"detail"}
