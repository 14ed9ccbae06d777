from __future__ import annotations

from typing import Any

import pytest

from content.models import Role
from tests.content.factories import (
    CertificationFactory,
    RoleFactory,
    StateLicensureFactory,
)

pytestmark = pytest.mark.django_db


def test_roles_list_is_paginated_with_absolute_urls_and_sources(api_client, seeded):
    data = api_client.get("/api/v1/roles/").json()
    assert set(data) == {"count", "next", "previous", "results"}
    role = next(
        r for r in data["results"] if r["slug"] == "medical-laboratory-technician"
    )
    assert role["html_url"] == "http://testserver/roles/medical-laboratory-technician/"
    assert {"title", "summary", "last_reviewed", "sources"} <= set(role)
    assert set(role["sources"][0]) >= {"title", "publisher", "url", "as_of"}


def test_certification_detail_has_routes_renewal_and_body(api_client, seeded):
    data = api_client.get("/api/v1/certifications/mlt-ascp/").json()
    assert data["abbreviation"] == "MLT(ASCP)"
    assert data["body"] == "ascp"
    assert data["renewal"]["points"] == 36
    assert data["renewal"]["cycle_years"] == 3
    route1 = data["eligibility_routes"][0]
    kinds = [item["kind"] for item in route1["requirement_items"]]
    assert kinds == ["degree", "program"]
    program = route1["requirement_items"][1]
    assert (program["program_kind"], program["within_years"]) == ("mlt", 5)
    assert data["sources"]


def test_certification_filters_and_bad_values(api_client, seeded):
    by_role = api_client.get(
        "/api/v1/certifications/?role=medical-laboratory-technician"
    ).json()
    assert {c["slug"] for c in by_role["results"]} == {"mlt-ascp", "mlt-amt"}
    by_body = api_client.get("/api/v1/certifications/?body=amt&page_size=100").json()
    assert by_body["count"] > 0
    assert {c["body"] for c in by_body["results"]} == {"amt"}
    bad = api_client.get("/api/v1/certifications/?body=nope&role=nope")
    assert bad.status_code == 400
    assert set(bad.json()) == {"body", "role"}


def test_states_by_code_and_unknowns_404(api_client, seeded):
    ca = api_client.get("/api/v1/states/CA/").json()
    assert ca["requires_license"] is True
    assert ca["board"]["url"].startswith("https://")
    assert ca["steps"]
    assert ca["html_url"] == "http://testserver/licensure/CA/"
    assert api_client.get("/api/v1/states/tx/").json()["requires_license"] is False
    assert api_client.get("/api/v1/states/ZZ/").status_code == 404
    assert api_client.get("/api/v1/roles/nope/").status_code == 404
    assert api_client.get("/api/v1/certifications/nope/").status_code == 404


def test_outlook_and_faqs(api_client, seeded):
    outlook = api_client.get("/api/v1/outlook/?page_size=100").json()["results"]
    median = next(
        f
        for f in outlook
        if f["figure"].startswith("Median annual") and f["as_of"] == "May 2023"
    )
    assert median["value"] == "60780.00"
    assert median["unit"] == "USD per year"
    assert median["sources"]
    faqs = api_client.get("/api/v1/faqs/").json()
    assert faqs["count"] >= 9
    assert faqs["results"][0]["html_url"].startswith("http://testserver/faq/#")


def test_search_api(api_client, seeded):
    assert api_client.get("/api/v1/search/").status_code == 400
    data = api_client.get("/api/v1/search/?q=phlebotomy").json()
    first = data["results"][0]
    assert first["type"] == "role"
    assert first["title"] == "Phlebotomy Technician"
    assert first["html_url"] == "http://testserver/roles/phlebotomy-technician/"


@pytest.mark.parametrize("extra", [0, 30])
def test_api_query_counts_are_fixed(
    api_client, seeded, django_assert_num_queries, extra
):
    for i in range(extra):
        CertificationFactory(role=RoleFactory())
        StateLicensureFactory(code=f"{chr(81 + i // 26)}{chr(65 + i % 26)}")
    # content version, count, roles, their sources, the roles they advance to, the roles
    # they build on
    with django_assert_num_queries(6):
        api_client.get("/api/v1/roles/?page_size=100")
    # content version, count, certifications with body and role, sources, routes,
    # route sources, the routes' requirements
    with django_assert_num_queries(7):
        api_client.get("/api/v1/certifications/?page_size=100")
    # content version, count, states, sources, steps, step sources
    with django_assert_num_queries(6):
        api_client.get("/api/v1/states/?page_size=100")
    # content version, match check, count, page of hits with headlines
    with django_assert_num_queries(4):
        api_client.get("/api/v1/search/?q=laboratory")
    # content version (the data comes from the cache)
    with django_assert_num_queries(1):
        api_client.get("/api/v1/states/?page_size=100")


def test_api_cache_is_invalidated_when_content_changes(api_client, seeded):
    from content.models import Role

    url = "/api/v1/roles/medical-laboratory-technician/"
    role = Role.objects.get(slug="medical-laboratory-technician")
    assert api_client.get(url).json()["title"] == role.title
    role.title = "Lab Technician, edited by an editor"
    role.save()
    assert api_client.get(url).json()["title"] == role.title
    listed = api_client.get("/api/v1/roles/?page_size=100").json()["results"]
    assert role.title in {r["title"] for r in listed}


def certification_list_parameters(api_client) -> dict[str, dict[str, Any]]:
    schema = api_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/certifications/"]["get"]
    return {p["name"]: p["schema"] for p in operation["parameters"]}


def test_filter_values_in_the_schema_are_exactly_the_published_ones(api_client, seeded):
    RoleFactory(slug="draft-role", status="draft")
    params = certification_list_parameters(api_client)
    published = sorted(Role.objects.published().values_list("slug", flat=True))
    assert params["role"]["enum"] == published
    assert "draft-role" not in published
    assert params["body"]["enum"] == ["amt", "ascp"]
    for role in params["role"]["enum"]:
        response = api_client.get("/api/v1/certifications/", {"role": role})
        assert response.status_code == 200, role
    assert (
        api_client.get("/api/v1/certifications/", {"role": "draft-role"}).status_code
        == 400
    )
    # An empty filter is no filter, as the schema's allowEmptyValue says.
    everything = api_client.get("/api/v1/certifications/").json()["count"]
    assert (
        api_client.get("/api/v1/certifications/?role=&body=").json()["count"]
        == everything
    )


def test_search_accepts_exactly_what_the_schema_allows(api_client, seeded):
    schema = api_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    q = next(p for p in operation["parameters"] if p["name"] == "q")
    assert q["required"] is True
    assert q["schema"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 200,
        "pattern": r"^[^\x00]*$",
    }
    for ok in ("   ", " phlebotomy ", "a" * 200):
        assert api_client.get("/api/v1/search/", {"q": ok}).status_code == 200, ok
    for bad in ("", "a" * 201, "ab\x00c"):
        assert api_client.get("/api/v1/search/", {"q": bad}).status_code == 400, bad


def test_slug_and_code_path_parameters_have_the_patterns_the_urls_accept(
    api_client, seeded
):
    schema = api_client.get("/api/schema/?format=json").json()
    patterns = {
        path: operation["get"]["parameters"][0]["schema"]["pattern"]
        for path, operation in schema["paths"].items()
        if path.endswith(("{slug}/", "{code}/"))
    }
    assert patterns == {
        "/api/v1/roles/{slug}/": "^[-a-zA-Z0-9_]+$",
        "/api/v1/certifications/{slug}/": "^[-a-zA-Z0-9_]+$",
        "/api/v1/states/{code}/": "^[A-Za-z]{2}$",
    }
    # Outside the pattern no URL matches: still the API's JSON 404.
    response = api_client.get("/api/v1/roles/not%20a%20slug/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
