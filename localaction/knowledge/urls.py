from django.urls import path

from localaction.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("knowledge/", views.landing, name="landing"),
    path("knowledge/case-studies/", views.case_studies, name="case-studies"),
    path("knowledge/case-studies/new/", views.case_study_new, name="case-study-new"),
    path("knowledge/case-studies/<int:pk>/", views.case_study, name="case-study"),
    path("knowledge/case-studies/<int:pk>.pdf", views.case_study_pdf, name="case-study-pdf"),
    path("knowledge/case-studies/<int:pk>/edit/", views.case_study_edit, name="case-study-edit"),
    path(
        "knowledge/case-studies/<int:pk>/submit/", views.case_study_submit, name="case-study-submit"
    ),
    path(
        "knowledge/case-studies/<int:pk>/review/", views.case_study_review, name="case-study-review"
    ),
    path("knowledge/publications/", views.publications, name="publications"),
    path("knowledge/publications/<int:pk>/", views.publication, name="publication"),
    path(
        "knowledge/publications/<int:pk>/files/new/",
        views.publication_file_new,
        name="publication-file-new",
    ),
    path("knowledge/publications/new/", views.publication_new, name="publication-new"),
    path("knowledge/publications/<int:pk>/edit/", views.publication_edit, name="publication-edit"),
    path("knowledge/publications/series/new/", views.series_new, name="series-new"),
    path("knowledge/files/<int:pk>/download/", views.download, name="download"),
    path("knowledge/recognitions/", views.recognitions, name="recognitions"),
    path("knowledge/recognitions/new/", views.recognition_new, name="recognition-new"),
]
