"""Pack pages: build (POST), the build's progress, downloads, and every version.

Who may do what is the pack kind's answer (``can_build``, ``can_download``), which the apps give
through council.permissions. A kind may also raise Http404 from either, for an object the person
may not know about. Packs are served through these views, never from a public media address.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from council import permissions
from council.accounts import two_factor
from council.errors import RuleError
from council.health import worker_is_running
from council.uploads import SANDBOX

from . import services
from .models import BuildStatus, PackBuild, PackVersion
from .registry import get_kind
from .selectors import builds_ahead
from .watermark import personal_copy


def _pack(kind_name: str, obj_pk: str, edition: str):
    try:
        kind = get_kind(kind_name)
    except KeyError:
        raise Http404 from None
    try:
        obj = kind.model._default_manager.filter(pk=obj_pk).first()
    except (ValueError, TypeError):
        obj = None
    if obj is None or edition not in kind.editions(obj):
        raise Http404
    return kind, obj


def _refuse(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _second_factor(request, pack_kind, edition: str):
    """None if the person may go on; else where they prove a second factor and come back. An edition
    that needs two factors (the members' confidential agenda pack) is never opened on a password
    alone: a person without an authenticator app (a councillor may have none) is led to set one up,
    then brought back here."""
    if not pack_kind.needs_second_factor(edition) or request.user.is_verified():
        return None
    has_app = two_factor.confirmed_device(request.user) is not None
    messages.info(
        request,
        "This pack is confidential: it opens only when you have signed in with a code from an authenticator app "
        + (
            "as well as your password. Enter the code your app shows now."
            if has_app
            else "as well as your password. Set up an app on your phone now (it takes a few minutes); you will "
            "then be taken to the pack."
        ),
    )
    target = "two-factor-verify" if has_app else "two-factor-setup"
    return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def _labels(kind, obj, edition) -> dict:
    return {"kind": kind, "obj": obj, "edition": edition, "label": kind.label(edition)}


def _pack_args(kind_name, obj_pk, edition) -> list:
    return [kind_name, obj_pk, edition]


@require_POST
def build(request, kind, obj_pk, edition):
    pack_kind, obj = _pack(kind, obj_pk, edition)
    if not pack_kind.can_build(request.user, obj, edition):
        return _refuse(request)
    try:
        pack_build = services.request_build(kind, obj, edition, by=request.user)
    except RuleError:
        raise Http404 from None
    return redirect("packs:build-status", pack_build.pk)


def _status_context(request, pack_build: PackBuild, pack_kind, obj) -> dict:
    args = _pack_args(pack_build.kind, pack_build.object_id, pack_build.edition)
    last_good = services.latest_version(pack_build.kind, obj, pack_build.edition)
    worker_down = not pack_build.finished and not worker_is_running()
    return {
        **_labels(pack_kind, obj, pack_build.edition),
        "build": pack_build,
        "last_good": last_good,
        "versions_url": reverse("packs:versions", args=args),
        "download_url": (
            reverse("packs:download-version", args=[*args, pack_build.version.number]) if pack_build.version else None
        ),
        "status_url": reverse("packs:build-status", args=[pack_build.pk]),
        "worker_down": worker_down,
        # A running worker busy with others: the clerk is told the build waits its turn.
        "builds_ahead": builds_ahead(pack_build) if pack_build.status == BuildStatus.QUEUED and not worker_down else 0,
    }


@require_GET
def build_status(request, build_pk):
    pack_build = get_object_or_404(PackBuild.objects.select_related("version", "requested_by"), pk=build_pk)
    pack_kind, obj = _pack(pack_build.kind, pack_build.object_id, pack_build.edition)
    may_build = pack_kind.can_build(request.user, obj, pack_build.edition)
    if not may_build and pack_build.requested_by_id != request.user.pk:
        return _refuse(request)
    context = _status_context(request, pack_build, pack_kind, obj)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": pack_build.status,
                "label": pack_build.get_status_display(),
                "progress": pack_build.progress,
                "finished": pack_build.finished,
                "error": pack_build.error,
                "download_url": context["download_url"],
                "panel": render_to_string("packs/_build_panel.html", context, request=request),
            }
        )
    return render(request, "packs/build_status.html", context)


def _serve(request, pack_kind, obj, edition, version: PackVersion):
    """Send a version the person may download: the kind records the download and may ask for a
    personal copy (watermarked; the stored file is never changed)."""
    watermark = pack_kind.on_download(request.user, obj, edition, version)
    content = version.file.open("rb") if watermark is None else personal_copy(version, watermark)
    response = FileResponse(content, as_attachment=True, filename=version.filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    # A pack is a document, not a page of the service: opened in the browser, nothing in it may run
    # or load anything (the site-wide policy is kept for pages; a view's own policy wins).
    response["Content-Security-Policy"] = SANDBOX
    if watermark is not None or not pack_kind.can_download(AnonymousUser(), obj, edition):
        response["Cache-Control"] = "private, no-store"
    return response


@permissions.public
@require_GET
def download(request, kind, obj_pk, edition):
    pack_kind, obj = _pack(kind, obj_pk, edition)
    if not pack_kind.can_download(request.user, obj, edition):
        return _refuse(request)
    if (verify := _second_factor(request, pack_kind, edition)) is not None:
        return verify
    version = services.latest_version(kind, obj, edition)
    if version is None:
        raise Http404
    return _serve(request, pack_kind, obj, edition, version)


@permissions.public
@require_GET
def download_version(request, kind, obj_pk, edition, number):
    pack_kind, obj = _pack(kind, obj_pk, edition)
    if not pack_kind.can_download(request.user, obj, edition):
        return _refuse(request)
    if (verify := _second_factor(request, pack_kind, edition)) is not None:
        return verify
    version = get_object_or_404(PackVersion.objects.of(kind, obj.pk, edition), number=number)
    return _serve(request, pack_kind, obj, edition, version)


@permissions.public
@require_GET
def versions(request, kind, obj_pk, edition):
    pack_kind, obj = _pack(kind, obj_pk, edition)
    if not pack_kind.can_download(request.user, obj, edition):
        return _refuse(request)
    if (verify := _second_factor(request, pack_kind, edition)) is not None:
        return verify
    may_build = pack_kind.can_build(request.user, obj, edition)
    return render(
        request,
        "packs/versions.html",
        {
            **_labels(pack_kind, obj, edition),
            "args": _pack_args(kind, obj_pk, edition),
            "versions": list(services.versions(kind, obj, edition)),
            "watermarked": pack_kind.watermarked(edition),
            "failed": list(services.failed_builds(kind, obj, edition)) if may_build else [],
            "latest_build": services.latest_build(kind, obj, edition) if may_build else None,
            "may_build": may_build,
            "worker_down": may_build and not worker_is_running(),
        },
    )
