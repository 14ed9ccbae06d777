from __future__ import annotations

from django.urls import path

from careerpath import converters  # noqa: F401 - registers <token:…>
from planner import feeds, views

app_name = "planner"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("start/", views.start, name="start"),
    path("start/preview/", views.preview, name="preview"),
    path("start/review/", views.review, name="review"),
    path("shared/<token:token>/", views.shared, name="shared"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/route/", views.choose_route, name="choose_route"),
    path("<int:pk>/what-if/", views.what_if, name="what_if"),
    path("<int:pk>/print/", views.print_plan, name="print"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path(
        "<int:pk>/calendar/regenerate/",
        views.regenerate_calendar,
        name="regenerate_calendar",
    ),
    path("<int:pk>/sharing/", views.sharing, name="sharing"),
    path("<int:pk>/ce/", views.add_ce_entry, name="add_ce_entry"),
    path("<int:pk>/ce/<int:entry_pk>/", views.update_ce_entry, name="update_ce_entry"),
    path(
        "<int:pk>/ce/<int:entry_pk>/delete/",
        views.delete_ce_entry,
        name="delete_ce_entry",
    ),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/",
        views.milestone_update,
        name="milestone_update",
    ),
    path("calendar/<token:token>.ics", feeds.calendar_feed, name="calendar"),
    path("reminders/unsubscribe/<token:token>/", feeds.unsubscribe, name="unsubscribe"),
]
