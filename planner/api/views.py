"""Planner API: a user's own plans, milestones and CE log. Everything else is a 404."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from careerpath.accounts.models import User
from planner import caching, selectors, services
from planner.api.serializers import (
    CEEntryInputSerializer,
    CEEntrySerializer,
    MilestoneSerializer,
    MilestoneUpdateSerializer,
    PlanAnswersInputSerializer,
    PlanSerializer,
    PlanSummarySerializer,
    answer_values,
    answers_from,
    milestone_data,
    plan_data,
)
from planner.models import (
    ContinuingEducationEntry,
    Milestone,
    MilestoneQuerySet,
    Plan,
    PlanQuerySet,
)


class _PlanMovedOn(Exception):
    """The plan was written between reading its version and building that version."""


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The resource changed since you read it (stale If-Match); re-read it and retry."
    )
    default_code = "precondition_failed"


class Conflict(APIException):
    """Sound input the plan's current state does not allow (field errors, as for 400)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The plan's current state does not allow this."
    default_code = "conflict"


def expected_version(request: Request) -> frozenset[str] | None:
    """The ETags an If-Match header accepts (None: no precondition). The services check it
    under the plan lock, so a stale one gets 412 and changes nothing."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    return frozenset(tag.strip().removeprefix("W/") for tag in header.split(","))


@contextmanager
def write_errors() -> Iterator[None]:
    """A service's refusals as API answers: not the user's is 404, a stale version 412."""
    try:
        yield
    except ObjectDoesNotExist as error:
        raise Http404 from error
    except services.VersionConflict as error:
        raise PreconditionFailed() from error
    except services.CredentialNotEarned as error:
        raise Conflict(error.message_dict) from error
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict) from error


def refuse_invalid(
    serializer: Any, current_version: Callable[[], str], request: Request
) -> None:
    """Invalid input is 400, but only after 404 and 412 (RFC 9110: preconditions are
    evaluated before the request content is processed)."""
    if serializer.is_valid():
        return
    with write_errors():
        version = current_version()
    expected = expected_version(request)
    if expected is not None and "*" not in expected and version not in expected:
        raise PreconditionFailed()
    raise ValidationError(serializer.errors)


def with_etag[R: HttpResponseBase](response: R, etag: str) -> R:
    response["ETag"] = etag
    return response


R400 = OpenApiResponse(description="Invalid input: field errors, nothing changed")
R401 = OpenApiResponse(description="Not signed in (session or token)")
R404 = OpenApiResponse(description="No such plan for this user")
R412 = OpenApiResponse(
    description="If-Match does not match the current ETag; nothing changed"
)
R304 = OpenApiResponse(description="Not modified: the If-None-Match ETag is current")
R409_CE = OpenApiResponse(
    description="The plan has not earned this credential yet (mark its exam done first): "
    "field errors, nothing changed"
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag you last read; an unchanged plan answers 304 with no body.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag you last read; a stale one gets 412.",
)


class OwnedPlanMixin(APIView):
    @property
    def owner(self) -> User:
        """The requester: every view here has IsAuthenticated, so a signed-in user."""
        return cast(User, self.request.user)

    def owned_plans(self) -> PlanQuerySet:
        # Translated models' managers are patched at run time (modeltranslation): the
        # checker sees Any, so the type is restated here.
        return cast(PlanQuerySet, Plan.objects.for_user(self.request.user))

    def owned_plan(self) -> Plan:
        return get_object_or_404(self.owned_plans(), pk=self.kwargs["plan_pk"])


class PlanViewSet(OwnedPlanMixin, viewsets.GenericViewSet[Plan]):
    """The signed-in user's career plans."""

    permission_classes = [IsAuthenticated]
    serializer_class = PlanSerializer
    queryset = Plan.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Plan]:
        # The list's: every other action reads its plan with `read_plan`.
        return (
            self.owned_plans()
            .with_slim_content()
            .with_progress()
            .order_by("-created_at", "-id")
        )

    def read_plan(self, pk: int) -> Plan:
        """The owner's plan with what its representation prints (role, state, current
        milestones with their checklists), in two plain statements (`planner.selectors`)."""
        plan = selectors.owned_plan_with_milestones(owner=self.owner, plan_id=pk)
        if plan is None:
            raise Http404
        return plan

    def represent(self, plan: Plan) -> dict[str, Any]:
        return plan_data(plan, self.get_serializer_context())

    def _render(self, plan: Plan, code: int = status.HTTP_200_OK) -> Response:
        plan = self.read_plan(plan.pk)
        return with_etag(Response(self.represent(plan), status=code), plan.etag)

    @extend_schema(
        responses={
            200: PlanSummarySerializer(many=True),
            401: R401,
            404: OpenApiResponse(description="No such page"),
        }
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        serializer = PlanSummarySerializer(
            page, many=True, context=self.get_serializer_context()
        )
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        request=PlanAnswersInputSerializer,
        responses={201: PlanSerializer, 400: R400, 401: R401},
    )
    def create(self, request: Request) -> Response:
        """Create a plan from the answers; the response is the generated plan."""
        serializer = PlanAnswersInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = services.create_plan(
            owner=self.owner,
            answers=answers_from(serializer.validated_data),
            today=timezone.localdate(),
        )
        return self._render(plan, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[IF_NONE_MATCH],
        responses={200: PlanSerializer, 304: R304, 401: R401, 404: R404},
    )
    def retrieve(self, request: Request, pk: int) -> HttpResponseBase:
        # Only the plan's own row first: its version is all the ETag and the cache key need,
        # and most reads are answered from the cache. The role, state and milestones are
        # read only when this version has not been built yet.
        head, content_version = selectors.plan_version(
            owner_id=self.owner.pk,
            plan_id=int(pk),  # the route admits digits only
        )
        if head is None:
            raise Http404
        not_modified = get_conditional_response(request, etag=head.etag)
        if not_modified is not None:
            return with_etag(not_modified, head.etag)

        def build() -> dict[str, Any]:
            plan = self.read_plan(head.pk)
            if plan.updated_at != head.updated_at:  # written since `head` was read
                raise _PlanMovedOn
            return self.represent(plan)

        # Built once per version of the plan (see planner.caching); the calendar and
        # milestones links are absolute, hence the scheme and host in the key.
        key = caching.plan_key(
            "api",
            head,
            request.build_absolute_uri("/"),
            content_version=content_version,
        )
        try:
            return with_etag(Response(caching.cached_data(key, build)), head.etag)
        except _PlanMovedOn:
            plan = self.read_plan(head.pk)
            return with_etag(Response(self.represent(plan)), plan.etag)

    @extend_schema(
        request=PlanAnswersInputSerializer(partial=True),
        parameters=[IF_MATCH],
        responses={200: PlanSerializer, 400: R400, 401: R401, 404: R404, 412: R412},
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        """Change answers and re-plan: progress is kept, obsolete milestones are archived."""
        serializer = PlanAnswersInputSerializer(data=request.data, partial=True)
        owner = self.owner
        refuse_invalid(
            serializer,
            lambda: selectors.plan_etag(owner=owner, plan_id=pk),
            request,
        )
        with write_errors():
            plan = services.update_answers(
                plan_id=pk,
                owner=owner,
                changes=answer_values(serializer.validated_data),
                expected_version=expected_version(request),
                today=timezone.localdate(),
            )
        return self._render(plan)

    @extend_schema(
        parameters=[IF_MATCH],
        responses={204: None, 401: R401, 404: R404, 412: R412},
    )
    def destroy(self, request: Request, pk: int) -> Response:
        plan = get_object_or_404(self.owned_plans(), pk=pk)
        with write_errors():
            services.delete_plan(plan=plan, expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MilestoneViewSet(OwnedPlanMixin, viewsets.GenericViewSet[Milestone]):
    """Milestones of one of the user's plans."""

    permission_classes = [IsAuthenticated]
    serializer_class = MilestoneSerializer
    queryset = Milestone.objects.none()

    def get_queryset(self) -> QuerySet[Milestone]:
        milestones = cast(MilestoneQuerySet, Milestone.objects.all())  # see owned_plans
        return milestones.filter(
            plan__owner=self.owner, plan_id=self.kwargs["plan_pk"]
        ).with_checklist_rows()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "include_archived",
                OpenApiTypes.BOOL,
                description="Also list milestones archived by re-planning.",
            )
        ],
        responses={200: MilestoneSerializer(many=True), 401: R401, 404: R404},
    )
    def list(self, request: Request, plan_pk: int) -> Response:
        self.owned_plan()
        milestones = self.get_queryset()
        raw = request.query_params.get("include_archived")
        if raw not in (None, "", "true", "false"):
            raise ValidationError({"include_archived": [gettext("Use true or false.")]})
        if raw != "true":
            milestones = milestones.filter(archived=False)
        page = self.paginate_queryset(milestones.order_by("order", "id"))
        assert page is not None  # DEFAULT_PAGINATION_CLASS is set for every API view
        return self.get_paginated_response([milestone_data(m) for m in page])

    @extend_schema(responses={200: MilestoneSerializer, 401: R401, 404: R404})
    def retrieve(self, request: Request, plan_pk: int, pk: int) -> Response:
        milestone = get_object_or_404(self.get_queryset(), pk=pk)
        return with_etag(Response(milestone_data(milestone)), milestone.etag)

    @extend_schema(
        request=MilestoneUpdateSerializer,
        parameters=[IF_MATCH],
        responses={
            200: MilestoneSerializer,
            400: R400,
            401: R401,
            404: R404,
            412: R412,
        },
    )
    def partial_update(self, request: Request, plan_pk: int, pk: int) -> Response:
        """Update status, notes or completion date (done sets completed_on to today)."""
        serializer = MilestoneUpdateSerializer(data=request.data, partial=True)
        owner = self.owner
        refuse_invalid(
            serializer,
            lambda: selectors.milestone_etag(
                owner=owner,
                plan_id=plan_pk,
                milestone_id=pk,
            ),
            request,
        )
        with write_errors():
            milestone = services.patch_milestone(
                plan_id=plan_pk,
                milestone_id=pk,
                owner=owner,
                expected_version=expected_version(request),
                today=timezone.localdate(),
                **serializer.validated_data,
            )
        # No read-back: the saved instance holds what was written (auto_now set its
        # updated_at, hence the ETag). The checklist, which a PATCH never changes, is read
        # after the commit, outside the lock, as plain rows.
        milestone.checklist_rows = selectors.checklist_rows(milestone_id=milestone.pk)  # type: ignore[attr-defined]
        return with_etag(Response(milestone_data(milestone)), milestone.etag)


class CEEntryViewSet(OwnedPlanMixin, viewsets.GenericViewSet[ContinuingEducationEntry]):
    """Continuing-education activities logged on one of the user's plans."""

    permission_classes = [IsAuthenticated]
    serializer_class = CEEntrySerializer
    queryset = ContinuingEducationEntry.objects.none()

    def get_queryset(self) -> QuerySet[ContinuingEducationEntry]:
        return ContinuingEducationEntry.objects.filter(
            plan__owner=self.owner, plan_id=self.kwargs["plan_pk"]
        ).select_related("certification")

    @extend_schema(responses={200: CEEntrySerializer(many=True), 401: R401, 404: R404})
    def list(self, request: Request, plan_pk: int) -> Response:
        self.owned_plan()
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CEEntrySerializer(page, many=True).data)

    @extend_schema(
        request=CEEntryInputSerializer,
        responses={
            201: CEEntrySerializer,
            400: R400,
            401: R401,
            404: R404,
            409: R409_CE,
        },
    )
    def create(self, request: Request, plan_pk: int) -> Response:
        plan = self.owned_plan()
        serializer = CEEntryInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with write_errors():
            entry = services.add_ce_entry(plan=plan, **serializer.validated_data)
        return Response(CEEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, 401: R401, 404: R404})
    def destroy(self, request: Request, plan_pk: int, pk: int) -> Response:
        entry = get_object_or_404(self.get_queryset(), pk=pk)
        services.delete_ce_entry(entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)
