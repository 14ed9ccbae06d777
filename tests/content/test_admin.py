from __future__ import annotations

import pytest

from content.models import PublishStatus, Role, Source

pytestmark = pytest.mark.django_db


def _role_form(role: Role, **changes: object) -> dict[str, object]:
    # The admin shows each translated field once per language (`summary_en`, `summary_es`).
    data = {
        "slug": role.slug,
        "title_en": role.title,
        "short_title": role.short_title,
        "also_called_en": role.also_called,
        "summary_en": role.summary,
        "duties_en": role.duties,
        "typical_education_en": role.typical_education,
        "supervision_en": role.supervision,
        "career_level": role.career_level,
        "onet_code": role.onet_code,
        "onet_title": role.onet_title,
        "onet_code_verified": "on",
        "notes_en": role.notes,
        "status": role.status,
        "last_reviewed": role.last_reviewed.isoformat() if role.last_reviewed else "",
        "verified": "on",
        "sources": [s.pk for s in role.sources.all()],
        "advances_to": [r.pk for r in role.advances_to.all()],
        "work_settings": [w.pk for w in role.work_settings.all()],
        "skills": [s.pk for s in role.skills.all()],
    }
    data.update(changes)
    return data


def test_editor_cannot_see_users_but_can_change_a_role(client, editor):
    client.force_login(editor)
    assert client.get("/admin/accounts/user/").status_code == 403
    role = Role.objects.get(slug="histotechnician")
    url = f"/admin/content/role/{role.pk}/change/"
    response = client.post(
        url, _role_form(role, summary_en="Prepares tissue for review.", _publish="1")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    role.refresh_from_db()
    assert role.summary == "Prepares tissue for review."
    history = client.get(f"/admin/content/role/{role.pk}/history/")
    assert history.status_code == 200
    assert editor.email in history.content.decode()


def test_admin_lists_filter_by_needs_review_and_body(client, editor):
    client.force_login(editor)
    assert client.get("/admin/content/role/?review=needed").status_code == 200
    response = client.get("/admin/content/certification/?body__id__exact=1&q=MLT")
    assert response.status_code == 200


def test_publishing_without_a_source_is_refused_and_nothing_saved(client, editor):
    client.force_login(editor)
    role = Role.objects.get(slug="histotechnician")
    response = client.post(
        f"/admin/content/role/{role.pk}/change/",
        _role_form(role, sources=[], summary_en="Should not be saved."),
    )
    assert response.status_code == 200
    assert (
        "A published record must cite at least one source." in response.content.decode()
    )
    role.refresh_from_db()
    assert role.summary != "Should not be saved."


def test_source_url_must_be_http_and_as_of_not_in_future(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/content/source/add/",
        {
            "key": "bad-source",
            "title": "Bad",
            "publisher": "x",
            "url": "ftp://example.org/a",
            "as_of": "2099-01-01",
            "as_of_label": "",
            "authority": "high",
            "status": PublishStatus.DRAFT,
            "last_reviewed": "2026-11-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "starting with http:// or https://" in html
    assert "cannot be in the future" in html
    assert not Source.objects.filter(key="bad-source").exists()


def test_publish_action_and_preview_link(client, editor):
    client.force_login(editor)
    role = Role.objects.get(slug="cytotechnologist")
    Role.objects.filter(pk=role.pk).update(status=PublishStatus.DRAFT)
    client.post(
        "/admin/content/role/", {"action": "publish", "_selected_action": [role.pk]}
    )
    role.refresh_from_db()
    assert role.status == PublishStatus.PUBLISHED
    change = client.get(f"/admin/content/role/{role.pk}/change/").content.decode()
    assert f"{role.get_absolute_url()}?preview=1" in change
