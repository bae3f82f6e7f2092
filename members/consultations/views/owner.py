"""Consultation pages for those who run them: the list, creating and editing, questions,
documents, opening, closing and reporting, sharing, the tracker, the summary and the CSV.

Who may do what is decided in ``access``: anyone who may consult sees the list; a consultation is
managed by its owner, the officers it is shared with and Administrators. Another officer gets
"not found" (it is not theirs to know about); a councillor gets the 403 page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from council import permissions
from council.errors import RuleError
from council.exports import csv_response
from council.forms import form_error, posted, submit
from council.history import timeline
from council.packs import services as pack_services
from council.uploads import CLEANED, document_response

from ...models import (
    Consultation,
    ConsultationDocument,
    ConsultationState,
    Question,
    QuestionKind,
    Response,
    ResponseState,
    Ward,
)
from .. import access, services
from ..forms.owner import (
    ConsultationForm,
    DocumentForm,
    OpenConsultationForm,
    OutcomeForm,
    QuestionForm,
    ReasonForm,
    ReportForm,
    ShareForm,
)
from ..selectors import consultations as selectors
from ..selectors import packs, response_history, summary, tracker
from ..selectors.audience import audience, in_audience, member_of
from ..selectors.deadlines import closing_day_flag
from ..selectors.responses import EMPTY, describe, saved_answers

#: The states in which the closing day is still to come, and so worth a warning.
OPEN_OR_DRAFT = (ConsultationState.DRAFT, ConsultationState.OPEN)


def _require_consult(request):
    if not access.can_consult(request.user) and not selectors.managed_by(request.user).exists():
        raise PermissionDenied


def managed(request, pk) -> Consultation:
    """The consultation, if the person manages it: 404 for other people who consult, 403 for the rest."""
    consultation = get_object_or_404(Consultation.objects.select_related("owner"), pk=pk)
    if access.can_manage(request.user, consultation):
        return consultation
    if access.can_consult(request.user):
        raise Http404
    raise PermissionDenied


def _detail_url(consultation, anchor=""):
    return reverse("members:consultation-detail", args=[consultation.pk]) + (f"#{anchor}" if anchor else "")


def _page(
    request,
    consultation,
    form,
    *,
    title,
    button,
    intro="",
    danger=False,
    template="members/consultations/owner_form.html",
    extra=None,
):
    context = {
        "form": form,
        "consultation": consultation,
        "title": title,
        "caption": consultation.title if consultation else "Consultations",
        "button": button,
        "intro": intro,
        "danger": danger,
        "back_url": _detail_url(consultation) if consultation else reverse("members:consultation-list"),
        "cancel_url": _detail_url(consultation) if consultation else reverse("members:consultation-list"),
    }
    return render(request, template, context | (extra or {}))


@require_GET
def consultation_list(request):
    _require_consult(request)
    return render(
        request,
        "members/consultations/owner_list.html",
        {
            "page": selectors.list_page(request.user, request.GET.get("page")),
            "can_add": access.can_consult(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def consultation_add(request):
    if not access.can_consult(request.user):
        raise PermissionDenied
    form = ConsultationForm(posted(request), initial={"owner": request.user.pk, "audience": "all"})
    done = submit(
        request,
        form,
        lambda: services.consultation_create(**_fields(form), by=request.user),
        done=lambda created: _flagged("Consultation created as a draft. Add its questions, then open it.", created),
    )
    if done:
        return done
    return _page(request, None, form, title="Create a consultation", button="Create consultation")


def _flagged(done: str, consultation) -> str:
    """The confirmation, with the warning when the closing day just set is not a working day."""
    flag = closing_day_flag(consultation)
    return f"{done} {flag}" if flag else done


def _fields(form) -> dict:
    """What the consultation form gives its service (creating a draft, or changing one)."""
    names = (
        "title",
        "purpose",
        "owner",
        "opens_at",
        "closes_at",
        "audience",
        "bodies",
        "wards",
        "parties",
        "members",
        "public",
    )
    return {name: form.cleaned_data[name] for name in names}


def _initial(consultation):
    opens, closes = timezone.localtime(consultation.opens_at), timezone.localtime(consultation.closes_at)
    return {
        "title": consultation.title,
        "purpose": consultation.purpose,
        "owner": consultation.owner_id,
        "opens_day": opens.date(),
        "opens_time": opens.time().replace(second=0, microsecond=0),
        "closes_day": closes.date(),
        "closes_time": closes.time().replace(second=0, microsecond=0),
        "audience": consultation.audience,
        "bodies": list(consultation.audience_bodies.all()),
        "wards": list(consultation.audience_wards.all()),
        "parties": list(consultation.audience_parties.all()),
        "members": list(consultation.audience_members.all()),
        "public": consultation.public,
    }


def _refused(request, consultation, check, anchor=""):
    """The service's own rule, asked before its form is shown: if it refuses, its message on the
    consultation's page."""
    try:
        check(consultation)
    except RuleError as error:
        messages.error(request, error.message)
        return redirect(_detail_url(consultation, anchor))
    return None


@require_http_methods(["GET", "POST"])
def consultation_edit(request, pk):
    """A draft: anything changes (``services.consultation_update``)."""
    consultation = managed(request, pk)
    if refused := _refused(request, consultation, services.check_draft):
        return refused
    form = ConsultationForm(posted(request), initial=_initial(consultation))
    done = submit(
        request,
        form,
        lambda: services.consultation_update(consultation=consultation, **_fields(form), by=request.user),
        done=lambda changed: _flagged("Consultation changed.", changed),
        to=consultation,
    )
    if done:
        return done
    return _page(request, consultation, form, title="Change the consultation", button="Save changes")


@require_http_methods(["GET", "POST"])
def consultation_correct(request, pk):
    """An open consultation: its closing time later, its title or purpose corrected with a reason
    (``services.consultation_correct``)."""
    consultation = managed(request, pk)
    if refused := _refused(request, consultation, services.check_correctable):
        return refused
    form = OpenConsultationForm(posted(request), initial=_initial(consultation))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.consultation_correct(
                consultation=consultation,
                title=data["title"],
                purpose=data["purpose"],
                closes_at=data["closes_at"],
                public=data["public"],
                reason=data["reason"],
                by=request.user,
            )
        except RuleError as error:
            form_error(form, error)
        else:
            consultation.refresh_from_db()
            messages.success(request, _flagged("Consultation changed.", consultation))
            return redirect(consultation)
    intro = (
        "The consultation is open: you can move the closing time later and correct the title or purpose, "
        "giving a reason. Who is asked and the opening time can no longer change."
    )
    return _page(request, consultation, form, title="Change the consultation", button="Save changes", intro=intro)


@require_GET
def consultation_detail(request, pk):
    consultation = managed(request, pk)
    questions = list(consultation.questions.prefetch_related("options").order_by("position"))
    has_responses = consultation.responses.exists()
    state = consultation.state
    return render(
        request,
        "members/consultations/owner_detail.html",
        {
            "consultation": consultation,
            "questions": questions,
            "documents": list(consultation.documents.all()),
            "shared_with": list(selectors.shared_with(consultation)),
            "audience_size": audience(consultation).count(),
            "has_responses": has_responses,
            "questions_changeable": services.questions_changeable(consultation),
            "questions_locked_message": services.QUESTIONS_LOCKED,
            "is_draft": state == ConsultationState.DRAFT,
            "opening_missed": state == ConsultationState.DRAFT and consultation.opens_at <= timezone.now(),
            "closing_flag": closing_day_flag(consultation) if state in OPEN_OR_DRAFT else "",
            "is_open": state == ConsultationState.OPEN,
            "is_closed": state == ConsultationState.CLOSED,
            "is_reported": state == ConsultationState.REPORTED,
            "can_change_documents": state in (ConsultationState.DRAFT, ConsultationState.OPEN),
            "history": timeline(consultation),
            "choices_kinds": (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE),
            "bodies": list(consultation.audience_bodies.all()),
            "wards": list(consultation.audience_wards.all()),
            "parties": list(consultation.audience_parties.all()),
            "named": list(consultation.audience_members.select_related("user", "ward")),
        },
    )


# Questions -----------------------------------------------------------------------------------


def _question_call(request, consultation, form, call, success):
    if form.is_valid():
        data = form.cleaned_data
        try:
            call(
                kind=data["kind"],
                text=data["text"],
                help_text=data["help_text"],
                required=data["required"],
                max_length=data["max_length"],
                options=form.option_lines(),
                by=request.user,
            )
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, success)
            return redirect(_detail_url(consultation, "questions"))
    return None


@require_http_methods(["GET", "POST"])
def question_add(request, pk):
    consultation = managed(request, pk)
    if refused := _refused(request, consultation, services.check_questions_changeable, "questions"):
        return refused
    form = QuestionForm(posted(request), initial={"required": True})

    def call(**kwargs):
        return services.question_add(consultation=consultation, **kwargs)

    return _question_call(request, consultation, form, call, "Question added") or _page(
        request, consultation, form, title="Add a question", button="Add question"
    )


def _managed_question(request, pk, question_pk):
    consultation = managed(request, pk)
    question = get_object_or_404(
        Question.objects.prefetch_related("options"), pk=question_pk, consultation=consultation
    )
    return consultation, question


@require_http_methods(["GET", "POST"])
def question_edit(request, pk, question_pk):
    consultation, question = _managed_question(request, pk, question_pk)
    if refused := _refused(request, consultation, services.check_questions_changeable, "questions"):
        return refused
    initial = {
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "max_length": question.max_length,
        "options": "\n".join(option.label for option in question.options.all()),
    }
    form = QuestionForm(posted(request), initial=initial)

    def call(**kwargs):
        return services.question_update(question=question, **kwargs)

    return _question_call(request, consultation, form, call, "Question changed") or _page(
        request, consultation, form, title="Change the question", button="Save question"
    )


@require_http_methods(["GET", "POST"])
def question_remove(request, pk, question_pk):
    consultation, question = _managed_question(request, pk, question_pk)
    if refused := _refused(request, consultation, services.check_questions_changeable, "questions"):
        return refused
    if request.method == "POST":
        try:
            services.question_remove(question=question, by=request.user)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Question removed")
        return redirect(_detail_url(consultation, "questions"))
    return render(
        request,
        "members/consultations/owner_confirm.html",
        {
            "consultation": consultation,
            "title": "Remove this question?",
            "text": question.text,
            "button": "Remove question",
            "back_url": _detail_url(consultation, "questions"),
        },
    )


@require_POST
def question_move(request, pk, question_pk):
    consultation, question = _managed_question(request, pk, question_pk)
    try:
        services.question_move(question=question, up=request.POST.get("direction") == "up", by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    return redirect(_detail_url(consultation, "questions"))


# Documents -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def document_add(request, pk):
    consultation = managed(request, pk)
    form = DocumentForm(posted(request), request.FILES or None)
    if form.is_valid():
        try:
            document = services.document_add(
                consultation=consultation,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except RuleError as error:
            form_error(form, error)
        else:
            cleaned = document.sha256 != document.original_sha256
            messages.success(request, f"Document added. {CLEANED}" if cleaned else "Document added")
            return redirect(_detail_url(consultation, "documents"))
    return _page(
        request,
        consultation,
        form,
        title="Add a supporting document",
        button="Upload document",
        template="members/consultations/owner_upload.html",
    )


@require_POST
def document_remove(request, pk, document_pk):
    consultation = managed(request, pk)
    document = get_object_or_404(ConsultationDocument, pk=document_pk, consultation=consultation)
    try:
        services.document_remove(document=document, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{document.title}” removed")
    return redirect(_detail_url(consultation, "documents"))


@require_GET
def document(request, pk, document_pk):
    """The file, for the consultation's managers and its audience only."""
    consultation = get_object_or_404(Consultation, pk=pk)
    audience_may_read = consultation.state != ConsultationState.DRAFT and in_audience(
        consultation, member_of(request.user)
    )
    if not access.can_manage(request.user, consultation) and not audience_may_read:
        if access.can_consult(request.user) or permissions.can(request.user, "members.respond_consultation"):
            raise Http404
        raise PermissionDenied
    document = get_object_or_404(ConsultationDocument, pk=document_pk, consultation=consultation)
    name = document.file.name.rsplit("/", 1)[-1]
    return document_response(document.file.open("rb"), name=name, content_type=document.content_type)


# States --------------------------------------------------------------------------------------


@require_POST
def consultation_open(request, pk):
    consultation = managed(request, pk)
    try:
        services.consultation_open(consultation=consultation, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Consultation opened: members are being invited")
    return redirect(consultation)


@require_http_methods(["GET", "POST"])
def consultation_close(request, pk):
    consultation = managed(request, pk)
    form = ReasonForm(posted(request))
    if form.is_valid():
        try:
            services.consultation_close(consultation=consultation, reason=form.cleaned_data["reason"], by=request.user)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Consultation closed: no more reminders will be sent")
            return redirect(consultation)
    return _page(
        request,
        consultation,
        form,
        title="Close the consultation early",
        button="Close consultation",
        danger=True,
        intro="Members can no longer respond once it is closed. Reminders not yet sent will not be sent.",
    )


@require_http_methods(["GET", "POST"])
def consultation_report(request, pk):
    consultation = managed(request, pk)
    form = ReportForm(posted(request))
    if form.is_valid():
        try:
            services.consultation_report(
                consultation=consultation, outcome=form.cleaned_data["outcome"], by=request.user
            )
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Summary published: respondents are being told")
            return redirect(consultation)
    return _page(
        request,
        consultation,
        form,
        title="Publish the summary",
        button="Publish summary",
        intro="Members asked will be able to read the summary. Respondents are told, with a link.",
    )


@require_http_methods(["GET", "POST"])
def consultation_outcome(request, pk):
    consultation = managed(request, pk)
    form = OutcomeForm(posted(request), initial={"outcome": consultation.outcome})
    if form.is_valid():
        try:
            services.outcome_publish(consultation=consultation, outcome=form.cleaned_data["outcome"], by=request.user)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Outcome published: respondents are being told")
            return redirect(consultation)
    return _page(request, consultation, form, title="Publish the outcome", button="Publish outcome")


# Sharing -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def consultation_share(request, pk):
    consultation = managed(request, pk)
    form = ShareForm(posted(request))
    if form.is_valid():
        try:
            services.share(consultation=consultation, person=form.cleaned_data["person"], by=request.user)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, f"Shared with {form.cleaned_data['person'].get_full_name()}")
            return redirect(_detail_url(consultation, "sharing"))
    return _page(
        request,
        consultation,
        form,
        title="Share with an officer",
        button="Share",
        intro=(
            "Officers you share a consultation with can change it, follow the responses and read each member's answers."
        ),
    )


@require_POST
def consultation_unshare(request, pk, user_pk):
    consultation = managed(request, pk)
    person = get_object_or_404(selectors.shared_with(consultation), pk=user_pk)
    services.unshare(consultation=consultation, person=person, by=request.user)
    messages.success(request, f"No longer shared with {person.get_full_name()}")
    return redirect(_detail_url(consultation, "sharing"))


# Tracker, summary, CSV -----------------------------------------------------------------------


@require_GET
def consultation_tracker(request, pk):
    consultation = managed(request, pk)
    return render(
        request,
        "members/consultations/owner_tracker.html",
        {
            "consultation": consultation,
            "tracker": tracker.tracker(consultation),
            "remind_url": (
                reverse("members:consultation-remind", args=[consultation.pk])
                if consultation.state == ConsultationState.OPEN
                else None
            ),
        },
    )


@require_GET
def consultation_summary(request, pk):
    consultation = get_object_or_404(Consultation.objects.select_related("owner"), pk=pk)
    if not access.can_read_summary(request.user, consultation):
        if access.can_consult(request.user):
            raise Http404
        raise PermissionDenied
    respondents, questions = summary.summary(consultation)
    return render(
        request,
        "members/consultations/summary.html",
        {
            "consultation": consultation,
            "respondents": respondents,
            "questions": questions,
            "can_manage": access.can_manage(request.user, consultation),
            "print_view": request.GET.get("print") == "1",
            "summary_pdf": pack_services.latest_version(packs.KIND, consultation, packs.EDITION),
        },
    )


@require_GET
def consultation_response(request, pk, member_pk):
    """One member's submitted response and who changed which answer when: for its managers only."""
    consultation = managed(request, pk)
    response = get_object_or_404(
        Response.objects.select_related("member__user", "member__ward", "member__party"),
        consultation=consultation,
        member_id=member_pk,
        state=ResponseState.SUBMITTED,
    )
    questions = list(consultation.questions.prefetch_related("options").order_by("position"))
    saved = saved_answers(response)
    wards = dict(Ward.objects.filter(pk__in={g.ward for g in saved.values()} - {None}).values_list("pk", "name"))
    answers = [
        (number, question, describe(question, saved.get(question.pk, EMPTY), wards))
        for number, question in enumerate(questions, start=1)
    ]
    return render(
        request,
        "members/consultations/owner_response.html",
        {
            "consultation": consultation,
            "response": response,
            "member": response.member,
            "answers": answers,
            "submissions": response_history.submissions(response, questions),
        },
    )


@require_GET
def consultation_csv(request, pk):
    consultation = managed(request, pk)
    header, rows = summary.csv_table(consultation)
    return csv_response(filename=f"consultation-{consultation.pk}-responses.csv", header=header, rows=rows)
