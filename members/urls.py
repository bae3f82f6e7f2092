from django.urls import path

from .consultations.views import owner as consultation_owner
from .consultations.views import reminders as consultation_reminders
from .consultations.views import respond as consultation_respond
from .views import bodies, councillors, memberships

app_name = "members"

urlpatterns = [
    path("councillors/", councillors.councillor_list, name="councillor-list"),
    path("councillors/<int:pk>/", councillors.councillor_detail, name="councillor-detail"),
    path("committees/", bodies.body_list, name="body-list"),
    path("committees/add/", bodies.body_add, name="body-add"),
    path("committees/<slug:slug>/", bodies.body_detail, name="body-detail"),
    path("committees/<slug:slug>/edit/", bodies.body_update, name="body-update"),
    path("committees/<slug:slug>/members/add/", memberships.membership_add, name="membership-add"),
    path("committees/<slug:slug>/members/<int:membership_pk>/end/", memberships.membership_end, name="membership-end"),
    path("committees/<slug:slug>/clerks/", bodies.body_clerks, name="body-clerks"),
    path("committees/<slug:slug>/clerks/<int:user_pk>/remove/", bodies.body_clerk_remove, name="body-clerk-remove"),
    *consultation_owner.urlpatterns,
    *consultation_respond.urlpatterns,
    *consultation_reminders.urlpatterns,
]
