"""Every commissioning page's route, by subject; names are <noun>-<verb> (``review-edit``)."""

from django.urls import path

from .views import consultations, decisions, indicators, priorities, reviews, savings, workplan

app_name = "commissioning"

_ENTRY = "commissioning/work-plan/<int:number>/reviews/<int:entry_pk>"

urlpatterns = [
    # reviews
    path("commissioning/reviews/add/", reviews.review_add, name="review-add"),
    path("commissioning/reviews/<int:pk>/", reviews.review_detail, name="review-detail"),
    path("commissioning/reviews/<int:pk>/edit/", reviews.review_edit, name="review-edit"),
    path("commissioning/reviews/<int:pk>/rag/", reviews.review_rag, name="review-rag"),
    path("commissioning/reviews/<int:pk>/status/", reviews.review_status, name="review-status"),
    path("commissioning/reviews/<int:pk>/gate/pass/", reviews.gate_pass, name="gate-pass"),
    path("commissioning/reviews/<int:pk>/gate/back/", reviews.gate_reverse, name="gate-reverse"),
    path("commissioning/reviews/<int:pk>/engagement/add/", reviews.engagement_add, name="engagement-add"),
    path("commissioning/reviews/<int:pk>/comment/", reviews.review_comment, name="review-comment"),
    path("commissioning/reviews/<int:pk>/board/", reviews.review_board, name="review-board"),
    path("commissioning/reviews/<int:pk>/board/create/", reviews.board_create, name="board-create"),
    path("commissioning/reviews/<int:pk>/board/seats/add/", reviews.board_seat_add, name="board-seat-add"),
    path(
        "commissioning/reviews/<int:pk>/board/seats/<int:membership_pk>/end/",
        reviews.board_seat_end,
        name="board-seat-end",
    ),
    path("commissioning/reviews/<int:pk>/board/decisions/add/", reviews.board_decision_add, name="board-decision-add"),
    path("commissioning/reviews/<int:pk>/working-group/", reviews.working_group, name="working-group"),
    path(
        "commissioning/reviews/<int:pk>/working-group/notes/add/",
        reviews.working_group_note_add,
        name="working-group-note-add",
    ),
    path("commissioning/reviews/<int:pk>/history/", reviews.review_timeline, name="review-timeline"),
    path("commissioning/reviews/<int:pk>/forward-plan-entry/add/", decisions.review_entry_add, name="review-entry-add"),
    # priorities
    path("commissioning/", priorities.review_list, name="review-list"),
    path("commissioning/weights/", priorities.weights, name="weights"),
    path("commissioning/reviews/<int:pk>/priority/", priorities.review_priority, name="review-priority"),
    path("commissioning/reviews/<int:pk>/priority/edit/", priorities.review_priority_edit, name="review-priority-edit"),
    # savings
    path("commissioning/reviews/<int:pk>/savings/", savings.review_savings, name="review-savings"),
    path("commissioning/reviews/<int:pk>/savings/add/", savings.saving_add, name="saving-add"),
    path("commissioning/savings/", savings.savings, name="savings"),
    path("commissioning/savings/savings.csv", savings.savings_csv, name="savings-csv"),
    path("commissioning/savings/mine/", savings.my_savings, name="my-savings"),
    path("commissioning/savings/<int:pk>/", savings.saving_detail, name="saving-detail"),
    path("commissioning/savings/<int:pk>/update/", savings.saving_edit, name="saving-edit"),
    path("commissioning/savings/<int:pk>/sign-off/", savings.saving_signoff, name="saving-signoff"),
    path("commissioning/savings/<int:pk>/reopen/", savings.saving_reopen, name="saving-reopen"),
    # indicators
    path("commissioning/reviews/<int:pk>/indicators/", indicators.review_indicators, name="review-indicators"),
    path("commissioning/reviews/<int:pk>/indicators/add/", indicators.indicator_add, name="indicator-add"),
    path("commissioning/indicators/<int:pk>/", indicators.indicator_detail, name="indicator-detail"),
    path("commissioning/indicators/<int:pk>/edit/", indicators.indicator_edit, name="indicator-edit"),
    path("commissioning/indicators/<int:pk>/actuals/add/", indicators.actual_add, name="actual-add"),
    path("commissioning/indicators/<int:pk>/actuals/<int:actual_pk>/edit/", indicators.actual_edit, name="actual-edit"),
    # workplan
    path("commissioning/work-plan/", workplan.workplan_list, name="workplan-list"),
    path("commissioning/work-plan/new/", workplan.workplan_add, name="workplan-add"),
    path("commissioning/work-plan/<int:number>/", workplan.workplan_detail, name="workplan-detail"),
    path("commissioning/work-plan/<int:number>/reviews/add/", workplan.entry_add, name="workplan-entry-add"),
    path(f"{_ENTRY}/dates/", workplan.entry_dates, name="workplan-entry-dates"),
    path(f"{_ENTRY}/move/", workplan.entry_move, name="workplan-entry-move"),
    path(f"{_ENTRY}/remove/", workplan.entry_remove, name="workplan-entry-remove"),
    path("commissioning/work-plan/<int:number>/decision/", workplan.workplan_transition, name="workplan-transition"),
    path(
        "commissioning/work-plan/<int:number>/forward-plan-entry/",
        decisions.workplan_forward_plan_entry,
        name="workplan-forward-plan-entry",
    ),
    path("commissioning/work-plan/<int:number>/bring-back/", workplan.workplan_bring_back, name="workplan-bring-back"),
    # consultations
    path(
        "commissioning/reviews/<int:pk>/consultations/link/", consultations.consultation_link, name="consultation-link"
    ),
    path(
        "commissioning/reviews/<int:pk>/consultations/<int:link_pk>/unlink/",
        consultations.consultation_unlink,
        name="consultation-unlink",
    ),
]
