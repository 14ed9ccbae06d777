"""Site search: one `SearchDocument` per published record, PostgreSQL full-text search with
weighted title/body vectors, ranked, highlighted, with a trigram fallback for typos."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TypedDict

import markdown
import nh3
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import models
from django.db.models import F, QuerySet
from django.db.models.expressions import CombinedExpression
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django_stubs_ext import WithAnnotations

from content.models import (
    FAQ,
    Certification,
    EligibilityRoute,
    Guide,
    LicenseCategory,
    LicenseStep,
    OutlookFigure,
    ProgramFact,
    Role,
    SearchDocument,
    StateLicensure,
)

CONFIG = "english"
# Rare characters mark highlights in SearchHeadline output; everything else gets escaped.
MARK_START, MARK_STOP = "\u27e6", "\u27e7"
TRIGRAM_THRESHOLD = 0.4
# D, C, B, A: a match in the title (A) counts five times one in the body (B), so the FAQ
# whose question is the query outranks a long page that mentions every word.
RANK_WEIGHTS = [0.05, 0.1, 0.2, 1.0]
# Roles are what people look for most; rank them above records that merely mention a word.
BOOST = {
    # The pay and outlook page is the answer to every pay question.
    SearchDocument.Kind.OUTLOOK: 1.5,
    SearchDocument.Kind.ROLE: 2.0,
    SearchDocument.Kind.CERTIFICATION: 1.3,
    SearchDocument.Kind.GUIDE: 1.1,
    SearchDocument.Kind.STATE: 1.0,
    SearchDocument.Kind.FAQ: 1.0,
    SearchDocument.Kind.FACT: 1.2,
}
INDEXED = (Role, Certification, StateLicensure, FAQ, Guide, ProgramFact)


def _clean(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_STOP, "")


def plain_text(source: str) -> str:
    """Markdown or HTML as plain text: rendered, every tag dropped, entities decoded."""
    rendered = markdown.markdown(source, output_format="html")
    return html.unescape(nh3.clean(rendered, tags=set()))


OUTLOOK_TITLE = "Pay and job outlook"
OUTLOOK_OBJECT_ID = 1  # one document for the whole page


def outlook_fields(
    figures: list[OutlookFigure],
) -> tuple[SearchDocument.Kind, str, str, str]:
    """The /outlook/ page as one search document: every published figure as text."""
    from django.urls import reverse

    from content.facts import OCCUPATIONS

    # Who the figures are for, so "how much do MLTs make" finds them.
    covers = " ".join(f"{o.name} {o.note}" for o in OCCUPATIONS.values())
    # Units ("USD per year") are left out: "how long ... years" is a question about time.
    body = (
        covers
        + " "
        + " ".join(
            f"{f.figure} {f.display_value} {f.as_of} {f.occupation}" for f in figures
        )
    )
    return (
        SearchDocument.Kind.OUTLOOK,
        f"{OUTLOOK_TITLE}: pay for MLTs, MLSs, phlebotomists and other lab roles, "
        "by state",
        body,
        reverse("content:outlook"),
    )


def document_fields(obj: models.Model) -> tuple[SearchDocument.Kind, str, str, str]:
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
                r.requirements for r in obj.routes.all() if r.is_published
            )
            fees = []
            if obj.exam_fee_usd is not None:
                fees.append(f"exam fee cost ${obj.exam_fee_usd:,.0f}")
            if obj.renewal_annual_fee_usd is not None:
                fees.append(f"annual renewal fee ${obj.renewal_annual_fee_usd:,.0f}")
            body = " ".join(
                [
                    obj.name,
                    obj.body.name,
                    obj.notes,
                    *fees,
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
                f"{s.title} {s.description}" for s in obj.steps.all() if s.is_published
            )
            licence = (
                "licence required" if obj.requires_license else "no personnel licence"
            )
            # The licenses a state issues, by name, so "CPT I" finds California.
            categories = " ".join(
                f"{c.name} {c.summary}" for c in obj.categories.all() if c.is_published
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
        case ProgramFact():
            # Shown on the pages of the roles trained by that program type.
            role = (
                Role.objects.published()
                .filter(program__in=[obj.program, *_programs_including(obj.program)])
                .order_by("career_level")
                .first()
            )
            url = f"{role.get_absolute_url()}#fact-{obj.slug}" if role else "/roles/"
            example = f" ({obj.example})" if obj.example else ""
            return (
                SearchDocument.Kind.FACT,
                f"{obj.get_topic_display()}: {obj.get_program_display()}{example}",
                f"{role.title if role else ''} {obj.text} {obj.example} {obj.as_of} "
                f"{obj.notes}",
                url,
            )
        case Guide():
            # The body is markdown: indexed (and so shown in snippets) as plain text.
            return (
                SearchDocument.Kind.GUIDE,
                obj.title,
                f"{obj.summary} {plain_text(obj.body)}",
                obj.get_absolute_url(),
            )
    raise TypeError(f"{type(obj).__name__} is not indexed")


def _programs_including(program: str) -> list[str]:
    from content.models import PROGRAM_ALTERNATIVES

    return [main for main, alts in PROGRAM_ALTERNATIVES.items() if program in alts]


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


def _vector() -> CombinedExpression:
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
        *ProgramFact.objects.published(),
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
    figures = list(OutlookFigure.objects.published())
    if figures:
        _save_outlook_document(figures)
        count += 1
    SearchDocument.objects.update(search_vector=_vector())
    return count


def _save_outlook_document(figures: list[OutlookFigure]) -> SearchDocument:
    kind, title, body, url = outlook_fields(figures)
    doc, _ = SearchDocument.objects.update_or_create(
        kind=kind,
        object_id=OUTLOOK_OBJECT_ID,
        defaults={
            "title": _clean(title),
            "body": _clean(" ".join(body.split())),
            "url": url,
            "boost": BOOST[kind],
        },
    )
    return doc


def index_outlook() -> None:
    """Refresh the outlook page's document after a figure is saved."""
    figures = list(OutlookFigure.objects.published())
    if not figures:
        SearchDocument.objects.filter(kind=SearchDocument.Kind.OUTLOOK).delete()
        return
    doc = _save_outlook_document(figures)
    SearchDocument.objects.filter(pk=doc.pk).update(search_vector=_vector())


def index_parent(obj: models.Model) -> None:
    """Routes, steps and license categories are searched as part of their parent; outlook
    figures as the outlook page."""
    if isinstance(obj, OutlookFigure):
        index_outlook()
    elif isinstance(obj, EligibilityRoute):
        index_object(obj.certification)
    elif isinstance(obj, LicenseStep | LicenseCategory):
        index_object(obj.state)


class HitAnnotations(TypedDict):
    rank: float
    headline: str  # the matched words in context, between MARK_START and MARK_STOP


type Hit = WithAnnotations[SearchDocument, HitAnnotations]


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: QuerySet[Hit]
    fuzzy: bool


# Words people use for the same fact; each group is searched as one "any of these" term.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "salary",
        "salaries",
        "pay",
        "paid",
        "wage",
        "wages",
        "earn",
        "earnings",
        "income",
    ),
    ("cost", "costs", "tuition", "fee", "fees", "price", "afford", "expensive"),
    (
        "license",
        "licence",
        "licensure",
        "licensing",
        "licensed",
        "licenses",
        "licences",
    ),
    ("long", "time", "year", "years", "month", "months", "length", "duration"),
    ("outlook", "jobs", "job", "growth", "demand", "openings", "projection"),
    ("certification", "certified", "certificate", "credential"),
    ("training", "program", "programs", "course", "school", "education", "degree"),
    ("phlebotomist", "phlebotomists", "phlebotomy"),
    # "MLTs" is not stemmed to "mlt" (no vowel), so abbreviations get their plurals.
    ("lab", "labs", "laboratory", "laboratories"),
    ("mlt", "mlts"),
    ("mls", "mlss"),
)
SYNONYMS: dict[str, tuple[str, ...]] = {
    word: group for group in SYNONYM_GROUPS for word in group
}
# One way only: a phlebotomist is in phlebotomy, but "phlebotomy" means the role and its
# training, not every pay figure for phlebotomists.
SYNONYMS["phlebotomy"] = ("phlebotomy",)
# Question wording that carries no search meaning ("how long does it take to become an MLT").
QUESTION_WORDS = frozenset(
    [
        "how",
        "what",
        "which",
        "who",
        "when",
        "where",
        "why",
        "whats",
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "can",
        "could",
        "should",
        "would",
        "will",
        "i",
        "me",
        "my",
        "you",
        "your",
        "it",
        "its",
        "to",
        "a",
        "an",
        "the",
        "be",
        "become",
        "becoming",
        "get",
        "getting",
        "take",
        "takes",
        "much",
        "many",
        "need",
        "needs",
        "in",
        "of",
        "for",
        "on",
        "as",
        "and",
        "or",
        "with",
        "there",
    ]
)
PHRASES = {
    ("how", "much", "do"): "salary",  # "how much do MLTs make"
    ("how", "much", "does"): "cost",  # "how much does training cost"
}
WORD = re.compile(r"[a-z0-9]+")


def query_terms(q: str) -> list[tuple[str, ...]]:
    """The query as groups of alternatives: question words dropped, synonyms expanded.

    "how long does it take to become an MLT" -> [("long", "time", ...), ("mlt",)].
    """
    words = WORD.findall(q.lower())
    groups: list[tuple[str, ...]] = []
    implied = ""
    for start, intent in PHRASES.items():
        if tuple(words[: len(start)]) == start:
            implied = intent
    for word in words:
        if word in QUESTION_WORDS:
            continue
        if word == "make" and implied == "salary":
            word = "salary"
        group = SYNONYMS.get(word, (word,))
        if group not in groups:
            groups.append(group)
    if implied and not any(implied in g for g in groups):
        groups.append(SYNONYMS[implied])
    return groups


def _tsquery(groups: list[tuple[str, ...]], joiner: str) -> SearchQuery:
    # Each word passes through plainto_tsquery (stemmed, stop words dropped), so nothing a
    # visitor types is read as tsquery syntax.
    query: SearchQuery | None = None
    for group in groups:
        alternatives: SearchQuery | None = None
        for word in group:
            term = SearchQuery(word, config=CONFIG, search_type="plain")
            alternatives = term if alternatives is None else alternatives | term
        assert alternatives is not None
        if query is None:
            query = alternatives
        else:
            query = query & alternatives if joiner == "&" else query | alternatives
    assert query is not None
    return query


def search(q: str) -> SearchResults:
    """Ranked full-text hits with a `headline`; trigram similarity on titles if none match.

    The words are read as a question: question words dropped, synonyms expanded (see
    SYNONYM_GROUPS), every group required; when that finds nothing, any group will do.
    Quoted phrases and -exclusions (web search syntax) are kept as typed.
    """
    # PostgreSQL rejects NUL in string literals; treat it (like any space) as a separator.
    q = " ".join(q.replace("\x00", " ").split())[:200]
    groups = query_terms(q)
    if '"' in q or " -" in f" {q}" or not groups:
        query = SearchQuery(q, config=CONFIG, search_type="websearch")
        return _ranked(q, query) or _fuzzy(q)
    return (
        _ranked(q, _tsquery(groups, "&"))
        or (len(groups) > 1 and _ranked(q, _tsquery(groups, "|")))
        or _fuzzy(q)
    )


def _ranked(q: str, query: SearchQuery) -> SearchResults | None:
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
            rank=SearchRank(F("search_vector"), query, weights=RANK_WEIGHTS)
            * F("boost"),
            headline=headline,
        )
        .order_by("-rank", "title")
    )
    if hits.exists():
        return SearchResults(q, hits, fuzzy=False)
    return None


def _fuzzy(q: str) -> SearchResults:
    fuzzy = (
        SearchDocument.objects.annotate(rank=TrigramWordSimilarity(q, "title"))
        .filter(rank__gte=TRIGRAM_THRESHOLD)
        .annotate(headline=models.functions.Left("body", 200))
        .order_by("-rank", "title")
    )
    return SearchResults(q, fuzzy, fuzzy=True)


def snippet_text(headline: str) -> str:
    """The headline as plain text (the API's snippet): no marks, no HTML."""
    return _clean(headline)


def snippet_highlights(headline: str) -> list[list[int]]:
    """[start, end) offsets of the highlighted words in `snippet_text(headline)`."""
    spans, offset = [], 0
    for part in re.finditer(f"{MARK_START}(.*?){MARK_STOP}", headline):
        start = part.start() - offset
        spans.append([start, start + len(part.group(1))])
        offset += 2
    return spans


def snippet_html(headline: str) -> SafeString:
    """Escape a headline and turn only the highlight marks into <mark> elements."""
    escaped = str(escape(headline))
    return mark_safe(
        escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    )
