from django.urls import path

from . import views

app_name = "scrutiny"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/calendar.ics", views.feed_all, name="feed-all"),
    path("meetings/<int:year>/<int:month>/", views.meeting_month, name="meeting-month"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_update, name="meeting-update"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/items/add/", views.item_add, name="item-add"),
    path("meetings/<int:pk>/items/standard/", views.standard_items, name="standard-items"),
    path("meetings/<int:pk>/items/<int:item_pk>/edit/", views.item_update, name="item-update"),
    path("meetings/<int:pk>/items/<int:item_pk>/move/", views.item_move, name="item-move"),
    path("meetings/<int:pk>/publish/", views.publish, name="publish"),
    path("meetings/schedule/", views.meeting_schedule, name="meeting-schedule"),
    path("committees/<slug:slug>/meetings.ics", views.feed_body, name="feed-body"),
]
