from django.urls import path

from localaction.public_pages import public_page
from localaction.reports.views import dashboard, files

app_name = "reports"

# The public dashboard, its provenance and the published annual reports (views/dashboard.py).
urlpatterns = [
    path("report/", public_page(dashboard.dashboard), name="dashboard"),
    path("report/members/", public_page(dashboard.members), name="members"),
    path("report/publications/", dashboard.publications, name="publications"),
    path("report/publications/new/", dashboard.publication_new, name="publication-new"),
    path(
        "report/publications/<int:pk>.pdf",
        dashboard.publication_download,
        name="publication-download",
    ),
]

# Open data: the report's tables, every published inventory line, per-member
# Common Reporting Framework exports (views/files.py).
urlpatterns += [
    path("report/network.<str:file_format>", files.report_download, name="report-download"),
    path("open-data/", files.open_data, name="open-data"),
    path("open-data/inventory-lines.csv", files.lines_download, name="lines-download"),
    path("members/<str:code>/crf.<str:file_format>", files.crf_download, name="crf-download"),
]
