from localaction.advocacy.views import urls

app_name = "advocacy"

urlpatterns = urls
