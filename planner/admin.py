"""Admin: editors maintain pathway templates; plans are read-only, for superusers only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from content.admin import MissingSpanishFilter, TranslatedErrorsForm
from planner.impact import preview_step_change
from planner.models import (
    ChecklistItem,
    Milestone,
    PathwayStep,
    PathwayTemplate,
    Plan,
)
from planner.planning import CertifyingBodyChoice


class PathwayStepInline(TranslationStackedInline[Any, Any]):
    model = PathwayStep
    form = TranslatedErrorsForm
    extra = 0
    ordering = ["order", "id"]
    # content.admin registers Role with search fields (the admin checks say so otherwise).
    autocomplete_fields = ["when_target_roles"]
    fieldsets = [
        (None, {"fields": ["key", "order", "kind", "phase", "title", "guidance"]}),
        (
            "Timing and cost",
            {
                "fields": [
                    "duration_weeks",
                    "alongside_previous",
                    "cost_usd",
                    "cost_as_of",
                    "link_to",
                    "checklist",
                ]
            },
        ),
        (
            "Applies when",
            {
                "fields": [
                    "when_target_roles",
                    "when_education_levels",
                    "when_body",
                    "when_state_requires_license",
                    "when_route_needs",
                ]
            },
        ),
    ]


@admin.register(PathwayTemplate)
class PathwayTemplateAdmin(TranslationAdmin[Any]):
    list_display = ["name", "slug", "order", "is_active", "updated_at"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "slug", "steps__title", "steps__key"]
    ordering = ["order", "name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PathwayStepInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        queryset, _ = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False


@admin.register(PathwayStep)
class PathwayStepAdmin(TranslationAdmin[Any]):
    list_display = ["title", "key", "template", "kind", "order", "when_route_needs"]
    list_filter = [
        "template",
        "kind",
        "when_route_needs",
        "when_body",
        MissingSpanishFilter,
    ]
    list_select_related = ["template"]
    form = TranslatedErrorsForm
    search_fields = ["title", "key", "guidance"]
    ordering = ["template__order", "order"]
    autocomplete_fields = ["template", "when_target_roles"]
    # Adds "Preview the effect on new plans" beside the save buttons.
    change_form_template = "admin/planner/pathwaystep/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        impact = self.admin_site.admin_view(self.impact_view)
        return [
            path("add/impact/", impact, name="planner_pathwaystep_impact_add"),
            path("<path:object_id>/impact/", impact, name="planner_pathwaystep_impact"),
            *super().get_urls(),
        ]

    def impact_view(
        self, request: HttpRequest, object_id: str | None = None
    ) -> HttpResponse:
        """The change form's unsaved values, planned for every answer combination: what
        would change for new plans if the editor saved them. Nothing is written."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and obj is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, obj)
            if obj
            else self.has_add_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        form_class = self.get_form(request, obj, change=obj is not None)
        form = form_class(request.POST, instance=obj)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Effect on new plans",
            "original": obj,
            "form": form,
        }
        if form.is_valid():
            step = form.save(commit=False)
            roles = [r.slug for r in form.cleaned_data.get("when_target_roles", [])]
            impact = preview_step_change(step, roles, today=timezone.localdate())
            context.update(
                impact=impact,
                lines=impact.lines(dict(CertifyingBodyChoice.choices)),
            )
        return TemplateResponse(
            request, "admin/planner/pathwaystep/impact.html", context
        )


class SuperuserReadOnly[M: Model](admin.ModelAdmin[M]):
    """Plans are users' private data: only superusers may look, and nobody edits here."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MilestoneInline(admin.TabularInline[Milestone, Plan]):
    model = Milestone
    extra = 0
    fields = readonly_fields = (
        "order",
        "title",
        "kind",
        "status",
        "due_date",
        "completed_on",
        "archived",
    )
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(SuperuserReadOnly[Plan]):
    list_display = ["owner", "target_role", "state", "education_level", "created_at"]
    list_select_related = ["owner", "target_role", "state"]
    search_fields = ["owner__email", "target_role__title"]
    ordering = ["-created_at"]
    exclude = ["calendar_token", "share_token"]
    inlines = [MilestoneInline]


class ChecklistInline(admin.TabularInline[ChecklistItem, Milestone]):
    model = ChecklistItem
    extra = 0
    fields = readonly_fields = ("order", "text", "done")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Milestone)
class MilestoneAdmin(SuperuserReadOnly[Milestone]):
    list_display = ["title", "plan", "kind", "status", "due_date", "archived"]
    list_filter = ["kind", "status", "archived"]
    list_select_related = ["plan__owner", "plan__target_role"]
    search_fields = ["title", "plan__owner__email"]
    ordering = ["plan", "order"]
    inlines = [ChecklistInline]
