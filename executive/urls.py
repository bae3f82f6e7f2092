from django.urls import path

from .views import call_in, decision_makers, decisions, forward_plan

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
    path("decision-makers/", decision_makers.decision_maker_list, name="decision-maker-list"),
    path("decision-makers/add/", decision_makers.decision_maker_add, name="decision-maker-add"),
    path("decisions/", decisions.decision_list, name="decision-list"),
    path("decisions/special-urgency/", decisions.urgency_report, name="urgency-report"),
    path("decisions/add/", decisions.decision_add, name="decision-add"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/publish/", decisions.decision_publish, name="decision-publish"),
    path("decisions/<int:pk>/call-in/", call_in.call_in_request, name="call-in-request"),
    path("decisions/<int:pk>/call-in/place/", call_in.call_in_place, name="call-in-place"),
    path("decisions/<int:pk>/call-in/outcome/", call_in.call_in_outcome, name="call-in-outcome"),
    path("decisions/<int:pk>/call-in/response/", call_in.call_in_response, name="call-in-response"),
]
