"""Site search: one `SearchDocument` per published record, PostgreSQL full-text search with
weighted title/body vectors, ranked, highlighted, with a trigram fallback for typos."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import models
from django.db.models import F, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from content.models import (
    FAQ,
    Certification,
    EligibilityRoute,
    Guide,
    LicenseCategory,
    LicenseStep,
    Role,
    SearchDocument,
    StateLicensure,
)

CONFIG = "english"
# Rare characters mark highlights in SearchHeadline output; everything else gets escaped.
MARK_START, MARK_STOP = "\u27e6", "\u27e7"
TRIGRAM_THRESHOLD = 0.4
# Roles are what people look for most; rank them above records that merely mention a word.
BOOST = {
    SearchDocument.Kind.ROLE: 2.0,
    SearchDocument.Kind.CERTIFICATION: 1.3,
    SearchDocument.Kind.GUIDE: 1.1,
    SearchDocument.Kind.STATE: 1.0,
    SearchDocument.Kind.FAQ: 1.0,
}
INDEXED = (Role, Certification, StateLicensure, FAQ, Guide)


def _clean(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_STOP, "")


def document_fields(obj: models.Model) -> tuple[str, str, str, str]:
    """(kind, title, body, url) for an indexed record."""
    match obj:
        case Role():
            body = " ".join(
                [
                    obj.also_called,
                    obj.summary,
                    obj.typical_education,
                    obj.duties,
                    obj.supervision,
                ]
            )
            return SearchDocument.Kind.ROLE, obj.title, body, obj.get_absolute_url()
        case Certification():
            routes = " ".join(
                r.requirements for r in obj.routes.all() if r.status == "published"
            )
            body = " ".join(
                [
                    obj.name,
                    obj.body.name,
                    obj.notes,
                    obj.exam_format,
                    obj.renewal_program,
                    obj.renewal_required_categories,
                    obj.renewal_notes,
                    routes,
                ]
            )
            title = f"{obj.abbreviation}: {obj.name}"
            return (
                SearchDocument.Kind.CERTIFICATION,
                title,
                body,
                obj.get_absolute_url(),
            )
        case StateLicensure():
            steps = " ".join(
                f"{s.title} {s.description}"
                for s in obj.steps.all()
                if s.status == "published"
            )
            licence = (
                "licence required" if obj.requires_license else "no personnel licence"
            )
            # The licenses a state issues, by name, so "CPT I" finds California.
            categories = " ".join(
                f"{c.name} {c.summary}"
                for c in obj.categories.all()
                if c.status == "published"
            )
            body = " ".join(
                [obj.code, licence, obj.board_name, obj.notes, steps, categories]
            )
            return (
                SearchDocument.Kind.STATE,
                f"{obj.name} licensure",
                body,
                obj.get_absolute_url(),
            )
        case FAQ():
            return (
                SearchDocument.Kind.FAQ,
                obj.question,
                obj.answer,
                obj.get_absolute_url(),
            )
        case Guide():
            return (
                SearchDocument.Kind.GUIDE,
                obj.title,
                f"{obj.summary} {obj.body}",
                obj.get_absolute_url(),
            )
    raise TypeError(f"{type(obj).__name__} is not indexed")


def index_object(obj: models.Model) -> None:
    """Add, refresh or remove the search document of one record according to its status."""
    kind, title, body, url = document_fields(obj)
    if getattr(obj, "status", None) != "published":
        SearchDocument.objects.filter(kind=kind, object_id=obj.pk).delete()
        return
    doc, _ = SearchDocument.objects.update_or_create(
        kind=kind,
        object_id=obj.pk,
        defaults={
            "title": _clean(title),
            "body": _clean(" ".join(body.split())),
            "url": url,
            "boost": BOOST[kind],
        },
    )
    SearchDocument.objects.filter(pk=doc.pk).update(search_vector=_vector())


def _vector() -> SearchVector:
    return SearchVector("title", weight="A", config=CONFIG) + SearchVector(
        "body", weight="B", config=CONFIG
    )


def rebuild_index() -> int:
    """Re-create every search document from published content; returns the count."""
    SearchDocument.objects.all().delete()
    count = 0
    for obj in [
        *Role.objects.published(),
        *Certification.objects.published()
        .select_related("body")
        .prefetch_related("routes"),
        *StateLicensure.objects.published().prefetch_related("steps", "categories"),
        *FAQ.objects.published(),
        *Guide.objects.published(),
    ]:
        kind, title, body, url = document_fields(obj)
        SearchDocument(
            kind=kind,
            object_id=obj.pk,
            title=_clean(title),
            body=_clean(" ".join(body.split())),
            url=url,
            boost=BOOST[kind],
        ).save()
        count += 1
    SearchDocument.objects.update(search_vector=_vector())
    return count


def index_parent(obj: models.Model) -> None:
    """Routes, steps and license categories are searched as part of their parent."""
    if isinstance(obj, EligibilityRoute):
        index_object(obj.certification)
    elif isinstance(obj, LicenseStep | LicenseCategory):
        index_object(obj.state)


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: QuerySet[SearchDocument]
    fuzzy: bool


def search(q: str) -> SearchResults:
    """Ranked full-text hits with a `headline`; trigram similarity on titles if none match."""
    # PostgreSQL rejects NUL in string literals; treat it (like any space) as a separator.
    q = " ".join(q.replace("\x00", " ").split())[:200]
    query = SearchQuery(q, config=CONFIG, search_type="websearch")
    headline = SearchHeadline(
        "body",
        query,
        config=CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
    )
    hits = (
        SearchDocument.objects.filter(search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query) * F("boost"), headline=headline
        )
        .order_by("-rank", "title")
    )
    if hits.exists():
        return SearchResults(q, hits, fuzzy=False)
    fuzzy = (
        SearchDocument.objects.annotate(rank=TrigramWordSimilarity(q, "title"))
        .filter(rank__gte=TRIGRAM_THRESHOLD)
        .annotate(headline=models.functions.Left("body", 200))
        .order_by("-rank", "title")
    )
    return SearchResults(q, fuzzy, fuzzy=True)


def snippet_html(headline: str) -> SafeString:
    """Escape a headline and turn only the highlight marks into <mark> elements."""
    escaped = str(escape(headline))
    return mark_safe(
        escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    )
