from localaction.development.views import urls

app_name = "development"

urlpatterns = urls
