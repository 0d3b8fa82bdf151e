"""The governance API."""

urlpatterns: list = []
