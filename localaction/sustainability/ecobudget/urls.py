app_name = "ecobudget"

urlpatterns: list = []
