"""Plain-SQL rows turned into model instances (careerpath/rows.py) equal what the ORM gives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, models
from knox.models import AuthToken

from careerpath import rows
from careerpath.accounts.models import User
from planner.models import Milestone
from tests.accounts.factories import UserFactory, api_token
from tests.planner.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


def read[M: models.Model](model: type[M], pk: int) -> M:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT {rows.columns(model)} FROM "{table}" WHERE "{model._meta.pk.column}" = %s',
            [pk],
        )
        row = cursor.fetchone()
    assert row is not None
    assert len(row) == rows.width(model)
    return rows.instance(model, row)


def fields_of(instance: models.Model) -> dict[str, object]:
    return {
        f.attname: getattr(instance, f.attname)
        for f in type(instance)._meta.concrete_fields
    }


def test_a_milestone_row_is_the_instance_the_orm_gives() -> None:
    # JSON arrives from psycopg2 as text, decimals and dates as Python values: each field's
    # converters must give the ORM's values, or the PATCH response would differ from a GET.
    saved = MilestoneFactory(
        links=[{"url": "/certifications/mlt-ascp/", "label": "MLT(ASCP)"}],
        cost_usd=Decimal("250.00"),
        duration_weeks=Decimal("10.5"),
        completed_on=dt.date(2026, 11, 2),
        notes="Tilde: señal",
    )
    from_sql = read(Milestone, saved.pk)
    from_orm = Milestone.objects.get(pk=saved.pk)
    assert fields_of(from_sql) == fields_of(from_orm)
    assert from_sql.links == [
        {"url": "/certifications/mlt-ascp/", "label": "MLT(ASCP)"}
    ]
    assert from_sql._state.adding is False
    assert from_sql._state.db == "default"
    assert from_sql.etag == from_orm.etag


def test_a_joined_row_splits_into_its_two_models() -> None:
    user = UserFactory(display_name="Row Test")
    api_token(user)
    token = AuthToken.objects.get(user=user)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {rows.columns(AuthToken, 't')}, {rows.columns(User, 'u')} "
            'FROM "knox_authtoken" t JOIN "accounts_user" u ON u."id" = t."user_id" '
            'WHERE t."digest" = %s',
            [token.digest],
        )
        row = cursor.fetchone()
    split = rows.width(AuthToken)
    assert fields_of(rows.instance(AuthToken, row[:split])) == fields_of(token)
    assert fields_of(rows.instance(User, row[split:])) == fields_of(
        User.objects.get(pk=user.pk)
    )


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match=r"zip\(\) argument"):
        rows.instance(Milestone, (1, 2, 3))


def test_one_gives_the_instance_of_the_single_row_or_none() -> None:
    saved = MilestoneFactory(notes="One row")
    sql = (
        f'SELECT {rows.columns(Milestone)} FROM "{Milestone._meta.db_table}" '
        'WHERE "id" = %s'
    )
    found = rows.one(Milestone, sql, [saved.pk])
    assert found is not None
    assert fields_of(found) == fields_of(Milestone.objects.get(pk=saved.pk))
    assert rows.one(Milestone, sql, [saved.pk + 1000]) is None
