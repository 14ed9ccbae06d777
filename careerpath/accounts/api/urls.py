from __future__ import annotations

from django.urls import path

from careerpath import converters  # noqa: F401 - registers <token:…>
from careerpath.accounts.api import views

urlpatterns = [
    path("auth/token/", views.obtain_token, name="auth-token"),
    path("auth/tokens/", views.tokens, name="auth-tokens"),
    path("auth/tokens/rotate/", views.rotate_token, name="auth-token-rotate"),
    path("auth/tokens/<token:token_id>/", views.token_detail, name="auth-token-detail"),
    path("me/", views.me, name="me"),
]
