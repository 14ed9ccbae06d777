"""Site search: one `SearchDocument` per published record and language, PostgreSQL full-text
search with weighted title/body vectors, ranked, highlighted, with a trigram fallback for typos.

Each record is indexed in English (the `english` text-search configuration) and in Spanish (its
Spanish fields, or the English where a field has no Spanish yet, with `spanish`); a search reads
the documents of the active language, so "flebotomía" is stemmed and ranked as "phlebotomy" is.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, TypedDict

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
from django.utils.translation import get_language, override
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
# Language -> PostgreSQL text-search configuration; every record is indexed in each. The
# Spanish one is PostgreSQL's `spanish` with accents ignored (migration content 0009).
CONFIGS = {"en": "english", "es": "careerpath_spanish"}
LANGUAGES = tuple(CONFIGS)


def active_language() -> str:
    """The active language if it has a search configuration, else English."""
    language = (get_language() or "en").split("-")[0]
    return language if language in CONFIGS else "en"


# Words the documents add around the records' own text, in each language.
WORDING = {
    "en": {
        "licence": "licence required",
        "no_licence": "no personnel licence",
        "state": "{name} licensure",
        "exam_fee": "exam fee cost ${fee:,.0f}",
        "renewal_fee": "annual renewal fee ${fee:,.0f}",
        "outlook": "Pay and job outlook: pay for MLTs, MLSs, phlebotomists and other lab "
        "roles, by state",
    },
    "es": {
        "licence": "requiere licencia",
        "no_licence": "sin licencia para el personal",
        "state": "Licencia en {name}",
        "exam_fee": "cuota costo del examen ${fee:,.0f}",
        "renewal_fee": "cuota anual de renovación ${fee:,.0f}",
        "outlook": "Salarios y perspectivas de empleo: lo que ganan técnicos y científicos "
        "de laboratorio, flebotomistas y otros puestos, por estado",
    },
}
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


def _occupation_name(figure: OutlookFigure) -> str:
    """The figure's occupation in the active language when it is one of ours, else as published."""
    from content import facts

    known = facts.OCCUPATIONS.get(figure.occupation_code)
    if known and figure.occupation in ("", known.name):
        return facts.occupation(figure.occupation_code).name
    return figure.occupation


def outlook_fields(
    figures: list[OutlookFigure],
) -> tuple[SearchDocument.Kind, str, str, str]:
    """The /outlook/ page as one search document: every published figure as text."""
    from django.urls import reverse

    from content import facts

    wording = WORDING[active_language()]
    # Who the figures are for, in the active language, so "how much do MLTs make" and
    # "cuánto gana un flebotomista" find them.
    occupations = [facts.occupation(code) for code in facts.OCCUPATIONS]
    covers = " ".join(f"{o.name} {o.note}" for o in occupations)
    # Units ("USD per year") are left out: "how long ... years" is a question about time.
    body = (
        covers
        + " "
        + " ".join(
            f"{f.figure} {f.display_value} {f.as_of} {_occupation_name(f)}"
            for f in figures
        )
    )
    return (
        SearchDocument.Kind.OUTLOOK,
        wording["outlook"],
        body,
        reverse("content:outlook"),
    )


def document_fields(obj: models.Model) -> tuple[SearchDocument.Kind, str, str, str]:
    """(kind, title, body, url) for an indexed record, in the active language."""
    wording = WORDING[active_language()]
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
                fees.append(wording["exam_fee"].format(fee=obj.exam_fee_usd))
            if obj.renewal_annual_fee_usd is not None:
                fees.append(
                    wording["renewal_fee"].format(fee=obj.renewal_annual_fee_usd)
                )
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
                wording["licence"] if obj.requires_license else wording["no_licence"]
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
                wording["state"].format(name=obj.name),
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
    """Add, refresh or remove the search documents of one record according to its status."""
    if getattr(obj, "status", None) != "published":
        kind = document_fields(obj)[0]
        SearchDocument.objects.filter(kind=kind, object_id=obj.pk).delete()
        return
    for language in LANGUAGES:
        with override(language):
            kind, title, body, url = document_fields(obj)
        doc, _ = SearchDocument.objects.update_or_create(
            kind=kind,
            object_id=obj.pk,
            language=language,
            defaults=_document_values(kind, title, body, url),
        )
        SearchDocument.objects.filter(pk=doc.pk).update(search_vector=_vector(language))


def _document_values(
    kind: SearchDocument.Kind, title: str, body: str, url: str
) -> dict[str, Any]:
    """A search document's stored text, link and weight, from `document_fields`."""
    return {
        "title": _clean(title),
        "body": _clean(" ".join(body.split())),
        "url": url,
        "boost": BOOST[kind],
    }


def _vector(language: str = "en") -> CombinedExpression:
    config = CONFIGS[language]
    return SearchVector("title", weight="A", config=config) + SearchVector(
        "body", weight="B", config=config
    )


def rebuild_index() -> int:
    """Re-create every search document from published content; returns the count."""
    SearchDocument.objects.all().delete()
    count = 0
    records = [
        *Role.objects.published(),
        *Certification.objects.published()
        .select_related("body")
        .prefetch_related("routes"),
        *StateLicensure.objects.published().prefetch_related("steps", "categories"),
        *FAQ.objects.published(),
        *Guide.objects.published(),
        *ProgramFact.objects.published(),
    ]
    figures = list(OutlookFigure.objects.published())
    for language in LANGUAGES:
        with override(language):
            documents = []
            for obj in records:
                kind, title, body, url = document_fields(obj)
                documents.append(
                    SearchDocument(
                        kind=kind,
                        object_id=obj.pk,
                        language=language,
                        **_document_values(kind, title, body, url),
                    )
                )
            SearchDocument.objects.bulk_create(documents)
            count += len(documents)
            if figures:
                _save_outlook_document(figures, language)
                count += 1
        SearchDocument.objects.filter(language=language).update(
            search_vector=_vector(language)
        )
    return count


def _save_outlook_document(
    figures: list[OutlookFigure], language: str
) -> SearchDocument:
    with override(language):
        kind, title, body, url = outlook_fields(figures)
    doc, _ = SearchDocument.objects.update_or_create(
        kind=kind,
        object_id=OUTLOOK_OBJECT_ID,
        language=language,
        defaults=_document_values(kind, title, body, url),
    )
    return doc


def index_outlook() -> None:
    """Refresh the outlook page's document after a figure is saved."""
    figures = list(OutlookFigure.objects.published())
    if not figures:
        SearchDocument.objects.filter(kind=SearchDocument.Kind.OUTLOOK).delete()
        return
    for language in LANGUAGES:
        doc = _save_outlook_document(figures, language)
        SearchDocument.objects.filter(pk=doc.pk).update(search_vector=_vector(language))


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

# The same for Spanish questions ("¿cuánto gana un técnico en flebotomía?").
SYNONYM_GROUPS_ES: tuple[tuple[str, ...], ...] = (
    (
        "salario",
        "salarios",
        "sueldo",
        "sueldos",
        "paga",
        "gana",
        "ganan",
        "ganar",
        "ingresos",
    ),
    (
        "costo",
        "costos",
        "coste",
        "cuesta",
        "cuestan",
        "matrícula",
        "cuota",
        "cuotas",
        "precio",
    ),
    ("licencia", "licencias"),
    ("tiempo", "tarda", "tardar", "año", "años", "mes", "meses", "duración", "dura"),
    ("perspectivas", "empleo", "empleos", "crecimiento", "demanda", "vacantes"),
    ("certificación", "certificado", "certificada", "credencial"),
    ("formación", "programa", "programas", "curso", "cursos", "escuela", "estudios"),
    ("flebotomista", "flebotomistas", "flebotomía"),
    ("laboratorio", "laboratorios", "lab"),
    ("mlt", "mlts"),
    ("mls", "mlss"),
)
SYNONYMS_ES: dict[str, tuple[str, ...]] = {
    word: group for group in SYNONYM_GROUPS_ES for word in group
}
SYNONYMS_ES["flebotomía"] = ("flebotomía",)  # one way, as for "phlebotomy"
QUESTION_WORDS_ES = frozenset(
    [
        "cómo",
        "como",
        "qué",
        "que",
        "cuál",
        "cuáles",
        "cuánto",
        "cuánta",
        "cuántos",
        "cuántas",
        "cuándo",
        "dónde",
        "quién",
        "necesito",
        "necesita",
        "puedo",
        "puede",
        "hay",
        "es",
        "son",
        "ser",
        "llegar",
        "hacerse",
        "se",
        "un",
        "una",
        "el",
        "la",
        "los",
        "las",
        "de",
        "del",
        "en",
        "para",
        "por",
        "y",
        "o",
        "mi",
        "me",
        "tengo",
        "a",
        "al",
        "con",
    ]
)
WORD_ES = re.compile(r"[^\W_]+")


def query_terms(q: str, language: str = "en") -> list[tuple[str, ...]]:
    """The query as groups of alternatives: question words dropped, synonyms expanded.

    "how long does it take to become an MLT" -> [("long", "time", ...), ("mlt",)].
    """
    if language == "es":
        synonyms, question_words = SYNONYMS_ES, QUESTION_WORDS_ES
        words = WORD_ES.findall(q.lower())
    else:
        synonyms, question_words = SYNONYMS, QUESTION_WORDS
        words = WORD.findall(q.lower())
    groups: list[tuple[str, ...]] = []
    implied = ""
    if language == "en":
        for start, intent in PHRASES.items():
            if tuple(words[: len(start)]) == start:
                implied = intent
    for word in words:
        if word in question_words:
            continue
        if word == "make" and implied == "salary":
            word = "salary"
        group = synonyms.get(word, (word,))
        if group not in groups:
            groups.append(group)
    if implied and not any(implied in g for g in groups):
        groups.append(SYNONYMS[implied])
    return groups


def _tsquery(
    groups: list[tuple[str, ...]], joiner: str, config: str = CONFIG
) -> SearchQuery:
    # Each word passes through plainto_tsquery (stemmed, stop words dropped), so nothing a
    # visitor types is read as tsquery syntax.
    query: SearchQuery | None = None
    for group in groups:
        alternatives: SearchQuery | None = None
        for word in group:
            term = SearchQuery(word, config=config, search_type="plain")
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
    language = active_language()
    config = CONFIGS[language]
    groups = query_terms(q, language)
    if '"' in q or " -" in f" {q}" or not groups:
        query = SearchQuery(q, config=config, search_type="websearch")
        return _ranked(q, query, language) or _fuzzy(q, language)
    return (
        _ranked(q, _tsquery(groups, "&", config), language)
        or (len(groups) > 1 and _ranked(q, _tsquery(groups, "|", config), language))
        or _fuzzy(q, language)
    )


def _ranked(q: str, query: SearchQuery, language: str) -> SearchResults | None:
    headline = SearchHeadline(
        "body",
        query,
        config=CONFIGS[language],
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
    )
    hits = (
        SearchDocument.objects.filter(language=language, search_vector=query)
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


def _fuzzy(q: str, language: str) -> SearchResults:
    fuzzy = (
        SearchDocument.objects.filter(language=language)
        .annotate(rank=TrigramWordSimilarity(q, "title"))
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
