from django.urls import path

from .views import agenda, meetings

app_name = "scrutiny"

urlpatterns = [
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/calendar.ics", meetings.feed_all, name="feed-all"),
    path("meetings/<int:year>/<int:month>/", meetings.meeting_month, name="meeting-month"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_update, name="meeting-update"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/items/add/", agenda.item_add, name="item-add"),
    path("meetings/<int:pk>/items/standard/", agenda.standard_items, name="standard-items"),
    path("meetings/<int:pk>/items/<int:item_pk>/edit/", agenda.item_update, name="item-update"),
    path("meetings/<int:pk>/items/<int:item_pk>/move/", agenda.item_move, name="item-move"),
    path("meetings/<int:pk>/publish/", agenda.publish, name="publish"),
    path("meetings/schedule/", meetings.meeting_schedule, name="meeting-schedule"),
    path("committees/<slug:slug>/meetings.ics", meetings.feed_body, name="feed-body"),
]
