app_name = "consultancy"

urlpatterns: list = []
