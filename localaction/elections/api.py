"""The elections API."""

urlpatterns: list = []
