from django.urls import path

from .consultations.views import owner as consultation_owner
from .consultations.views import reminders as consultation_reminders
from .consultations.views import respond as consultation_respond
from .views import bodies, councillors, interests, memberships, register

app_name = "members"

urlpatterns = [
    path("councillors/", councillors.councillor_list, name="councillor-list"),
    path("councillors/<int:pk>/", councillors.councillor_detail, name="councillor-detail"),
    path("councillors/<int:pk>/register/", register.register_public, name="register-public"),
    path("councillors/<int:pk>/register.pdf", register.register_pdf, name="register-pdf"),
    # the register of interests: the member's own
    path("register/", interests.register_mine, name="register-mine"),
    path("register/interests/add/", interests.interest_add, name="interest-add"),
    path("register/interests/<int:pk>/edit/", interests.interest_edit, name="interest-edit"),
    path("register/interests/<int:pk>/end/", interests.interest_end, name="interest-end"),
    path("register/gifts/add/", interests.gift_add, name="gift-add"),
    # the register of interests: the Monitoring Officer's
    path("registers/", interests.register_list, name="register-list"),
    path("registers/dispensations/", interests.dispensation_list, name="dispensation-list"),
    path("registers/<int:pk>/", interests.register_detail, name="register-detail"),
    path("registers/<int:pk>/dispensations/add/", interests.dispensation_add, name="dispensation-add"),
    path("registers/interests/<int:pk>/review/", interests.interest_review, name="interest-review"),
    path("committees/", bodies.body_list, name="body-list"),
    path("committees/add/", bodies.body_add, name="body-add"),
    path("committees/<slug:slug>/", bodies.body_detail, name="body-detail"),
    path("committees/<slug:slug>/edit/", bodies.body_edit, name="body-edit"),
    path("committees/<slug:slug>/members/add/", memberships.membership_add, name="membership-add"),
    path("committees/<slug:slug>/members/<int:membership_pk>/end/", memberships.membership_end, name="membership-end"),
    path("committees/<slug:slug>/clerks/", bodies.body_clerks, name="body-clerks"),
    path("committees/<slug:slug>/clerks/<int:user_pk>/remove/", bodies.body_clerk_remove, name="body-clerk-remove"),
    # consultations: the owner's pages
    path("consultations/", consultation_owner.consultation_list, name="consultation-list"),
    path("consultations/add/", consultation_owner.consultation_add, name="consultation-add"),
    path("consultations/<int:pk>/", consultation_owner.consultation_detail, name="consultation-detail"),
    path("consultations/<int:pk>/edit/", consultation_owner.consultation_edit, name="consultation-edit"),
    path("consultations/<int:pk>/correct/", consultation_owner.consultation_correct, name="consultation-correct"),
    path("consultations/<int:pk>/open/", consultation_owner.consultation_open, name="consultation-open"),
    path("consultations/<int:pk>/close/", consultation_owner.consultation_close, name="consultation-close"),
    path("consultations/<int:pk>/report/", consultation_owner.consultation_report, name="consultation-report"),
    path("consultations/<int:pk>/outcome/", consultation_owner.consultation_outcome, name="consultation-outcome"),
    path("consultations/<int:pk>/share/", consultation_owner.consultation_share, name="consultation-share"),
    path(
        "consultations/<int:pk>/share/<int:user_pk>/remove/",
        consultation_owner.consultation_unshare,
        name="consultation-unshare",
    ),
    path("consultations/<int:pk>/questions/add/", consultation_owner.question_add, name="question-add"),
    path(
        "consultations/<int:pk>/questions/<int:question_pk>/edit/",
        consultation_owner.question_edit,
        name="question-edit",
    ),
    path(
        "consultations/<int:pk>/questions/<int:question_pk>/remove/",
        consultation_owner.question_remove,
        name="question-remove",
    ),
    path(
        "consultations/<int:pk>/questions/<int:question_pk>/move/",
        consultation_owner.question_move,
        name="question-move",
    ),
    path("consultations/<int:pk>/documents/add/", consultation_owner.document_add, name="consultation-document-add"),
    path(
        "consultations/<int:pk>/documents/<int:document_pk>/remove/",
        consultation_owner.document_remove,
        name="consultation-document-remove",
    ),
    path(
        "consultations/<int:pk>/documents/<int:document_pk>/", consultation_owner.document, name="consultation-document"
    ),
    path("consultations/<int:pk>/tracker/", consultation_owner.consultation_tracker, name="consultation-tracker"),
    path("consultations/<int:pk>/summary/", consultation_owner.consultation_summary, name="consultation-summary"),
    path("consultations/<int:pk>/responses.csv", consultation_owner.consultation_csv, name="consultation-csv"),
    path(
        "consultations/<int:pk>/responses/<int:member_pk>/",
        consultation_owner.consultation_response,
        name="consultation-response",
    ),
    # consultations: members responding
    path("consultations/yours/", consultation_respond.my_consultations_page, name="my-consultations"),
    path("consultations/<int:pk>/respond/", consultation_respond.consultation_respond, name="consultation-respond"),
    # consultations: the emails
    path(
        "consultations/<int:pk>/reminders/",
        consultation_reminders.consultation_reminders,
        name="consultation-reminders",
    ),
    path("consultations/<int:pk>/remind/", consultation_reminders.consultation_remind, name="consultation-remind"),
    path(
        "consultations/<int:pk>/reminders/<int:reminder_pk>/retry/",
        consultation_reminders.reminder_retry,
        name="reminder-retry",
    ),
    path(
        "consultations/<int:pk>/reminder-times/",
        consultation_reminders.consultation_reminder_times,
        name="consultation-reminder-times",
    ),
]
