from localaction.partnerships.views import urls

app_name = "partnerships"

urlpatterns = urls
