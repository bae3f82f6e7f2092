from django.urls import path

from .views import agenda, attendance, declarations, documents, meetings, minutes, packs, publications, summons

app_name = "scrutiny"

urlpatterns = [
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/calendar.ics", meetings.feed_all, name="feed-all"),
    path("meetings/<int:year>/<int:month>/", meetings.meeting_month, name="meeting-month"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/items/add/", agenda.item_add, name="item-add"),
    path("meetings/<int:pk>/items/standard/", agenda.standard_items, name="standard-items"),
    path("meetings/<int:pk>/items/<int:item_pk>/edit/", agenda.item_edit, name="item-edit"),
    path("meetings/<int:pk>/items/<int:item_pk>/move/", agenda.item_move, name="item-move"),
    path("meetings/<int:pk>/publish/", agenda.publish, name="publish"),
    path("meetings/<int:pk>/agenda/", packs.agenda_print, name="agenda-print"),
    path(
        "meetings/<int:pk>/publications/<int:version>.json",
        publications.publication_record,
        name="publication-record",
    ),
    path("meetings/check-a-file/", publications.publication_check, name="publication-check"),
    path("meetings/<int:pk>/attendance/", attendance.attendance_record, name="attendance-record"),
    path("meetings/<int:pk>/declarations/", declarations.declarations, name="declarations"),
    path("meetings/<int:pk>/declarations/prompts/", declarations.declaration_prompt, name="declaration-prompt"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/declarations/add/",
        attendance.declaration_add,
        name="declaration-add",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/declarations/<int:declaration_pk>/remove/",
        attendance.declaration_remove,
        name="declaration-remove",
    ),
    path("meetings/<int:pk>/held/", minutes.meeting_held, name="meeting-held"),
    path("meetings/<int:pk>/minutes/", minutes.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes/confirm/", minutes.minutes_confirm, name="minutes-confirm"),
    path("meetings/<int:pk>/minutes/items/<int:item_pk>/", minutes.minute_write, name="minute-write"),
    path("meetings/<int:pk>/minutes/items/<int:item_pk>/correct/", minutes.minute_correct, name="minute-correct"),
    path(
        "meetings/<int:pk>/minutes/items/<int:item_pk>/resolutions/add/",
        minutes.resolution_add,
        name="resolution-add",
    ),
    path("meetings/<int:pk>/minutes/resolutions/<int:res_pk>/actions/add/", minutes.action_add, name="action-add"),
    path(
        "meetings/<int:pk>/minutes/resolutions/<int:res_pk>/recommendations/add/",
        minutes.recommendation_add,
        name="recommendation-add",
    ),
    path("meetings/<int:pk>/minutes/resolutions/<int:res_pk>/vote/", minutes.vote_record, name="vote-record"),
    path("meetings/<int:pk>/minutes/actions/<int:action_pk>/done/", minutes.action_complete, name="action-complete"),
    path(
        "meetings/<int:pk>/minutes/recommendations/<int:rec_pk>/respond/",
        minutes.recommendation_respond,
        name="recommendation-respond",
    ),
    path(
        "meetings/<int:pk>/minutes/recommendations/<int:rec_pk>/received/",
        minutes.recommendation_received,
        name="recommendation-received",
    ),
    path("recommendations/", minutes.recommendations, name="recommendations"),
    path("committees/<slug:slug>/work-programme/", minutes.work_programme, name="work-programme"),
    path("committees/<slug:slug>/work-programme/add/", minutes.work_programme_add, name="work-programme-add"),
    path(
        "committees/<slug:slug>/work-programme/<int:entry_pk>/schedule/",
        minutes.work_programme_schedule,
        name="work-programme-schedule",
    ),
    path(
        "committees/<slug:slug>/work-programme/<int:entry_pk>/done/",
        minutes.work_programme_done,
        name="work-programme-done",
    ),
    path("meetings/<int:pk>/items/<int:item_pk>/documents/add/", documents.document_add, name="document-add"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/documents/<int:document_pk>/remove/",
        documents.document_remove,
        name="document-remove",
    ),
    path("meetings/<int:pk>/items/<int:item_pk>/need-to-know/", documents.need_to_know, name="need-to-know"),
    path("meetings/<int:pk>/documents/<int:document_pk>/", documents.document_open, name="document-open"),
    path("meetings/<int:pk>/exempt-access/", documents.exempt_access_log, name="exempt-access"),
    path("meetings/<int:pk>/summons/", summons.summons_list, name="summons-list"),
    path("meetings/<int:pk>/summons/<int:summons_pk>/resend/", summons.summons_resend, name="summons-resend"),
    path("meetings/schedule/", meetings.meeting_schedule, name="meeting-schedule"),
    path("committees/<slug:slug>/meetings.ics", meetings.feed_body, name="feed-body"),
    path("committees/<slug:slug>/standard-items/", agenda.body_standard_items, name="body-standard-items"),
    path(
        "committees/<slug:slug>/standard-items/<int:item_pk>/remove/",
        agenda.body_standard_item_remove,
        name="body-standard-item-remove",
    ),
]
