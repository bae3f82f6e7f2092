"""The service's URLs plus a bare view that returns a constant, for benchmarks/load.py only (its
settings module, benchmarks/load_settings.py, is the only one that names this URLconf)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from council.urls import handler500  # noqa: F401
from council.urls import urlpatterns as service_urlpatterns


@login_not_required
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *service_urlpatterns]
