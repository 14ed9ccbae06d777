"""A client generated from /api/schema/ by a common generator imports and works.

openapi-python-client (a dev dependency) generates a package from the live server's schema
into a temporary folder. Every module of it must import (one per operation), and it must
get a token, create a plan and update a milestone with If-Match against the live server,
and get the documented 412 when the ETag is stale.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rest_framework.throttling import SimpleRateThrottle

from planner.models import Milestone
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GENERATOR = Path(sys.executable).parent / "openapi-python-client"
PACKAGE = "careerpath_api_client"
CONFIG = f"""\
project_name_override: careerpath-api-client
package_name_override: {PACKAGE}
post_hooks: []
"""
HTTP_METHODS = {"get", "put", "post", "delete", "patch"}


@dataclass
class Generated:
    base_url: str
    schema: dict[str, Any]

    def module(self, name: str) -> ModuleType:
        return importlib.import_module(f"{PACKAGE}.{name}")


@pytest.fixture
def generated(seeded: Any, tmp_path: Path) -> Iterator[Generated]:
    """The package generated from the live schema, importable for this test only."""
    assert GENERATOR.exists(), "openapi-python-client is a dev dependency"
    with urllib.request.urlopen(f"{seeded.url}/api/schema/?format=json") as response:
        raw = response.read()
    (tmp_path / "schema.json").write_bytes(raw)
    (tmp_path / "config.yml").write_text(CONFIG)
    result = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(tmp_path / "schema.json"),
            "--config",
            str(tmp_path / "config.yml"),
            "--meta",
            "none",
            "--output-path",
            str(tmp_path / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # The generator warns, and leaves the operation out, for what it cannot express.
    assert "Warning" not in output, output
    sys.path.insert(0, str(tmp_path))
    try:
        yield Generated(base_url=seeded.url, schema=json.loads(raw))
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "token": "100000/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_the_generated_client_has_every_operation_and_all_of_it_imports(generated):
    api = generated.module("api")
    modules = [
        info.name
        for info in pkgutil.walk_packages(api.__path__, f"{PACKAGE}.api.")
        if not info.ispkg
    ]
    operation_ids = {
        operation["operationId"]
        for item in generated.schema["paths"].values()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }
    assert {name.rsplit(".", 1)[1] for name in modules} == operation_ids
    for name in modules:
        importlib.import_module(name)


def test_the_generated_client_creates_a_plan_and_updates_a_milestone_with_if_match(
    generated, unthrottled
):
    client_module = generated.module("client")
    models = generated.module("models")
    get_token = generated.module("api.auth.auth_token_create")
    create_plan = generated.module("api.plans.plans_create")
    list_milestones = generated.module("api.plans.plans_milestones_list")
    read_milestone = generated.module("api.plans.plans_milestones_retrieve")
    update_milestone = generated.module("api.plans.plans_milestones_partial_update")
    user = UserFactory(email="client@example.com")

    anonymous = client_module.Client(base_url=generated.base_url)
    token = get_token.sync(
        client=anonymous,
        body=models.TokenRequestRequest(email=user.email, password=DEFAULT_PASSWORD),
    )
    assert isinstance(token, models.Token), token
    client = client_module.AuthenticatedClient(
        base_url=generated.base_url, token=token.token, prefix="Token"
    )

    created = create_plan.sync_detailed(
        client=client,
        body=models.PlanAnswersInputRequest(
            # Roles and states are enums in the schema (the server accepts only these).
            target_role=models.TargetRoleEnum("medical-laboratory-technician"),
            education_level=models.EducationLevelEnum.HIGH_SCHOOL,
            state=models.StateEnum("CA"),
            certifying_body=models.CertifyingBodyEnum.ASCP,
        ),
    )
    assert created.status_code == 201, created.content
    plan = created.parsed
    assert isinstance(plan, models.Plan)
    assert plan.target_role == "medical-laboratory-technician"

    page = list_milestones.sync(client=client, plan_pk=plan.id)
    assert isinstance(page, models.PaginatedMilestoneList)
    assert page.count > 0
    first = page.results[0]
    read = read_milestone.sync_detailed(client=client, plan_pk=plan.id, id=first.id)
    etag = read.headers["ETag"]

    note = "Asked the programme about the spring intake."
    updated = update_milestone.sync_detailed(
        client=client,
        plan_pk=plan.id,
        id=first.id,
        body=models.PatchedMilestoneUpdateRequest(
            status=models.StatusEnum.IN_PROGRESS, notes=note
        ),
        if_match=etag,
    )
    assert updated.status_code == 200, updated.content
    assert isinstance(updated.parsed, models.Milestone)
    assert updated.parsed.status == models.StatusEnum.IN_PROGRESS
    assert updated.parsed.notes == note
    assert updated.headers["ETag"] != etag

    stale = update_milestone.sync_detailed(
        client=client,
        plan_pk=plan.id,
        id=first.id,
        body=models.PatchedMilestoneUpdateRequest(status=models.StatusEnum.DONE),
        if_match=etag,
    )
    assert stale.status_code == 412
    assert isinstance(stale.parsed, models.Error)
    assert stale.parsed.detail
    saved = Milestone.objects.get(pk=first.id)
    assert (saved.status, saved.notes) == ("in_progress", note)
