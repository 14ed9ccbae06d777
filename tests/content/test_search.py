from __future__ import annotations

import pytest

from content.models import Guide, PublishStatus
from tests.content.factories import GuideFactory

pytestmark = pytest.mark.django_db


def test_phlebotomy_ranks_the_phlebotomy_role_first(client, seeded):
    html = client.get("/search/?q=phlebotomy").content.decode()
    first = html.split('<ol class="search-results"')[1].split("</li>")[0]
    assert 'href="/roles/phlebotomy-technician/"' in first
    assert "<mark>" in html


def test_typo_falls_back_to_trigram_similarity(client, seeded):
    html = client.get("/search/?q=phlebotmy").content.decode()
    assert "possible typo" in html
    assert "/roles/phlebotomy-technician/" in html


def test_empty_and_no_result_states(client, seeded):
    assert "Type a word" in client.get("/search/").content.decode()
    assert "No results for" in client.get("/search/?q=xqzvvvk").content.decode()


def test_snippets_escape_content_but_keep_highlights(client, seeded):
    GuideFactory(
        title="Scripted guide",
        body="<script>alert(1)</script> Fish & chips zymurgy tips",
    )
    html = client.get("/search/?q=zymurgy").content.decode()
    assert "<script>alert" not in html
    assert "Fish &amp; chips" in html
    assert "<mark>zymurgy</mark>" in html


def test_saving_content_keeps_the_index_in_sync(client, seeded):
    guide = GuideFactory(title="Quokka handling")
    assert "Quokka handling" in client.get("/search/?q=quokka").content.decode()
    Guide.objects.filter(pk=guide.pk).update()  # no signal: unchanged
    guide.status = PublishStatus.DRAFT
    guide.save()
    assert "No results" in client.get("/search/?q=quokka").content.decode()


def test_search_paginates(client, seeded):
    response = client.get("/search/?q=licence&page=2")
    assert response.status_code == 200
    assert "Page 2 of" in response.content.decode()
