app_name = "tbl"

urlpatterns: list = []
