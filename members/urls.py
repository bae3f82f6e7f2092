from django.urls import path

from .consultations.views import owner as consultation_owner
from .consultations.views import public as consultation_public
from .consultations.views import reminders as consultation_reminders
from .consultations.views import respond as consultation_respond
from .views import bodies, councillors, elections, interests, memberships, register, setup

app_name = "members"

urlpatterns = [
    path("councillors/", councillors.councillor_list, name="councillor-list"),
    path("councillors/former/", councillors.councillor_former_list, name="councillor-former-list"),
    path("councillors/<int:pk>/", councillors.councillor_detail, name="councillor-detail"),
    path("councillors/<int:pk>/photo/", councillors.councillor_photo, name="councillor-photo"),
    # setting up the council's own data
    path("set-up/", setup.council_setup, name="council-setup"),
    path("set-up/wards/", setup.ward_list, name="ward-list"),
    path("set-up/wards/add/", setup.ward_add, name="ward-add"),
    path("set-up/wards/<int:pk>/edit/", setup.ward_edit, name="ward-edit"),
    path("set-up/wards/<int:pk>/retire/", setup.ward_retire, name="ward-retire"),
    path("set-up/parties/", setup.party_list, name="party-list"),
    path("set-up/parties/add/", setup.party_add, name="party-add"),
    path("set-up/parties/<int:pk>/edit/", setup.party_edit, name="party-edit"),
    path("set-up/parties/<int:pk>/retire/", setup.party_retire, name="party-retire"),
    path("set-up/councillors/", setup.councillor_setup_list, name="councillor-setup-list"),
    path("set-up/councillors/add/", setup.councillor_add, name="councillor-add"),
    path("set-up/councillors/<int:pk>/edit/", setup.councillor_edit, name="councillor-edit"),
    path("set-up/officers/", setup.officer_list, name="officer-list"),
    path("set-up/officers/add/", setup.officer_add, name="officer-add"),
    path("set-up/officers/<int:pk>/edit/", setup.officer_edit, name="officer-edit"),
    path("set-up/officers/<int:pk>/retire/", setup.officer_retire, name="officer-retire"),
    path("set-up/portfolios/", setup.portfolio_list, name="portfolio-list"),
    path("set-up/portfolios/add/", setup.portfolio_add, name="portfolio-add"),
    path("set-up/portfolios/<int:pk>/edit/", setup.portfolio_edit, name="portfolio-edit"),
    path("set-up/portfolios/<int:pk>/retire/", setup.portfolio_retire, name="portfolio-retire"),
    path("councillors/<int:pk>/register/", register.register_public, name="register-public"),
    path("councillors/<int:pk>/register.pdf", register.register_pdf, name="register-pdf"),
    # the register of interests: the member's own
    path("register/", interests.register_mine, name="register-mine"),
    path("register/interests/add/", interests.interest_add, name="interest-add"),
    path("register/interests/<int:pk>/edit/", interests.interest_edit, name="interest-edit"),
    path("register/interests/<int:pk>/end/", interests.interest_end, name="interest-end"),
    path("register/gifts/add/", interests.gift_add, name="gift-add"),
    path("register/confirm/", interests.register_confirm, name="register-confirm"),
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
    # elections, terms of office and the annual meeting's appointments
    path("elections/", elections.election_list, name="election-list"),
    path("elections/record/", elections.election_record, name="election-record"),
    path("elections/<int:pk>/", elections.election_detail, name="election-detail"),
    path("elections/leaving/", elections.councillor_leave, name="councillor-leave"),
    path("elections/leaving/<int:pk>/", elections.councillor_left, name="councillor-left"),
    path("appointments/", elections.appointments_edit, name="appointments-edit"),
    path("appointments/political-balance/", elections.political_balance, name="political-balance"),
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
    # consultations: what the public reads
    path("consultations/public/", consultation_public.consultation_public_list, name="consultation-public-list"),
    path("consultations/public/<int:pk>/", consultation_public.consultation_public, name="consultation-public"),
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
