"""Supporting documents: clerks upload and remove them; readers open them through this view, which
enforces the exempt-information rules (LGA 1972 s.100A(4), Schedule 12A) and records each opening
of an exempt paper. Files are never served from a public media address."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from council import permissions
from council.errors import RuleError
from council.forms import form_error, posted
from council.uploads import CLEANED, document_response

from .. import access, selectors, services
from ..forms import DocumentForm, NeedToKnowForm
from ..models import SupportingDocument
from .meetings import managed_meeting


def _managed_item(request, pk, item_pk):
    meeting = managed_meeting(request, pk)
    item = get_object_or_404(meeting.items, pk=item_pk)
    item.meeting = meeting
    return meeting, item


@require_http_methods(["GET", "POST"])
def document_add(request, pk, item_pk):
    meeting, item = _managed_item(request, pk, item_pk)
    form = DocumentForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_add(
                item=item, upload=data["file"], title=data["title"], kind=data["kind"], by=request.user
            )
        except RuleError as error:
            form_error(form, error)
        else:
            note = (
                "" if document.is_pdf else " It is not a PDF, so it is kept as an attachment outside the agenda pack."
            )
            if document.sha256 != document.original_sha256:
                note += f" {CLEANED}"
            messages.success(request, f"“{document.title}” added.{note}")
            return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
    return render(request, "scrutiny/document_form.html", {"form": form, "meeting": meeting, "item": item})


@require_http_methods(["GET", "POST"])
def document_remove(request, pk, item_pk, document_pk):
    meeting, item = _managed_item(request, pk, item_pk)
    document = get_object_or_404(item.documents, pk=document_pk)
    error = None
    if request.method == "POST":
        try:
            services.document_remove(document=document, by=request.user)
        except RuleError as refused:
            error = refused.message
        else:
            messages.success(request, f"“{document.title}” removed.")
            return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
    return render(
        request,
        "scrutiny/document_remove.html",
        {"meeting": meeting, "item": item, "document": document, "error": error},
    )


@permissions.public
@require_GET
def document_open(request, pk, document_pk):
    meeting = get_object_or_404(selectors.meetings_visible_to(request.user).select_related("body"), pk=pk)
    papers = SupportingDocument.objects.filter(item__meeting=meeting)
    # Fetched through the rule, so a paper the person may not open is never loaded: of that one
    # only whether it exists and is published is read, to say why it is refused.
    document = access.documents_openable(request.user, papers).select_related("item").filter(pk=document_pk).first()
    if document is None:
        published = list(papers.filter(pk=document_pk).values_list("item__published_in", flat=True))
        if not published:
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if published[0] is None:
            raise Http404  # unpublished business is not shown to anyone but its clerks
        raise PermissionDenied
    document.item.meeting = meeting
    if document.item.exempt:
        services.exempt_access_record(document=document, by=request.user)
    # PDFs open in the browser, sandboxed; anything else is downloaded, never rendered by it.
    response = document_response(document.file.open("rb"), name=document.filename, content_type=document.content_type)
    if document.item.exempt or not document.item.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def need_to_know(request, pk, item_pk):
    meeting, item = _managed_item(request, pk, item_pk)
    if not item.exempt:
        raise Http404
    officers = selectors.officers()
    holders = access.need_to_know_holders(item)
    form = NeedToKnowForm(posted(request), officers=officers, initial={"officers": list(holders)})
    if request.method == "POST" and form.is_valid():
        try:
            services.need_to_know_set(item=item, officers=form.cleaned_data["officers"], by=request.user)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Need-to-know saved.")
            return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
    return render(request, "scrutiny/need_to_know.html", {"form": form, "meeting": meeting, "item": item})


@require_GET
def exempt_access_log(request, pk):
    """For the Monitoring Officer: who opened which exempt paper of the meeting, and when."""
    meeting = managed_meeting(request, pk)
    return render(
        request,
        "scrutiny/exempt_access.html",
        {"meeting": meeting, "accesses": selectors.exempt_accesses(meeting)[:1000]},
    )
