from localaction.results.views import urls

app_name = "results"

urlpatterns = urls
