from __future__ import annotations

from django.urls import path

from careerpath.accounts.api import views

urlpatterns = [
    path("auth/token/", views.obtain_token, name="auth-token"),
    path("me/", views.me, name="me"),
]
