"""Editors work on a draft beside the published record (content.drafts, content.draft_admin)."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from content import drafts
from content.models import Draft, PublishStatus, Role, Source
from tests.content.test_admin import _role_form
from tests.planner.factories import PlanFactory

pytestmark = pytest.mark.django_db

SLUG = "histotechnician"
NEW = "Prepares thin tissue sections for pathologists (draft wording)."


@pytest.fixture
def role(seeded) -> Role:
    return Role.objects.get(slug=SLUG)


def change_url(role: Role) -> str:
    return f"/admin/content/role/{role.pk}/change/"


def save_draft(client, role: Role, **changes: object):
    return client.post(change_url(role), _role_form(role, **changes))


def test_saving_a_published_record_keeps_a_draft_and_the_site_shows_the_published(
    client, editor, role
):
    before = role.summary
    client.force_login(editor)
    response = save_draft(client, role, summary_en=NEW)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert client.get(response["Location"]).status_code == 200

    role.refresh_from_db()
    assert role.summary == before  # the record itself is untouched
    assert Draft.objects.get().data["summary_en"] == NEW
    # Everyone else still gets the published version: page, API, onboarding.
    client.logout()
    page = client.get(role.get_absolute_url()).content.decode()
    assert NEW not in page
    assert client.get(f"/api/v1/roles/{SLUG}/").json()["summary"] == before


def test_the_change_form_and_the_preview_show_the_draft(client, editor, role):
    client.force_login(editor)
    save_draft(client, role, summary_en=NEW)
    form = client.get(change_url(role)).content.decode()
    assert NEW in form
    assert "Save draft" in form
    assert "Publish changes" in form
    assert "Discard draft" in form
    preview = client.get(role.get_absolute_url() + "?preview=1").content.decode()
    assert NEW in preview
    # A visitor on the same URL gets the published page, not the staff preview.
    client.logout()
    assert (
        NEW not in client.get(role.get_absolute_url() + "?preview=1").content.decode()
    )


def test_publishing_the_changes_updates_the_record_and_records_who(
    client, editor, role
):
    client.force_login(editor)
    save_draft(client, role, summary_en=NEW)
    response = client.post(
        change_url(role), _role_form(role, summary_en=NEW, _publish="1")
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.summary == NEW
    assert not Draft.objects.exists()
    latest = role.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Published changes"
    client.logout()
    assert NEW in client.get(role.get_absolute_url()).content.decode()


def test_discarding_a_draft_leaves_the_record_as_published(client, editor, role):
    before = role.summary
    client.force_login(editor)
    save_draft(client, role, summary_en=NEW)
    response = client.post(change_url(role), {"_discard": "1"})
    assert response.status_code == 302
    assert not Draft.objects.exists()
    role.refresh_from_db()
    assert role.summary == before
    assert NEW not in client.get(change_url(role)).content.decode()


def test_a_published_record_cannot_be_unpublished_from_its_change_form(
    client, editor, role
):
    client.force_login(editor)
    form = client.get(change_url(role)).content.decode()
    assert 'name="status"' not in form  # read-only there
    client.post(
        change_url(role), _role_form(role, status=PublishStatus.DRAFT, _publish="1")
    )
    role.refresh_from_db()
    assert role.status == PublishStatus.PUBLISHED
    assert client.get(role.get_absolute_url()).status_code == 200


def test_draft_links_change_only_on_publish(client, editor, role):
    extra = Source.objects.published().exclude(pk__in=role.sources.all()).first()
    assert extra is not None
    linked = sorted(role.sources.values_list("pk", flat=True))
    client.force_login(editor)
    save_draft(client, role, sources=[*linked, extra.pk])
    assert sorted(role.sources.values_list("pk", flat=True)) == linked
    form = client.get(change_url(role)).content.decode()
    assert f'<option value="{extra.pk}" selected>' in form
    client.post(
        change_url(role), _role_form(role, sources=[*linked, extra.pk], _publish="1")
    )
    assert sorted(role.sources.values_list("pk", flat=True)) == sorted(
        [*linked, extra.pk]
    )


def test_a_draft_cannot_carry_inline_rows_and_nothing_is_saved(client, editor, seeded):
    """Routes edited inline are records of their own: saved with a publish, not drafted."""
    from content.models import Certification

    cert = Certification.objects.get(slug="mlt-ascp")
    client.force_login(editor)
    page = client.get(f"/admin/content/certification/{cert.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else ""
        for name in form.fields
    }
    data = {k: v for k, v in data.items() if v is not False}
    formset = page.context["inline_admin_formsets"][0].formset
    data.update(
        {
            f"{formset.prefix}-TOTAL_FORMS": str(len(formset.forms)),
            f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        }
    )
    for i, route_form in enumerate(formset.forms):
        for name in route_form.fields:
            value = route_form[name].value()
            if value is None or value is False:
                continue
            data[f"{formset.prefix}-{i}-{name}"] = value
    first = formset.forms[0].instance
    order = first.order
    data[f"{formset.prefix}-0-order"] = str(order + 40)
    data["name_en"] = cert.name + " (draft)"
    response = client.post(f"/admin/content/certification/{cert.pk}/change/", data)
    assert response.status_code == 200
    assert "saved when you publish, not into a draft" in response.content.decode()
    first.refresh_from_db()
    cert.refresh_from_db()
    assert first.order == order
    assert not Draft.objects.exists()
    assert not cert.name.endswith("(draft)")


def test_unpublishing_asks_first_and_says_what_depends_on_the_record(
    client, editor, role
):
    PlanFactory(target_role=role)
    client.force_login(editor)
    ask = client.post(
        "/admin/content/role/",
        {"action": "unpublish", ACTION_CHECKBOX_NAME: [role.pk]},
    )
    assert ask.status_code == 200
    page = ask.content.decode()
    assert "Unpublish: are you sure?" in page
    assert "1 plan refers to it." in page
    assert role.get_absolute_url() in page
    role.refresh_from_db()
    assert role.status == PublishStatus.PUBLISHED  # nothing yet

    done = client.post(
        "/admin/content/role/",
        {"action": "unpublish", ACTION_CHECKBOX_NAME: [role.pk], "confirm": "yes"},
    )
    assert done.status_code == 302
    role.refresh_from_db()
    assert role.status == PublishStatus.DRAFT
    assert role.history.first().history_change_reason == "Unpublished"


def test_the_publish_action_publishes_pending_drafts(client, editor, role):
    client.force_login(editor)
    save_draft(client, role, summary_en=NEW)
    response = client.post(
        "/admin/content/role/", {"action": "publish", ACTION_CHECKBOX_NAME: [role.pk]}
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.summary == NEW
    assert not Draft.objects.exists()


def test_dependents_count_what_points_at_a_record(role):
    PlanFactory(target_role=role)
    found = dict(drafts.dependents(role))
    assert found["plan"] == 1
    assert not any(name.startswith("historical") for name in found)
