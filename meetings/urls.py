from django.urls import path

from meetings import activity_urls, calendar_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="list"),
    path("new/", views.MeetingCreateView.as_view(), name="create"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="edit"),
    path("<int:pk>/join/", views.MeetingJoinView.as_view(), name="join"),
    path("<int:pk>/assign/", views.MeetingAssignView.as_view(), name="assign"),
    path(
        "<int:pk>/retry-push/", views.MeetingRetryPushView.as_view(), name="retry_push"
    ),
    path(
        "<int:pk>/recreate-room/",
        views.MeetingRecreateRoomView.as_view(),
        name="recreate_room",
    ),
    path(
        "calendar/<str:token>.ics",
        calendar_views.CalendarFeedView.as_view(),
        name="calendar_feed",
    ),
    path(
        "calendar/regenerate/",
        calendar_views.CalendarFeedRegenerateView.as_view(),
        name="calendar_feed_regenerate",
    ),
    path(
        "calendar/revoke/",
        calendar_views.CalendarFeedRevokeView.as_view(),
        name="calendar_feed_revoke",
    ),
]
urlpatterns += activity_urls.urlpatterns
