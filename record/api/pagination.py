"""Page-number pagination with ``next`` and ``previous`` links, a largest page size, and the licence
of the data on every page."""

from django.conf import settings
from rest_framework import pagination

LICENCE = "Open Government Licence v3.0"


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["licence"] = LICENCE
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["licence"] = {"type": "string", "example": LICENCE}
        return paginated
