from localaction.programmes.views import urls

app_name = "programmes"

urlpatterns = urls
