from django.urls import path

from localaction.background import views

app_name = "background"
urlpatterns = [
    path("background/tasks/", views.tasks, name="tasks"),
    path("background/tasks/<str:pk>/", views.task, name="task"),
    path("background/tasks/<str:pk>/run-again/", views.task_rerun, name="task-rerun"),
    path("background/<str:key>/", views.progress, name="progress"),
    path("background/<str:key>/progress.json", views.progress_json, name="progress-json"),
]
