"""Public content pages: server-rendered, cited, cached and conditional (see caching.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import markdown
import nh3
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from content import facts as key_facts
from content import licensure
from content import outlook as outlook_rules
from content import search as site_search
from content.caching import content_page, is_preview
from content.ladder import build_ladder
from content.models import (
    FAQ,
    Certification,
    CertifyingBody,
    CitedRecord,
    ContentQuerySet,
    Guide,
    OutlookFigure,
    ProgramFact,
    Role,
    StateLicensure,
)
from content.prefetch import (
    attach_ladder,
    attach_sources,
    distinct_sources,
    fetch_together,
)
from content.translation import untranslated_fields

# Standard US tile-grid layout (column, row); DC and PR placed as on common tile maps.
TILE_GRID: dict[str, tuple[int, int]] = {
    "AK": (0, 0),
    "ME": (11, 0),
    "VT": (10, 1),
    "NH": (11, 1),
    "WA": (1, 2),
    "ID": (2, 2),
    "MT": (3, 2),
    "ND": (4, 2),
    "MN": (5, 2),
    "IL": (6, 2),
    "WI": (7, 2),
    "MI": (8, 2),
    "NY": (9, 2),
    "RI": (10, 2),
    "MA": (11, 2),
    "OR": (1, 3),
    "NV": (2, 3),
    "WY": (3, 3),
    "SD": (4, 3),
    "IA": (5, 3),
    "IN": (6, 3),
    "OH": (7, 3),
    "PA": (8, 3),
    "NJ": (9, 3),
    "CT": (10, 3),
    "CA": (1, 4),
    "UT": (2, 4),
    "CO": (3, 4),
    "NE": (4, 4),
    "MO": (5, 4),
    "KY": (6, 4),
    "WV": (7, 4),
    "VA": (8, 4),
    "MD": (9, 4),
    "DE": (10, 4),
    "AZ": (2, 5),
    "NM": (3, 5),
    "KS": (4, 5),
    "AR": (5, 5),
    "TN": (6, 5),
    "NC": (7, 5),
    "SC": (8, 5),
    "DC": (9, 5),
    "OK": (4, 6),
    "LA": (5, 6),
    "MS": (6, 6),
    "AL": (7, 6),
    "GA": (8, 6),
    "HI": (0, 7),
    "TX": (4, 7),
    "FL": (9, 7),
    "PR": (11, 7),
}
TILE = 52
TILE_GAP = 4


@dataclass(frozen=True)
class ReviewSummary:
    """What a page says about when its facts were checked (see ContentRecord.review_due)."""

    oldest: dt.date | None  # the oldest check among the records that were checked
    unchecked: int  # records nobody has checked against their sources
    due: int  # records due for review (includes the unchecked)
    total: int


def _reviewed(records: Iterable[Any]) -> ReviewSummary:
    records = list(records)
    today = timezone.localdate()
    dates = [r.last_reviewed for r in records if r.last_reviewed is not None]
    return ReviewSummary(
        oldest=min(dates) if dates else None,
        unchecked=sum(1 for r in records if r.last_reviewed is None),
        due=sum(1 for r in records if r.review_due(today)),
        total=len(records),
    )


def _visible[Q: ContentQuerySet[Any]](request: HttpRequest, qs: Q) -> Q:
    return qs if is_preview(request) else qs.published()


def _page(
    request: HttpRequest, template: str, records: list[Any], **context: Any
) -> HttpResponse:
    context.setdefault("sources", distinct_sources(records))
    context.setdefault("review", _reviewed(records))
    context["preview"] = is_preview(request)
    return render(request, template, context)


@require_GET
@content_page
def home(request: HttpRequest) -> HttpResponse:
    roles = list(Role.objects.published().for_list())
    return _page(
        request, "content/home.html", roles, roles=roles, ladder=build_ladder(roles)
    )


@require_GET
@content_page
def role_list(request: HttpRequest) -> HttpResponse:
    roles = list(Role.objects.published().for_list())
    return _page(request, "content/role_list.html", roles, roles=roles)


def _role_facts(
    roles: list[Role],
    certifications: dict[int, list[Certification]] | None = None,
    cited: Iterable[CitedRecord] = (),
) -> list[key_facts.RoleFacts]:
    """Pay, outlook, time and cost for the roles: one query for the BLS figures of their
    occupations and their programs' facts, and one for the sources of those and of the
    other records the page cites (`cited`)."""
    codes = {r.oews_code for r in roles if r.oews_code}
    programs = {p for r in roles for p in r.programs}
    figures, program_facts = fetch_together(
        OutlookFigure.objects.published().filter(
            occupation_code__in=codes, state_code=""
        ),
        ProgramFact.objects.published().filter(program__in=programs),
    )
    attach_sources([*cited, *figures, *program_facts])
    return key_facts.role_facts(
        roles,
        figures,
        program_facts,
        today=timezone.localdate(),
        certifications=certifications,
    )


@require_GET
@content_page
def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    role = get_object_or_404(_visible(request, Role.objects.for_detail()), slug=slug)
    attach_ladder([role])
    (facts,) = _role_facts([role], cited=role.cited_records())
    return _page(request, "content/role_detail.html", [role], role=role, facts=facts)


@require_GET
@content_page
def role_compare(request: HttpRequest) -> HttpResponse:
    a = request.GET.get("a") or "medical-laboratory-technician"
    b = request.GET.get("b") or "medical-laboratory-scientist"
    found = {
        r.slug: r for r in Role.objects.published().for_detail().filter(slug__in=[a, b])
    }
    if a not in found or b not in found:
        raise Http404("Unknown role")
    pair = [found[a], found[b]]
    attach_ladder(pair)
    choices = list(Role.objects.published().values_list("slug", "title"))
    return _page(
        request,
        "content/role_compare.html",
        pair,
        pair=pair,
        facts=_role_facts(pair, cited=[c for r in pair for c in r.cited_records()]),
        choices=choices,
        a=a,
        b=b,
    )


@require_GET
@content_page
def certification_list(request: HttpRequest) -> HttpResponse:
    certs = list(Certification.objects.published().for_list())
    grouped: dict[CertifyingBody, list[Certification]] = defaultdict(list)
    for cert in certs:
        grouped[cert.body].append(cert)
    return _page(
        request,
        "content/certification_list.html",
        certs,
        grouped=sorted(grouped.items(), key=lambda kv: kv[0].name),
    )


@require_GET
@content_page
def certification_detail(request: HttpRequest, slug: str) -> HttpResponse:
    cert = get_object_or_404(
        _visible(request, Certification.objects.for_detail()), slug=slug
    )
    routes = list(cert.routes.all())
    return _page(
        request,
        "content/certification_detail.html",
        [cert, *routes],
        cert=cert,
        routes=routes,
    )


@require_GET
@content_page
def certification_compare(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("role") or "medical-laboratory-technician"
    role = get_object_or_404(Role.objects.published().for_list(), slug=slug)
    certs = list(Certification.objects.published().for_detail().filter(role=role))
    columns = [
        (body, [c for c in certs if c.body.slug == body]) for body in ("ascp", "amt")
    ]
    roles = list(
        Role.objects.published()
        .filter(certifications__isnull=False)
        .distinct()
        .values_list("slug", "title")
    )
    (facts,) = _role_facts([role], certifications={role.pk: certs})
    return _page(
        request,
        "content/certification_compare.html",
        [role, *certs],
        role=role,
        columns=columns,
        certs=certs,
        roles=roles,
        facts=facts,
    )


def _tiles(tiles: list[licensure.MapTile]) -> list[dict[str, Any]]:
    placed = []
    for tile in tiles:
        col, row = TILE_GRID.get(tile.state.code, (11, 8))
        placed.append(
            {
                "state": tile.state,
                "licensing": tile.licensing.value,
                "licensing_label": licensure.licensing_label(tile.licensing),
                "issued": [
                    c for c in tile.categories if c.kind in licensure.ISSUED_KINDS
                ],
                "x": col * (TILE + TILE_GAP),
                "y": row * (TILE + TILE_GAP),
                "cx": col * (TILE + TILE_GAP) + TILE // 2,
            }
        )
    return placed


def _published_role(roles: list[Role], slug: str) -> Role:
    for role in roles:
        if role.slug == slug:
            return role
    raise Http404("Unknown role")


@require_GET
@content_page
def state_list(request: HttpRequest) -> HttpResponse:
    roles = list(Role.objects.published())
    role = _published_role(roles, request.GET.get("role") or licensure.DEFAULT_ROLE)
    states = list(StateLicensure.objects.published().for_list().with_category_roles())
    tiles = _tiles(licensure.map_tiles(states, role))
    counts = {
        choice: sum(1 for t in tiles if t["licensing"] == choice)
        for choice in licensure.RoleLicensing.values
    }
    return _page(
        request,
        "content/state_list.html",
        states,
        states=states,
        tiles=tiles,
        tile=TILE,
        map_width=12 * (TILE + TILE_GAP),
        map_height=8 * (TILE + TILE_GAP),
        licensed=[s for s in states if s.requires_license],
        roles=roles,
        role=role,
        counts=counts,
    )


@require_GET
def state_detail_redirect(request: HttpRequest, code: str) -> HttpResponse:
    if code.upper() == code:
        raise Http404("Unknown state")
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return HttpResponsePermanentRedirect(f"/licensure/{code.upper()}/{query}")


@require_GET
@content_page
def state_detail(request: HttpRequest, code: str) -> HttpResponse:
    states = StateLicensure.objects.for_detail().with_categories(
        drafts=is_preview(request)
    )
    state = get_object_or_404(_visible(request, states), code=code)
    steps = list(state.steps.all())
    categories = list(state.categories.all())
    return _page(
        request,
        "content/state_detail.html",
        [state, *steps, *categories],
        state=state,
        steps=steps,
        categories=categories,
    )


@require_GET
@content_page
def state_compare(request: HttpRequest) -> HttpResponse:
    a = request.GET.get("a") or "CA"
    b = request.GET.get("b") or "TX"
    role = request.GET.get("role") or licensure.DEFAULT_ROLE
    try:
        comparison = licensure.compare_states(a=a, b=b, role=role)
    except licensure.InvalidComparison as invalid:
        raise Http404(
            "; ".join(m for ms in invalid.errors.values() for m in ms)
        ) from invalid
    role_choices = list(Role.objects.published().values_list("slug", "title"))
    state_choices = list(StateLicensure.objects.published().values_list("code", "name"))
    return render(
        request,
        "content/state_compare.html",
        {
            "comparison": comparison,
            "role": comparison.role,
            "sides": comparison.sides,
            "role_choices": role_choices,
            "state_choices": state_choices,
            "sources": comparison.sources,
            "review": _reviewed(
                [s.state for s in comparison.sides]
                + [c for s in comparison.sides for c in s.categories]
            ),
            "preview": is_preview(request),
        },
    )


@require_GET
@content_page
def outlook(request: HttpRequest) -> HttpResponse:
    states = list(StateLicensure.objects.published().values_list("code", "name"))
    error, status = "", 200
    try:
        state = outlook_rules.parse_state(request.GET.get("state"), dict(states))
    except outlook_rules.InvalidState as invalid:
        # A clear message and the national figures, never a 500 (and never cached).
        state, error, status = None, str(invalid), 400
    figures = list(OutlookFigure.objects.published().with_sources())
    page = outlook_rules.build_page(
        figures, state=state, state_names=dict(states), today=timezone.localdate()
    )
    response = _page(
        request,
        "content/outlook_detail.html",
        figures,
        page=page,
        states=states,
        state=state,
        error=error,
        # One note for the page when any figure shown still lacks its Spanish labels.
        untranslated=next((f for f in figures if untranslated_fields(f)), None),
    )
    response.status_code = status
    return response


@require_GET
@content_page
def faq(request: HttpRequest) -> HttpResponse:
    faqs = list(FAQ.objects.published().prefetch_related("sources"))
    return _page(request, "content/faq_list.html", faqs, faqs=faqs)


@require_GET
@content_page
def guide_list(request: HttpRequest) -> HttpResponse:
    guides = list(Guide.objects.published().prefetch_related("sources"))
    return _page(request, "content/guide_list.html", guides, guides=guides)


ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
}


def render_markdown(text: str) -> SafeString:
    html = markdown.markdown(text, extensions=["tables"], output_format="html")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}})
    return mark_safe(clean)


@require_GET
@content_page
def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guide: Guide = get_object_or_404(
        _visible(request, Guide.objects.prefetch_related("sources")), slug=slug
    )
    return _page(
        request,
        "content/guide_detail.html",
        [guide],
        guide=guide,
        body_html=render_markdown(guide.body),
    )


SEARCH_PAGE_SIZE = 10


@require_GET
@content_page
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    context: dict[str, Any] = {"q": q, "page": None, "fuzzy": False}
    if q:
        results = site_search.search(q)
        paginator: Paginator[site_search.Hit] = Paginator(
            results.hits, SEARCH_PAGE_SIZE
        )
        page = paginator.get_page(request.GET.get("page"))
        context.update(
            page=page,
            fuzzy=results.fuzzy,
            hits=[
                {"doc": doc, "snippet": site_search.snippet_html(doc.headline)}
                for doc in page.object_list
            ],
        )
    return render(request, "content/search_results.html", context)
