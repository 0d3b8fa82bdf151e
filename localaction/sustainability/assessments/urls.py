from django.urls import path

from localaction.sustainability.assessments import views

app_name = "assessments"

urlpatterns = [
    path("report/assessments/", views.network_index, name="network-index"),
    path("report/assessments/<slug:code>/", views.network, name="network"),
    path(
        "assessments/questionnaires/<slug:code>/<int:version>/",
        views.questionnaire,
        name="questionnaire",
    ),
    path("assessments/answer/<str:token>/", views.answer, name="answer"),
    path("members/<str:code>/assessments/", views.member, name="member"),
    path("members/<str:code>/assessments/<int:pk>/", views.assessment, name="assessment"),
    path("members/<str:code>/assessments/<int:pk>/invite/", views.invite, name="invite"),
    path("members/<str:code>/assessments/<int:pk>/close/", views.close, name="close"),
    path("members/<str:code>/assessments/<int:pk>/publish/", views.publish, name="publish"),
    path("members/<str:code>/assessments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "members/<str:code>/assessments/<int:pk>/answer/",
        views.answer_signed_in,
        name="answer-signed-in",
    ),
    path(
        "members/<str:code>/assessments/<int:pk>/answers/import/",
        views.answers_import,
        name="answers-import",
    ),
    path(
        "members/<str:code>/assessments/<int:pk>/answers.<str:file_format>",
        views.answers_download,
        name="answers-download",
    ),
]
