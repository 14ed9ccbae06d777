from __future__ import annotations

from django.urls import path, re_path

from content import views

app_name = "content"

urlpatterns = [
    path("", views.home, name="home"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/compare/", views.role_compare, name="role_compare"),
    path("roles/<slug:slug>/", views.role_detail, name="role_detail"),
    path("certifications/", views.certification_list, name="certification_list"),
    path(
        "certifications/compare/",
        views.certification_compare,
        name="certification_compare",
    ),
    path(
        "certifications/<slug:slug>/",
        views.certification_detail,
        name="certification_detail",
    ),
    path("licensure/", views.state_list, name="state_list"),
    path("licensure/compare/", views.state_compare, name="state_compare"),
    re_path(
        r"^licensure/(?P<code>[A-Z]{2})/$", views.state_detail, name="state_detail"
    ),
    re_path(
        r"^licensure/(?P<code>[A-Za-z]{2})/$",
        views.state_detail_redirect,
        name="state_detail_redirect",
    ),
    path("outlook/", views.outlook, name="outlook"),
    path("faq/", views.faq, name="faq"),
    path("guides/", views.guide_list, name="guide_list"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide_detail"),
    path("search/", views.search, name="search"),
]
