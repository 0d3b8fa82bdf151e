"""The network report API (being written)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns: list = []
