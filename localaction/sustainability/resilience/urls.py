from django.urls import path

from localaction.sustainability.resilience import views

app_name = "resilience"

MEMBER = "members/<str:code>/resilience/"

urlpatterns = [
    path(MEMBER, views.member, name="member"),
    path(f"{MEMBER}hazards/", views.profile_new, name="profile-new"),
    path(f"{MEMBER}hazards/import/", views.ratings_import, name="import"),
    path(f"{MEMBER}hazards.<str:file_format>", views.ratings_download, name="download"),
    path(f"{MEMBER}hazards/<int:year>/", views.profile, name="profile"),
    path(f"{MEMBER}hazards/<int:year>/ratings/", views.rating_new, name="rating-new"),
    path(
        f"{MEMBER}hazards/<int:year>/ratings/<int:pk>/delete/",
        views.rating_delete,
        name="rating-delete",
    ),
    path(f"{MEMBER}hazards/<int:year>/publish/", views.profile_publish, name="publish"),
]
