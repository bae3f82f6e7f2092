"""Open data downloads: the page that lists them, and each dataset as CSV or JSON. Public, and the
same files for everyone (the public's data: ``record.selectors.open_data``)."""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from council import permissions
from council.exports import csv_response

from ..selectors import open_data

#: RFC 8288: the licence of a download, given in a header so a CSV stays plain CSV (decision 0027).
LICENCE_LINK = f'<{open_data.LICENCE["url"]}>; rel="license"'


@permissions.public
@require_GET
def open_data_page(request):
    return render(
        request,
        "record/open_data.html",
        {
            "datasets": [
                (dataset, reverse(f"record:open-data-{slug}-csv"), reverse(f"record:open-data-{slug}-json"))
                for slug, dataset in open_data.DATASETS.items()
            ],
            "licence": open_data.LICENCE,
        },
    )


@permissions.public
@require_GET
def open_data_download(request, dataset, fmt):
    chosen = open_data.dataset_or_none(dataset)
    if chosen is None:
        raise Http404
    if fmt == "json":
        response = JsonResponse(
            open_data.as_json(chosen, now=timezone.now()), json_dumps_params={"ensure_ascii": False, "indent": 1}
        )
        response["Content-Disposition"] = f'attachment; filename="{chosen.slug}.json"'
    else:
        response = csv_response(
            filename=f"{chosen.slug}.csv",
            header=[heading for _, heading in chosen.columns],
            rows=open_data.csv_rows(chosen),
        )
    response["Link"] = LICENCE_LINK
    response["Access-Control-Allow-Origin"] = "*"
    return response
