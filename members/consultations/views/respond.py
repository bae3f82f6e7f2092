"""Consultation pages for members: their consultations, and the response page.

A consultation that is a draft, or has not opened yet, is not found for members (404): until it
opens there is nothing they can do with it, and its existence is the owner's business. A member
outside its audience sees the 403 page; officers (who have no ``respond_consultation``) too.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from council import permissions
from council.errors import RuleError
from council.page_cache import private_page

from ...models import Consultation, ConsultationState, Response, ResponseState, Ward
from .. import access
from ..forms.respond import KEEP_TYPED, ResponseForm, field_for_error, initial_from, keep_name
from ..selectors.audience import member_of
from ..selectors.deadlines import closed_phrase, closes_in, closing_phrase, is_accepting
from ..selectors.mine import my_consultations, summary_url
from ..selectors.responses import EMPTY, describe, questions_of, saved_answers
from ..services.responses import (
    AnswersInvalid,
    ConsultationClosed,
    ResponseConflict,
    refuse_unless_accepting,
    response_save_draft,
    response_submit,
)

_RESPOND = "members.respond_consultation"


@require_GET
@private_page
def my_consultations_page(request):
    permissions.require(request.user, _RESPOND)
    member = member_of(request.user)
    mine = my_consultations(member) if member else None
    return render(request, "members/consultations/my_consultations.html", {"mine": mine, "member": member})


def _consultation_for(request, pk) -> Consultation:
    permissions.require(request.user, _RESPOND)
    opened = Consultation.objects.exclude(state=ConsultationState.DRAFT).filter(opens_at__lte=timezone.now())
    consultation = get_object_or_404(opened, pk=pk)
    if not access.can_respond(request.user, consultation):
        raise PermissionDenied
    return consultation


def _documents(consultation):
    return [
        (document, reverse("members:consultation-document", args=[consultation.pk, document.pk]))
        for document in consultation.documents.all()
    ]


@require_http_methods(["GET", "POST"])
def consultation_respond(request, pk):
    consultation = _consultation_for(request, pk)
    member = member_of(request.user)
    questions = questions_of(consultation)
    response = Response.objects.filter(consultation=consultation, member=member).first()
    saved = saved_answers(response)
    version = response.version if response else 0
    conflict = None
    if request.method == "POST":
        keep_for = [q.pk for q in questions if keep_name(q) in request.POST]
        form = ResponseForm(request.POST, questions=questions, member=member, keep_for=keep_for)
        valid = form.is_valid()
        try:
            refuse_unless_accepting(consultation, timezone.now())
            if valid:
                return _save(request, form, consultation, member, saved)
        except ConsultationClosed as error:
            form.add_error(None, error.message)
            return _page(request, consultation, form, response, saved, late=True)
        except ResponseConflict as error:
            conflict = error
            response = error.response
            saved = saved_answers(response)
            form = _conflict_form(request, questions, member, saved, response.version if response else 0)
            form.add_error(None, error.message)
        except AnswersInvalid as error:
            by_pk = {q.pk: q for q in questions}
            for question_pk, message in error.errors.items():
                form.add_error(field_for_error(by_pk[question_pk], message), message)
        except RuleError as error:
            form.add_error(None, error.message)
    else:
        form = ResponseForm(initial=initial_from(saved, questions, version), questions=questions, member=member)
    return _page(request, consultation, form, response, saved, conflict=conflict)


def _save(request, form, consultation, member, saved):
    answers = form.answers(saved)
    based_on = form.cleaned_data["version"]
    if request.POST.get("action") == "submit":
        before = Response.objects.filter(consultation=consultation, member=member, state=ResponseState.SUBMITTED)
        changed = before.exists()
        response_submit(
            consultation=consultation,
            member=member,
            answers=answers,
            based_on_version=based_on,
            site_url=request.build_absolute_uri("/"),
        )
        if changed:
            messages.success(request, "Your changes have been saved. We are emailing you a copy of your answers.")
        else:
            messages.success(request, "Your response has been submitted. We are emailing you a copy of your answers.")
        return redirect("members:my-consultations")
    response_save_draft(consultation=consultation, member=member, answers=answers, based_on_version=based_on)
    messages.success(
        request, f"Your draft has been saved. You can come back to it: the consultation {closing_phrase(consultation)}."
    )
    return redirect("members:consultation-respond", pk=consultation.pk)


def _conflict_form(request, questions, member, saved, current_version):
    """The page again with what was just typed, based on the stored version, and for each question
    where the two differ, a choice of which to keep."""
    typed_form = ResponseForm(request.POST, questions=questions, member=member)
    typed_form.is_valid()
    typed = typed_form.typed() if hasattr(typed_form, "cleaned_data") else {}
    differ = [q.pk for q in questions if typed.get(q.pk, EMPTY) != saved.get(q.pk, EMPTY)]
    data = request.POST.copy()
    data["version"] = str(current_version)
    for question in questions:
        data[keep_name(question)] = KEEP_TYPED
    form = ResponseForm(data, questions=questions, member=member, keep_for=differ)
    form.is_valid()
    for number, question in enumerate(questions, start=1):
        if question.pk in differ:
            form.add_error(
                keep_name(question),
                f"Your answer to question {number} is not the one saved: choose which to keep",
            )
    return form


def _page(request, consultation, form, response, saved, *, late=False, conflict=None):
    accepting = is_accepting(consultation) and not late
    wards = dict(Ward.objects.filter(pk__in={g.ward for g in saved.values()} - {None}).values_list("pk", "name"))
    rows = []
    for number, question, fields, keep in form.question_rows():
        saved_text = describe(question, saved.get(question.pk, EMPTY), wards)
        rows.append({"number": number, "question": question, "fields": fields, "keep": keep, "saved": saved_text})
    context = {
        "consultation": consultation,
        "form": form,
        "rows": rows,
        "response": response,
        "submitted": response is not None and response.state == ResponseState.SUBMITTED,
        "accepting": accepting,
        "late": late,
        "conflict": conflict,
        "closing": closing_phrase(consultation) if accepting else closed_phrase(consultation),
        "closes_in": closes_in(consultation) if accepting else "",
        "documents": _documents(consultation),
        "summary_url": summary_url(consultation),
    }
    return render(request, "members/consultations/respond.html", context)
