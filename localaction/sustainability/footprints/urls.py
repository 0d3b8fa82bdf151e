from django.urls import path

from localaction.sustainability.footprints import views

app_name = "footprints"

MEMBER = "members/<str:code>/footprints/"

# A member's footprints.
urlpatterns = [
    path(MEMBER, views.footprint_list, name="list"),
    path(f"{MEMBER}study/", views.footprint_study_new, name="study-new"),
    path(f"{MEMBER}estimate/", views.footprint_estimate_new, name="estimate-new"),
    path(f"{MEMBER}import/", views.footprints_import, name="import"),
    path(f"{MEMBER}footprints.<str:file_format>", views.footprints_download, name="download"),
    path(f"{MEMBER}<int:pk>/", views.footprint_detail, name="footprint"),
    path(f"{MEMBER}<int:pk>/verify/", views.footprint_verify, name="verify"),
    path(f"{MEMBER}<int:pk>/withdraw/", views.footprint_withdraw, name="withdraw"),
    path(f"{MEMBER}<int:pk>/document/", views.footprint_document, name="document"),
]

# Reference values: national footprints, world biocapacity, Congress rounds.
urlpatterns += [
    path("footprint/references/", views.references, name="references"),
    path("footprint/references/national/", views.national_new, name="national-new"),
    path("footprint/references/biocapacity/", views.biocapacity_new, name="biocapacity-new"),
    path("footprint/references/congress/", views.round_new, name="round-new"),
    path("footprint/references/import/", views.references_import, name="references-import"),
    path(
        "footprint/references/national-footprints.<str:file_format>",
        views.references_download,
        name="references-download",
    ),
]

# The network's footprint.
urlpatterns += [
    path("report/footprint/", views.network_page, name="network"),
    path("report/footprint/footprint.pdf", views.network_pdf, name="network-pdf"),
    path(
        "report/footprint/network-footprint.<str:file_format>",
        views.network_download,
        name="network-download",
    ),
]
