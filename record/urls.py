app_name = "record"

urlpatterns: list = []
