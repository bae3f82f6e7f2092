"""The Administrator's import from ModernGov: upload the saved responses, read the preview of what
would be created, changed or left, confirm; then a progress page while Celery imports."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST

from council.errors import RuleError
from council.forms import posted

from .. import access
from ..forms import UploadForm
from ..models import RunStatus
from ..selectors import runs as selectors
from ..services import runs as services


def run_list(request):
    access.require_import(request.user)
    return render(request, "moderngov/run_list.html", {"runs": selectors.runs_for(request.user)[:50]})


@require_http_methods(["GET", "POST"])
def run_add(request):
    access.require_import(request.user)
    form = UploadForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        run = services.run_preview(
            uploads=form.cleaned_data["files"],
            site=form.cleaned_data["site"],
            with_documents=form.cleaned_data["with_documents"],
            by=request.user,
        )
        return redirect(run)
    return render(request, "moderngov/run_add.html", {"form": form})


def run_detail(request, pk):
    access.require_import(request.user)
    run = selectors.run_for(request.user, pk)
    context = {
        "run": run,
        "rows": selectors.count_rows(run),
        "waiting": run.status in (RunStatus.QUEUED, RunStatus.RUNNING),
        "statuses": RunStatus,
    }
    if request.GET.get("format") == "json":
        panel = render_to_string("moderngov/_run_panel.html", context, request=request)
        return JsonResponse({"status": run.status, "finished": run.finished, "panel": panel})
    return render(request, "moderngov/run_detail.html", context)


@require_POST
def run_confirm(request, pk):
    access.require_import(request.user)
    run = selectors.run_for(request.user, pk)
    try:
        services.run_confirm(run=run, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    return redirect(run)
