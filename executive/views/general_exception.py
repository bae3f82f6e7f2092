"""General exception notices (reg 10): public to read; Democratic Services publish them."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from council import calendar, permissions
from council.forms import posted, submit

from .. import access
from ..forms.general_exception import GeneralExceptionForm
from ..models import EntryStatus, GeneralExceptionNotice
from ..selectors.general_exception import notices_for_list
from ..services.general_exception import general_exception_publish


@permissions.public
@require_GET
def notice_list(request):
    return render(request, "executive/general_exception_list.html", {"notices": notices_for_list()})


@permissions.public
@require_GET
def notice_detail(request, pk):
    notice = get_object_or_404(GeneralExceptionNotice.objects.for_list(), pk=pk)
    return render(request, "executive/general_exception_detail.html", {"notice": notice})


@require_http_methods(["GET", "POST"])
def notice_publish(request, pk):
    if not access.can_publish_general_exception(request.user):
        raise PermissionDenied
    entry = get_object_or_404(
        access.entries_visible(request.user).filter(status__in=(EntryStatus.DRAFT, EntryStatus.PUBLISHED)), pk=pk
    )
    form = GeneralExceptionForm(posted(request))
    if response := submit(
        request,
        form,
        lambda: general_exception_publish(entry=entry, by=request.user, **form.cleaned_data),
        done=lambda notice: (
            f"General exception notice published and {notice.scrutiny_chair.get_full_name()} informed: "
            f"the decision may be taken from {calendar.earliest_general_exception_day(notice.published_on):%-d %B %Y}."
        ),
    ):
        return response
    back = entry.get_absolute_url()
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": f"Publish a general exception notice for “{entry.title}”",
            "caption": "Forward plan",
            "intro": (
                "Use this when the key decision cannot wait 28 clear days after a forward plan edition. "
                "The decision may then be taken 5 clear working days after the notice (regulation 10)."
            ),
            "button": "Publish the notice",
            "back_url": back,
            "cancel_url": back,
        },
    )
