"""Finance pages: payments (routed by `urls`, which finance/urls.py includes)."""

from django.urls import URLPattern

urls: list[URLPattern] = []
