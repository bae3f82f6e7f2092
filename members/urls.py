from django.urls import path

from . import views
from .consultations import views_owner, views_reminders, views_respond

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
    *views_owner.urlpatterns,
    *views_respond.urlpatterns,
    *views_reminders.urlpatterns,
]
