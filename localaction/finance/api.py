"""The finance API: fee schedules, invoices (read), payments and receivables
ageing, under the same permissions as the pages (finance/permissions.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
