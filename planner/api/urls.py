from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from planner.api import views

router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="plan")

milestones = views.MilestoneViewSet.as_view({"get": "list"})
milestone = views.MilestoneViewSet.as_view(
    {"get": "retrieve", "patch": "partial_update"}
)
ce_entries = views.CEEntryViewSet.as_view({"get": "list", "post": "create"})
ce_entry = views.CEEntryViewSet.as_view({"delete": "destroy"})

urlpatterns = [
    *router.urls,
    path("plans/<int:plan_pk>/milestones/", milestones, name="plan-milestone-list"),
    path(
        "plans/<int:plan_pk>/milestones/<int:pk>/",
        milestone,
        name="plan-milestone-detail",
    ),
    path("plans/<int:plan_pk>/ce-entries/", ce_entries, name="plan-ce-entry-list"),
    path(
        "plans/<int:plan_pk>/ce-entries/<int:pk>/",
        ce_entry,
        name="plan-ce-entry-detail",
    ),
]
