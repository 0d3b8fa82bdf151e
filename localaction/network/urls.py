from django.urls import path

from localaction.network import views
from localaction.public_pages import public_page

app_name = "network"
urlpatterns = [
    path("members/", public_page(views.directory), name="directory"),
    path("members/new/", views.local_government_new, name="local-government-new"),
    path("members/import/", views.directory_import, name="directory-import"),
    path(
        "members/download.<str:file_format>",
        views.directory_download,
        name="directory-download",
    ),
    path("members/<str:code>/", public_page(views.local_government), name="local-government"),
    path("members/<str:code>/edit/", views.local_government_edit, name="local-government-edit"),
    path("members/<str:code>/memberships/", views.membership_apply, name="membership-apply"),
    path(
        "members/<str:code>/memberships/<int:pk>/move/",
        views.membership_move,
        name="membership-move",
    ),
    path("memberships/", views.memberships_to_decide, name="memberships-to-decide"),
    path("work/", views.work_to_do, name="work"),
    path("offices/", public_page(views.offices), name="offices"),
    path("offices/<slug:code>/", public_page(views.office), name="office"),
]
