"""Admin side of drafts (see content.drafts): published records are edited as drafts.

On a published record's page "Save draft" keeps the changes beside the record, "Publish
changes" writes them into it (history records who), and "Discard draft" drops them. The
status cannot be changed there: unpublishing is its own action, which first shows what
depends on each record.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import InlineModelAdmin
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse

from content import drafts
from content.models import PublishStatus

PUBLISH = "_publish"
DISCARD = "_discard"


def is_drafting(request: HttpRequest, obj: Model | None) -> bool:
    """This POST to a published record's page saves a draft (rather than publishing)."""
    return (
        obj is not None
        and obj.pk is not None
        and getattr(obj, "is_published", False)
        and request.method == "POST"
        and PUBLISH not in request.POST
    )


def lock_status(fields: Any, obj: Any) -> list[str]:
    """`fields` plus the status when `obj` is published: unpublishing is its own, confirmed
    action, not a field on the change form."""
    names = [str(name) for name in fields]
    if obj is not None and obj.is_published and "status" not in names:
        names.append("status")
    return names


class DraftInlineFormSet(BaseInlineFormSet[Any, Any, Any]):
    """Rows edited inline are records of their own: saved with a publish, never drafted."""

    drafting = False

    def clean(self) -> None:
        super().clean()
        if self.drafting and self.has_changed():
            raise ValidationError(
                "Changes to these rows are saved when you publish, not into a draft. "
                "Publish the changes, or undo the edits here to save a draft."
            )


class DraftInlineMixin(InlineModelAdmin[Any, Any]):
    formset = DraftInlineFormSet

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        return type(
            formset.__name__, (formset,), {"drafting": is_drafting(request, obj)}
        )


class DraftAdminMixin(admin.ModelAdmin[Any]):
    change_form_template = "admin/content/draft_change_form.html"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return lock_status(super().get_readonly_fields(request, obj), obj)

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        """The record as its pending draft has it (in memory), so the form shows the draft."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None or not obj.is_published:
            return obj
        draft = drafts.pending(obj)
        if draft is not None:
            obj.pending_draft = draft
            for name in drafts.apply(obj, draft.data):
                # The form's many-to-many fields start from the draft's links as well.
                related = obj._meta.get_field(name).related_model
                obj._prefetched_objects_cache = {
                    **getattr(obj, "_prefetched_objects_cache", {}),
                    name: related._default_manager.filter(pk__in=draft.data[name]),
                }
        return obj

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST" and DISCARD in request.POST:
            obj = super().get_object(request, object_id)
            if obj is not None and self.has_change_permission(request, obj):
                if drafts.discard(obj):
                    self.message_user(
                        request,
                        "Draft discarded: the page shows the published version.",
                    )
                return HttpResponseRedirect(request.path)
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        obj = kwargs.get("obj")
        context["draft_mode"] = obj is not None and obj.pk and obj.is_published
        context["pending_draft"] = getattr(obj, "pending_draft", None)
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        if change and is_drafting(request, obj):
            drafts.save_draft(
                obj,
                drafts.form_values(type(obj), form.cleaned_data),
                author=request.user,
            )
            request.draft_saved = True  # type: ignore[attr-defined]
            return
        # The draft's links stood in for the real ones while the form was shown; the save of
        # the many-to-many fields must compare against the database's.
        obj._prefetched_objects_cache = {}
        if change and obj.is_published:
            obj._change_reason = "Published changes"
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        if getattr(request, "draft_saved", False):
            return  # the draft holds the links; inline rows were refused unless unchanged
        super().save_related(request, form, formsets, change)
        if change:
            drafts.discard(form.instance)  # published: the record now has the changes

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        if getattr(request, "draft_saved", False):
            self.message_user(
                request,
                "Draft saved. Visitors, the API and plans still get the published "
                "version; publish the changes when they are ready.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)


@admin.action(description="Unpublish selected (asks first)")
def unpublish(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> TemplateResponse | None:
    published = [obj for obj in queryset if obj.is_published]
    if request.POST.get("confirm") == "yes":
        for obj in published:
            obj.status = PublishStatus.DRAFT
            obj._change_reason = "Unpublished"
            obj.save()
        modeladmin.message_user(
            request,
            f"Unpublished {len(published)} record(s): they are gone from the public "
            "site, the API and new plans.",
            messages.WARNING,
        )
        return None
    if not published:
        modeladmin.message_user(request, "None of those records is published.")
        return None
    records = [
        {
            "obj": obj,
            "url": obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
            "dependents": drafts.dependents(obj),
        }
        for obj in published
    ]
    return TemplateResponse(
        request,
        "admin/content/unpublish_confirm.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": "Unpublish: are you sure?",
            "opts": modeladmin.model._meta,
            "records": records,
            "selected": [obj.pk for obj in queryset],
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        },
    )
