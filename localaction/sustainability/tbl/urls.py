from django.urls import path

from localaction.sustainability.tbl import views

app_name = "tbl"

urlpatterns = [
    path("report/tbl/", views.network, name="network"),
    path("members/<str:code>/tbl/", views.member, name="member"),
    path("members/<str:code>/tbl/values/new/", views.value_new, name="value-new"),
    path("members/<str:code>/tbl/targets/new/", views.target_new, name="target-new"),
    path("members/<str:code>/tbl/indicators/new/", views.indicator_new, name="indicator-new"),
    path("members/<str:code>/tbl/values/import/", views.values_import, name="values-import"),
    path(
        "members/<str:code>/tbl/values.<str:file_format>",
        views.values_download,
        name="values-download",
    ),
    path("members/<str:code>/tbl/<int:year>/", views.report, name="report"),
    path("members/<str:code>/tbl/<int:year>/edit/", views.report_edit, name="report-edit"),
    path("members/<str:code>/tbl/<int:year>/publish/", views.report_publish, name="report-publish"),
    path(
        "members/<str:code>/tbl/<int:year>/withdraw/",
        views.report_withdraw,
        name="report-withdraw",
    ),
    path("members/<str:code>/tbl/<int:year>/report.pdf", views.report_pdf, name="report-pdf"),
]
