from django.urls import path

from invitations import views

app_name = "invitations"

urlpatterns = [
    path(
        "meeting/<int:meeting_pk>/",
        views.MeetingInvitationsView.as_view(),
        name="meeting_invitations",
    ),
    path(
        "meeting/<int:meeting_pk>/invite/",
        views.InviteView.as_view(),
        name="invite",
    ),
    path(
        "meeting/<int:meeting_pk>/retry-failed/",
        views.RetryFailedView.as_view(),
        name="retry_failed",
    ),
    path("person/", views.InvitePersonView.as_view(), name="invite_person"),
]
