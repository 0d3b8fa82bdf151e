from django.urls import path

from localaction.sustainability.ecobudget import network_views, views

app_name = "ecobudget"

MEMBER = "members/<str:code>/ecobudget/"
YEAR = f"{MEMBER}<int:year>/"

urlpatterns = [
    path(MEMBER, views.budgets, name="budgets"),
    path(f"{MEMBER}indicators/new/", views.indicator_new, name="indicator-new"),
    path(YEAR, views.budget, name="budget"),
    path(f"{YEAR}adopt/", views.budget_adopt, name="budget-adopt"),
    path(f"{YEAR}indicators/<slug:indicator>/remove/", views.line_remove, name="line-remove"),
    path(f"{YEAR}measures/", views.measure_add, name="measure-add"),
    path(f"{YEAR}reports/new/", views.report_new, name="report-new"),
    path(f"{YEAR}balance/", views.balance, name="balance"),
    path(f"{YEAR}balance/edit/", views.balance_edit, name="balance-edit"),
    path(f"{YEAR}balance/adopt/", views.balance_adopt, name="balance-adopt"),
    path(f"{YEAR}next/", views.next_year, name="next-year"),
    path(f"{YEAR}<str:kind>/document/", views.document, name="document"),
    path(f"{YEAR}<str:kind>.pdf", views.pdf, name="pdf"),
    path(f"{YEAR}<str:kind>.<str:file_format>", views.download, name="download"),
    path(f"{YEAR}<str:kind>/import/", views.file_import, name="import"),
    # The network's ecoBUDGET figures: public, from adopted balances of published members.
    path("report/ecobudget/", network_views.network_page, name="network"),
    path(
        "report/ecobudget/ecobudget-<int:year>.<str:file_format>",
        network_views.network_download,
        name="network-download",
    ),
]
