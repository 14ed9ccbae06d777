from __future__ import annotations

from django.urls import path

from careerpath.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("reminders/", views.update_reminders, name="reminders"),
    path(
        "api-clients/sign-out/", views.sign_out_api_clients, name="sign_out_api_clients"
    ),
    path("export/", views.export_data, name="export"),
    path("delete/", views.delete_account, name="delete"),
    path("deleted/", views.account_deleted, name="deleted"),
]
