from django.urls import path

from localaction.sustainability.agendas import views

app_name = "agendas"

MEMBER = "members/<str:code>/agendas/"
AGENDA = f"{MEMBER}<int:pk>/"

urlpatterns = [
    path(MEMBER, views.agenda_list, name="list"),
    path(f"{MEMBER}new/", views.agenda_new, name="new"),
    path(AGENDA, views.agenda_detail, name="agenda"),
    path(f"{AGENDA}edit/<str:part>/", views.part_edit, name="edit"),
    path(f"{AGENDA}targets/", views.targets_edit, name="targets"),
    path(f"{AGENDA}actions/", views.actions_edit, name="actions"),
    path(f"{AGENDA}stakeholders/new/", views.stakeholder_edit, name="stakeholder-new"),
    path(
        f"{AGENDA}stakeholders/<int:stakeholder>/",
        views.stakeholder_edit,
        name="stakeholder-edit",
    ),
    path(
        f"{AGENDA}stakeholders/<int:stakeholder>/remove/",
        views.stakeholder_remove,
        name="stakeholder-remove",
    ),
    path(f"{AGENDA}stakeholders/import/", views.stakeholders_import, name="stakeholders-import"),
    path(f"{AGENDA}meetings/new/", views.meeting_new, name="meeting-new"),
    path(f"{AGENDA}priorities/new/", views.priority_new, name="priority-new"),
    path(
        f"{AGENDA}priorities/<int:priority>/remove/",
        views.priority_remove,
        name="priority-remove",
    ),
    path(
        f"{AGENDA}priorities/<int:priority>/<str:direction>/",
        views.priority_move,
        name="priority-move",
    ),
    path(f"{AGENDA}monitoring/new/", views.monitoring_new, name="monitoring-new"),
    path(f"{AGENDA}documents/<str:kind>/<int:record>/", views.document, name="document"),
    path(f"{AGENDA}agenda.pdf", views.agenda_pdf, name="pdf"),
    path(f"{AGENDA}agenda.xlsx", views.workbook_download, name="workbook"),
    path(f"{AGENDA}<str:part>.<str:file_format>", views.part_download, name="download"),
    # The network's agendas: public, from published agendas of published members.
    path("report/agendas/", views.network_page, name="network"),
]
