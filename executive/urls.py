from django.urls import path

from .views import call_in, decision_makers, decisions, forward_plan, general_exception, private_meetings
from .views import officer_decisions as officer

app_name = "executive"

urlpatterns = [
    path("forward-plan/", forward_plan.forward_plan, name="forward-plan"),
    path("forward-plan.ics", forward_plan.forward_plan_feed, name="forward-plan-feed"),
    path("forward-plan/editions/", forward_plan.edition_list, name="edition-list"),
    path("forward-plan/editions/<int:number>/", forward_plan.edition_detail, name="edition-detail"),
    path("forward-plan/publish/", forward_plan.edition_publish, name="edition-publish"),
    path("forward-plan/entries/add/", forward_plan.entry_add, name="entry-add"),
    path("forward-plan/entries/<int:pk>/", forward_plan.entry_detail, name="entry-detail"),
    path("forward-plan/entries/<int:pk>/edit/", forward_plan.entry_edit, name="entry-edit"),
    path(
        "forward-plan/entries/<int:pk>/general-exception/",
        general_exception.notice_publish,
        name="general-exception-publish",
    ),
    path("general-exception/", general_exception.notice_list, name="general-exception-list"),
    path("general-exception/<int:pk>/", general_exception.notice_detail, name="general-exception-detail"),
    path("decision-makers/", decision_makers.decision_maker_list, name="decision-maker-list"),
    path("decision-makers/add/", decision_makers.decision_maker_add, name="decision-maker-add"),
    path("decisions/", decisions.decision_list, name="decision-list"),
    path("decisions/special-urgency/", decisions.urgency_report, name="urgency-report"),
    path("decisions/add/", decisions.decision_add, name="decision-add"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/publish/", decisions.decision_publish, name="decision-publish"),
    path("officer-decisions/", officer.officer_decision_list, name="officer-decision-list"),
    path("officer-decisions/add/", officer.officer_decision_add, name="officer-decision-add"),
    path("officer-decisions/<int:pk>/", officer.officer_decision_detail, name="officer-decision-detail"),
    path("officer-decisions/<int:pk>/publish/", officer.officer_decision_publish, name="officer-decision-publish"),
    path("private-meetings/", private_meetings.private_notice_list, name="private-notice-list"),
    path(
        "private-meetings/<int:pk>/further-notice/",
        private_meetings.private_further_notice,
        name="private-further-notice",
    ),
    path("meetings/<int:pk>/private/", private_meetings.meeting_private, name="meeting-private"),
    path(
        "meetings/items/<int:item_pk>/private-notice/", private_meetings.private_notice_give, name="private-notice-give"
    ),
    path(
        "meetings/items/<int:item_pk>/private-urgent/",
        private_meetings.private_notice_urgent,
        name="private-notice-urgent",
    ),
    path("meetings/<int:pk>/decisions/", private_meetings.meeting_decisions, name="meeting-decisions"),
    path(
        "meetings/items/<int:item_pk>/decision/",
        private_meetings.meeting_decision_record,
        name="meeting-decision-record",
    ),
    path("decisions/<int:pk>/call-in/", call_in.call_in_request, name="call-in-request"),
    path("decisions/<int:pk>/call-in/place/", call_in.call_in_place, name="call-in-place"),
    path("decisions/<int:pk>/call-in/outcome/", call_in.call_in_outcome, name="call-in-outcome"),
    path("decisions/<int:pk>/call-in/response/", call_in.call_in_response, name="call-in-response"),
]

from .views import urgency_requests as urgency  # noqa: E402

urlpatterns += [
    path("urgency/ask/", urgency.urgency_request_ask_view, name="urgency-request-ask"),
    path("urgency/<int:pk>/", urgency.urgency_request_detail, name="urgency-request-detail"),
    path("urgency/<int:pk>/answer/", urgency.urgency_request_answer_view, name="urgency-request-answer"),
]

from .views import decision_sessions  # noqa: E402

urlpatterns += [
    path(
        "meetings/<int:pk>/decision-session/",
        decision_sessions.decision_session_mark_view,
        name="decision-session-mark",
    ),
]
