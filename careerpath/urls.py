from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from careerpath import api_docs, health, views

api_v1 = [
    path("", include("careerpath.accounts.api.urls")),
    path("", include("content.api.urls")),
    path("", include("planner.api.urls")),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        api_docs.SwaggerView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        api_docs.RedocView.as_view(url_name="api-schema"),
        name="api-redoc",
    ),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", views.set_language, name="set_language"),
]
# Every page in English at today's URLs and in Spanish under /es/. The API, the admin and the
# health checks have one URL each (the API's language comes from Accept-Language or ?lang=).
urlpatterns += i18n_patterns(
    path("accounts/", include("careerpath.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("plan/", include("planner.urls")),
    path("", include("content.urls")),
    prefix_default_language=False,
)

handler404 = "careerpath.views.page_not_found"
handler500 = "careerpath.views.server_error"
