from django.conf import settings

from . import navigation, permissions


def council(request):
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.COUNCIL_SERVICE_NAME,
        "navigation": navigation.items_for(request),
        "roles": permissions.roles_of(request.user),
        # The page's canonical address (base.html): the service's own address and the path.
        "canonical_url": settings.SITE_URL + request.path,
    }
