from django.urls import path

from localaction.learning import views

app_name = "learning"

urlpatterns = [
    path("learning/", views.catalogue, name="catalogue"),
    path("learning/me/", views.mine, name="mine"),
    path("learning/certificates/<str:code>/", views.verify, name="verify"),
    path("learning/certificates/<str:code>/pdf/", views.certificate_download, name="certificate"),
    path("learning/certificates/<str:code>/revoke/", views.revoke, name="revoke"),
    path("learning/offices/<slug:code>/", views.office, name="office"),
    path("learning/courses/<slug:slug>/", views.course, name="course"),
    path("learning/courses/<slug:slug>/enrol/", views.enrol, name="enrol"),
    path("learning/courses/<slug:slug>/enrol-staff/", views.enrol_staff, name="enrol-staff"),
    path("learning/courses/<slug:slug>/lessons/<int:pk>/", views.lesson, name="lesson"),
    path(
        "learning/courses/<slug:slug>/lessons/<int:pk>/done/", views.lesson_done, name="lesson-done"
    ),
    path("learning/courses/<slug:slug>/videos/<int:pk>/", views.video, name="video"),
    path("learning/courses/<slug:slug>/documents/<int:pk>/", views.document, name="document"),
    path(
        "learning/courses/<slug:slug>/lessons/<int:pk>/videos/",
        views.lesson_videos,
        name="lesson-videos",
    ),
    path(
        "learning/courses/<slug:slug>/videos/<int:pk>/remove/",
        views.video_remove,
        name="video-remove",
    ),
    path("learning/courses/<slug:slug>/quizzes/<int:pk>/", views.quiz, name="quiz"),
    path("learning/courses/<slug:slug>/attempts/<int:pk>/", views.attempt, name="attempt"),
    path("learning/courses/<slug:slug>/learners/", views.learners, name="learners"),
    path(
        "learning/courses/<slug:slug>/learners.<str:file_format>",
        views.learners_download,
        name="learners-download",
    ),
]
