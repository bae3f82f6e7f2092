from django.urls import path

from . import views
from .consultations.views import owner as consultation_owner
from .consultations.views import reminders as consultation_reminders
from .consultations.views import respond as consultation_respond

app_name = "members"

urlpatterns = [
    path("councillors/", views.councillor_list, name="councillor-list"),
    path("councillors/<int:pk>/", views.councillor_detail, name="councillor-detail"),
    path("committees/", views.body_list, name="body-list"),
    path("committees/add/", views.body_add, name="body-add"),
    path("committees/<slug:slug>/", views.body_detail, name="body-detail"),
    path("committees/<slug:slug>/edit/", views.body_update, name="body-update"),
    path("committees/<slug:slug>/members/add/", views.membership_add, name="membership-add"),
    path("committees/<slug:slug>/members/<int:membership_pk>/end/", views.membership_end, name="membership-end"),
    path("committees/<slug:slug>/clerks/", views.body_clerks, name="body-clerks"),
    path("committees/<slug:slug>/clerks/<int:user_pk>/remove/", views.body_clerk_remove, name="body-clerk-remove"),
    *consultation_owner.urlpatterns,
    *consultation_respond.urlpatterns,
    *consultation_reminders.urlpatterns,
]
