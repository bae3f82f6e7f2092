"""What crawlers read: ``/robots.txt`` and ``/sitemap.xml`` (docs/decisions/0026)."""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.shortcuts import render
from django.views.decorators.http import require_GET

from council import permissions

from ..sitemaps import SITEMAPS


@permissions.public
@require_GET
def robots_txt(request):
    """Public pages are open to crawlers; signed-in areas, file downloads and feeds are not."""
    return render(request, "record/robots.txt", {"site_url": settings.SITE_URL}, content_type="text/plain")


@permissions.public
@require_GET
def sitemap_xml(request):
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS)
