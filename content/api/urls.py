from __future__ import annotations

from rest_framework.routers import SimpleRouter

from content.api import views

router = SimpleRouter()
router.register("roles", views.RoleViewSet, basename="role")
router.register("certifications", views.CertificationViewSet, basename="certification")
router.register("states", views.StateViewSet, basename="state")
router.register("outlook", views.OutlookViewSet, basename="outlook")
router.register("faqs", views.FAQViewSet, basename="faq")
router.register("search", views.SearchViewSet, basename="search")

urlpatterns = router.urls
