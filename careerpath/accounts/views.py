from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from careerpath.accounts import services
from careerpath.accounts.forms import DeleteAccountForm, ReminderPreferenceForm
from careerpath.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User


@require_GET
@login_required
def overview(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account_overview.html",
        {
            "reminder_form": ReminderPreferenceForm(instance=request.user),
            "api_tokens": services.count_api_tokens(user=request.user),
        },
    )


@require_POST
@login_required
def sign_out_api_clients(request: AuthedRequest) -> HttpResponse:
    revoked = services.revoke_api_tokens(user=request.user)
    if revoked:
        messages.success(
            request,
            ngettext(
                "Signed out %(count)s API client: it needs your email and password again.",
                "Signed out %(count)s API clients: they need your email and password again.",
                revoked,
            )
            % {"count": revoked},
        )
    else:
        messages.info(request, _("No API clients were signed in."))
    return redirect("accounts:overview")


@require_POST
@login_required
def update_reminders(request: AuthedRequest) -> HttpResponse:
    form = ReminderPreferenceForm(request.POST, instance=request.user)
    if form.is_valid():
        form.save()
        if request.user.email_reminders:
            messages.success(request, _("Reminder emails are on."))
        else:
            messages.success(request, _("Reminder emails are off."))
    return redirect("accounts:overview")


@require_GET
@login_required
def export_data(request: AuthedRequest) -> HttpResponse:
    from planner.selectors import export_user_data

    data = export_user_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="careerpath-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request: AuthedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        with transaction.atomic():
            # Plans, milestones, checklist items and CE entries cascade with the user.
            user.delete()
        # A page of its own, not a flash message on the (cached) home page.
        request.session[DELETED_KEY] = True
        return redirect("accounts:deleted")
    return render(request, "accounts/account_delete.html", {"form": form})


DELETED_KEY = "account_deleted"


@require_GET
@never_cache
def account_deleted(request: HttpRequest) -> HttpResponse:
    """The confirmation after deleting an account, shown once to the browser that did it."""
    if not request.session.pop(DELETED_KEY, False):
        return redirect("/")
    return render(request, "accounts/account_deleted.html")
