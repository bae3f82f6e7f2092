"""Commissioning pages, one URL list per subject (each in its views module)."""

from .views import consultations, indicators, priorities, reviews, savings, workplan

app_name = "commissioning"

urlpatterns = [
    *reviews.urlpatterns,
    *priorities.urlpatterns,
    *savings.urlpatterns,
    *indicators.urlpatterns,
    *workplan.urlpatterns,
    *consultations.urlpatterns,
]
