"""Admin for editors: draft -> published workflow, review dates, sources and history."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from content import drafts
from content import models as m
from content.draft_admin import (
    DraftAdminMixin,
    DraftInlineMixin,
    lock_status,
    unpublish,
)
from content.translation import missing_spanish_filter


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            (
                "needed",
                "Needs review (never checked, checked over 12 months ago, or citing a "
                "superseded release)",
            )
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "needed":
            # Only ContentAdmin lists have this filter: their querysets are ContentQuerySets.
            records = cast("m.ContentQuerySet[Any]", queryset)
            return records.needs_review(timezone.localdate())
        return queryset


class TranslatedErrorsForm(forms.ModelForm[Any]):
    """Puts a model's `clean()` error for a translated field (keyed by its original name, which
    the translation admin replaces with one field per language) on the English field."""

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            errors.error_dict = {
                (
                    f"{field}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
                    if field not in self.fields
                    and f"{field}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
                    in self.fields
                    else field
                ): messages
                for field, messages in errors.error_dict.items()
            }
        super()._update_errors(errors)  # type: ignore[misc]  # Django's, not in the stubs


class CitedForm(TranslatedErrorsForm):
    """A published record must cite at least one source (checked on the submitted sources)."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if (
            "sources" in self.fields
            # A published record's status is read-only (not in `cleaned`): still published.
            and cleaned.get("status", self.instance.status) == m.PublishStatus.PUBLISHED
            and "sources" not in self.errors
            and not cleaned.get("sources")
        ):
            self.add_error(
                "sources", "A published record must cite at least one source."
            )
        return cleaned


@admin.action(description="Publish selected (and their pending drafts)")
def publish(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    published, skipped = 0, 0
    for obj in queryset:
        if obj.is_published:
            published += drafts.publish(obj)  # its pending draft, if it has one
            continue
        if hasattr(obj, "sources") and not obj.sources.exists():
            skipped += 1
            continue
        obj.status = m.PublishStatus.PUBLISHED
        obj._change_reason = "Published"
        obj.save()
        published += 1
    modeladmin.message_user(
        request, f"Published {published} record(s).", messages.SUCCESS
    )
    if skipped:
        modeladmin.message_user(
            request,
            f"{skipped} record(s) were not published because they cite no source.",
            messages.WARNING,
        )


@admin.action(description="Mark reviewed today")
def mark_reviewed(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    today = timezone.localdate()
    for obj in queryset:
        obj.last_reviewed = today
        obj._change_reason = "Marked reviewed"
        obj.save()
    modeladmin.message_user(
        request, f"Marked {queryset.count()} record(s) reviewed today."
    )


class ContentAdmin(DraftAdminMixin, SimpleHistoryAdmin):
    form = CitedForm
    actions = [publish, unpublish, mark_reviewed]
    list_filter = ["status", NeedsReviewFilter]
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields = ["sources"]
    list_per_page = 50

    def get_autocomplete_fields(self, request: HttpRequest) -> Any:
        fields = list(super().get_autocomplete_fields(request))
        return [f for f in fields if f != "sources" or hasattr(self.model, "sources")]

    @admin.display(description="Preview")
    def preview_link(self, obj: Any) -> str:
        if not obj.pk or not hasattr(obj, "get_absolute_url"):
            return "—"
        return format_html(
            '<a href="{}?preview=1" target="_blank" rel="noopener">Preview public page</a>',
            obj.get_absolute_url(),
        )


class MissingSpanishFilter(admin.SimpleListFilter):
    """Records whose English text has no Spanish beside it yet (pages show the English)."""

    title = "Spanish"
    parameter_name = "spanish"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("missing", "Missing Spanish"), ("complete", "Spanish complete")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "missing":
            return queryset.filter(missing_spanish_filter(queryset.model))
        if self.value() == "complete":
            return queryset.exclude(missing_spanish_filter(queryset.model))
        return queryset


class TranslatedContentAdmin(TranslationAdmin[Any], ContentAdmin):
    """Content with Spanish text: each translated field shows as an English and a Spanish
    field side by side, and the list filters by missing Spanish."""

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [*super().get_list_filter(request), MissingSpanishFilter]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # modeltranslation's answer does not ask the classes after it (DraftAdminMixin).
        return lock_status(super().get_readonly_fields(request, obj), obj)


class ChildInline[M: Model, P: Model](DraftInlineMixin, admin.StackedInline[M, P]):
    extra = 0
    autocomplete_fields = ["sources"]


class EligibilityRouteInline(
    TranslationStackedInline[Any, Any], ChildInline[m.EligibilityRoute, m.Certification]
):
    model = m.EligibilityRoute
    fk_name = "certification"
    fields = [
        ("code", "order", "status", "is_active", "verified"),
        "requirements",
        ("last_reviewed", "sources"),
        "requirements_link",
    ]
    readonly_fields = ["requirements_link"]

    @admin.display(description="Structured requirements")
    def requirements_link(self, obj: m.EligibilityRoute) -> str:
        if not obj.pk:
            return "Save the route first, then add its requirements."
        return format_html(
            '<a href="{}">Edit the requirements the planner checks</a>',
            reverse("admin:content_eligibilityroute_change", args=[obj.pk]),
        )


REQUIREMENT_FIELDS = (
    ("option", "order", "kind", "status", "verified"),
    "text",
    ("degree_level", "degree_fields"),
    ("subject", "semester_hours"),
    ("program_kind", "accreditors", "within_years"),
    ("months", "disciplines"),
    "credentials",
    ("last_reviewed", "sources"),
)


class RouteRequirementInline(
    TranslationStackedInline[Any, Any],
    ChildInline[m.RouteRequirement, m.EligibilityRoute],
):
    model = m.RouteRequirement
    fields = REQUIREMENT_FIELDS


class LicenseRequirementInline(
    TranslationStackedInline[Any, Any],
    ChildInline[m.LicenseRequirement, m.LicenseCategory],
):
    model = m.LicenseRequirement
    fields = REQUIREMENT_FIELDS


class LicenseCategoryInline(
    TranslationStackedInline[Any, Any], ChildInline[m.LicenseCategory, m.StateLicensure]
):
    """A state's categories in brief; their requirements are edited on the category page."""

    model = m.LicenseCategory
    fk_name = "state"
    fields = [
        ("slug", "order", "kind", "status", "verified"),
        "name",
        "roles",
        ("fee_usd", "fee_as_of", "fee_verified"),
        ("last_reviewed", "sources"),
        "requirements_link",
    ]
    autocomplete_fields = ["roles", "sources"]
    readonly_fields = ["requirements_link"]

    @admin.display(description="Everything else")
    def requirements_link(self, obj: m.LicenseCategory) -> str:
        if not obj.pk:
            return "Save the category first, then add its requirements and steps."
        return format_html(
            '<a href="{}">Edit the requirements, steps, renewal and board</a>',
            reverse("admin:content_licensecategory_change", args=[obj.pk]),
        )


class LicenseStepInline(
    TranslationStackedInline[Any, Any], ChildInline[m.LicenseStep, m.StateLicensure]
):
    model = m.LicenseStep
    fields = [
        ("order", "kind", "status", "verified"),
        "title",
        "description",
        ("last_reviewed", "sources"),
    ]


@admin.register(m.Source)
class SourceAdmin(TranslatedContentAdmin):
    list_display = [
        "title",
        "publisher",
        "as_of_label",
        "authority",
        "status",
        "last_reviewed",
    ]
    list_filter = [
        "status",
        NeedsReviewFilter,
        "authority",
        "is_copy",
        "release_cycle_months",
    ]
    search_fields = ["key", "title", "publisher", "url"]
    autocomplete_fields = []


@admin.register(m.Role)
class RoleAdmin(TranslatedContentAdmin):
    list_display = [
        "title",
        "short_title",
        "career_level",
        "onet_code",
        "status",
        "last_reviewed",
        "verified",
    ]
    list_filter = ["status", NeedsReviewFilter, "career_level", "verified"]
    search_fields = ["title", "slug", "summary", "onet_code"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "sources",
        "advances_to",
        "builds_on",
        "work_settings",
        "skills",
    ]
    readonly_fields = ["preview_link", "created_at", "updated_at"]


@admin.register(m.CertifyingBody)
class CertifyingBodyAdmin(ContentAdmin):
    list_display = ["name", "slug", "status", "last_reviewed"]
    search_fields = ["name", "slug"]


@admin.register(m.Certification)
class CertificationAdmin(TranslatedContentAdmin):
    list_display = [
        "abbreviation",
        "name",
        "body",
        "role",
        "status",
        "last_reviewed",
        "verified",
    ]
    list_filter = ["status", NeedsReviewFilter, "body", "verified"]
    list_select_related = ["body", "role"]
    search_fields = ["abbreviation", "name", "slug", "role__title"]
    autocomplete_fields = ["sources", "body", "role"]
    inlines = [EligibilityRouteInline]
    readonly_fields = ["preview_link", "created_at", "updated_at"]


@admin.register(m.EligibilityRoute)
class EligibilityRouteAdmin(TranslatedContentAdmin):
    list_display = ["__str__", "is_active", "status", "verified", "last_reviewed"]
    list_filter = [
        "status",
        NeedsReviewFilter,
        "certification__body",
        "is_active",
        "verified",
    ]
    list_select_related = ["certification"]
    search_fields = ["certification__abbreviation", "code", "requirements"]
    autocomplete_fields = ["sources", "certification"]
    inlines = [RouteRequirementInline]


@admin.register(m.StateLicensure)
class StateLicensureAdmin(TranslatedContentAdmin):
    list_display = [
        "name",
        "code",
        "requires_license",
        "board_name",
        "status",
        "last_reviewed",
    ]
    list_filter = ["status", NeedsReviewFilter, "requires_license", "code"]
    search_fields = ["name", "code", "board_name", "notes"]
    inlines = [LicenseCategoryInline, LicenseStepInline]
    readonly_fields = ["preview_link", "created_at", "updated_at"]


class CategoryRoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(m.Role.objects.values_list("slug", "title"))

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(roles__slug=self.value())
        return queryset


@admin.register(m.LicenseCategory)
class LicenseCategoryAdmin(TranslatedContentAdmin):
    list_display = [
        "name",
        "state",
        "kind",
        "fee_usd",
        "status",
        "verified",
        "last_reviewed",
    ]
    list_filter = [
        "status",
        NeedsReviewFilter,
        "kind",
        "verified",
        CategoryRoleFilter,
        "state",
    ]
    list_select_related = ["state"]
    search_fields = ["name", "slug", "summary", "notes", "state__name", "state__code"]
    autocomplete_fields = ["state", "roles", "sources"]
    readonly_fields = ["preview_link", "created_at", "updated_at"]
    inlines = [LicenseRequirementInline]
    fieldsets = [
        (None, {"fields": [("state", "slug", "order"), "name", ("kind", "status")]}),
        ("Who and what", {"fields": ["roles", "summary", "steps"]}),
        (
            "Fee and renewal",
            {
                "fields": [
                    ("fee_usd", "fee_as_of", "fee_verified"),
                    ("renewal_cycle_years", "renewal_ce_hours"),
                    "renewal_notes",
                ]
            },
        ),
        (
            "Board",
            {
                "fields": [
                    ("board_name", "board_url"),
                    "accepted_certifications",
                    "processing_note",
                ]
            },
        ),
        (
            "Citation and review",
            {
                "fields": [
                    "notes",
                    ("verified", "last_reviewed"),
                    "sources",
                    "preview_link",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    @admin.display(description="Preview")
    def preview_link(self, obj: Any) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}?preview=1#{}" target="_blank" rel="noopener">Preview on the state page</a>',
            obj.state.get_absolute_url(),
            f"category-{obj.slug}",
        )


@admin.register(m.LicenseStep)
class LicenseStepAdmin(TranslatedContentAdmin):
    list_display = ["__str__", "kind", "status", "last_reviewed"]
    list_filter = ["status", NeedsReviewFilter, "kind", "state"]
    list_select_related = ["state"]
    search_fields = ["title", "description", "state__name", "state__code"]
    autocomplete_fields = ["sources", "state"]


@admin.register(m.OutlookFigure)
class OutlookFigureAdmin(TranslatedContentAdmin):
    list_display = [
        "figure",
        "display_value",
        "unit",
        "as_of",
        "status",
        "last_reviewed",
    ]
    list_filter = [
        "status",
        NeedsReviewFilter,
        "occupation_code",
        "state_code",
        "measure",
        "as_of",
    ]
    search_fields = ["figure", "unit", "as_of", "notes", "occupation", "quote"]


@admin.register(m.ProgramFact)
class ProgramFactAdmin(TranslatedContentAdmin):
    list_display = ["__str__", "text", "as_of", "status", "verified", "last_reviewed"]
    list_filter = ["status", NeedsReviewFilter, "program", "topic", "verified"]
    search_fields = ["slug", "text", "example", "quote", "notes"]


@admin.register(m.FAQ)
class FAQAdmin(TranslatedContentAdmin):
    list_display = ["question", "order", "status", "last_reviewed"]
    search_fields = ["question", "answer"]


@admin.register(m.Guide)
class GuideAdmin(TranslatedContentAdmin):
    list_display = ["title", "status", "last_reviewed"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview_link", "created_at", "updated_at"]


@admin.register(m.AccreditingBody)
class AccreditingBodyAdmin(ContentAdmin):
    list_display = ["name", "slug", "status", "last_reviewed"]
    search_fields = ["name", "slug"]


@admin.register(m.EducationPathway)
class EducationPathwayAdmin(ContentAdmin):
    list_display = ["name", "kind", "status", "last_reviewed"]
    list_filter = ["status", NeedsReviewFilter, "kind"]
    search_fields = ["name", "slug", "leads_to"]
    autocomplete_fields = ["sources", "accreditors"]


@admin.register(m.WorkSetting)
class WorkSettingAdmin(TranslatedContentAdmin):
    list_display = ["name", "status", "last_reviewed"]
    search_fields = ["name", "slug"]


@admin.register(m.Skill)
class SkillAdmin(TranslatedContentAdmin):
    list_display = ["name", "status", "last_reviewed"]
    search_fields = ["name", "slug"]


@admin.register(m.Coursework)
class CourseworkAdmin(ContentAdmin):
    list_display = ["name", "status", "last_reviewed"]
    search_fields = ["name", "slug"]


@admin.register(m.ClinicalRotation)
class ClinicalRotationAdmin(ContentAdmin):
    list_display = ["name", "status", "last_reviewed"]
    search_fields = ["name", "slug"]


def review_due_counts(today: dt.date | None = None) -> list[dict[str, Any]]:
    """For the editors' dashboard: per content model, how many records are due for review,
    with the changelist link that filters them (the "needs review" filter)."""
    today = today or timezone.localdate()
    rows = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ContentAdmin):
            continue
        # A ContentAdmin's model is a content record: its default manager is a ContentQuerySet.
        records = cast("m.ContentQuerySet[Any]", model._default_manager.all())
        due = records.needs_review(today).count()
        if due:
            opts = model._meta
            rows.append(
                {
                    "name": str(opts.verbose_name_plural).capitalize(),
                    "due": due,
                    "url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_changelist"
                    )
                    + "?review=needed",
                }
            )
    return sorted(rows, key=lambda r: (-r["due"], r["name"]))
