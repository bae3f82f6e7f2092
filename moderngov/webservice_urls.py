"""``/mgWebService.asmx/<Method>``: ModernGov's own address for its web service, kept at the site's root
so that a reader pointed at this service instead of ModernGov needs only the new host name."""

from django.urls import path

from .views import webservice

app_name = "mgwebservice"

urlpatterns = [
    path("mgWebService.asmx/<str:method>", webservice.method, name="method"),
]
