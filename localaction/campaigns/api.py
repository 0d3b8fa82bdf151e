"""The campaigns API (being written)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
