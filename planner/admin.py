"""Admin: editors maintain pathway templates; plans are read-only, for superusers only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from content.models import Role
from planner.models import (
    ChecklistItem,
    Milestone,
    PathwayStep,
    PathwayTemplate,
    Plan,
)

# content.admin registers Role with search fields (content is listed before planner, so its
# admin module is imported first); fall back to a plain widget while it is absent.
ROLE_WIDGET = (
    {"autocomplete_fields": ["when_target_roles"]}
    if admin.site.is_registered(Role)
    else {"filter_horizontal": ["when_target_roles"]}
)


class PathwayStepInline(admin.StackedInline):
    model = PathwayStep
    extra = 0
    ordering = ["order", "id"]
    autocomplete_fields = ROLE_WIDGET.get("autocomplete_fields", [])
    filter_horizontal = ROLE_WIDGET.get("filter_horizontal", [])
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
class PathwayTemplateAdmin(admin.ModelAdmin):
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
class PathwayStepAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "template", "kind", "order", "when_route_needs"]
    list_filter = ["template", "kind", "when_route_needs", "when_body"]
    list_select_related = ["template"]
    search_fields = ["title", "key", "guidance"]
    ordering = ["template__order", "order"]
    autocomplete_fields = ["template", *ROLE_WIDGET.get("autocomplete_fields", [])]
    filter_horizontal = ROLE_WIDGET.get("filter_horizontal", [])


class SuperuserReadOnly(admin.ModelAdmin):
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


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = [
        "order",
        "title",
        "kind",
        "status",
        "due_date",
        "completed_on",
        "archived",
    ]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(SuperuserReadOnly):
    list_display = ["owner", "target_role", "state", "education_level", "created_at"]
    list_select_related = ["owner", "target_role", "state"]
    search_fields = ["owner__email", "target_role__title"]
    ordering = ["-created_at"]
    exclude = ["calendar_token", "share_token"]
    inlines = [MilestoneInline]


class ChecklistInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ["order", "text", "done"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Milestone)
class MilestoneAdmin(SuperuserReadOnly):
    list_display = ["title", "plan", "kind", "status", "due_date", "archived"]
    list_filter = ["kind", "status", "archived"]
    list_select_related = ["plan__owner", "plan__target_role"]
    search_fields = ["title", "plan__owner__email"]
    ordering = ["plan", "order"]
    inlines = [ChecklistInline]
