from django.urls import path

from localaction.sustainability.procurement import views

app_name = "procurement"

urlpatterns = [
    path("procurement/criteria/", views.library, name="library"),
    path("procurement/criteria/<slug:group>/", views.library_group, name="library-group"),
    path(
        "procurement/criteria/<slug:group>/<slug:code>/edit/",
        views.criterion_edit,
        name="criterion-edit",
    ),
    path("procurement/professionals/", views.professionals, name="professionals"),
    path("procurement/professionals/join/", views.professional_join, name="professional-join"),
    path("procurement/professionals/leave/", views.professional_leave, name="professional-leave"),
    path("procurement/boards/<slug:group>/", views.board, name="board"),
    path("procurement/boards/<slug:group>/<int:pk>/", views.question, name="question"),
    path("procurement/moderate/<str:kind>/<int:pk>/", views.moderate, name="moderate"),
    path("report/procurement/", views.network, name="network"),
    path("members/<str:code>/procurement/", views.member, name="member"),
    path(
        "members/<str:code>/procurement/commitments/new/",
        views.commitment_new,
        name="commitment-new",
    ),
    path(
        "members/<str:code>/procurement/tenders/new/<slug:group>/",
        views.tender_new,
        name="tender-new",
    ),
    path("members/<str:code>/procurement/tenders/<int:pk>/", views.tender, name="tender"),
    path(
        "members/<str:code>/procurement/tenders/<int:pk>/edit/",
        views.tender_edit,
        name="tender-edit",
    ),
    path(
        "members/<str:code>/procurement/tenders/<int:pk>/delete/",
        views.tender_delete,
        name="tender-delete",
    ),
    path(
        "members/<str:code>/procurement/tenders/import/",
        views.tenders_import,
        name="tenders-import",
    ),
    path(
        "members/<str:code>/procurement/tenders.<str:file_format>",
        views.tenders_download,
        name="tenders-download",
    ),
]
