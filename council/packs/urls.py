"""Pack pages (placeholder until the engine lands)."""

app_name = "packs"

urlpatterns: list = []
