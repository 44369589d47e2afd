"""Pages of what a meeting produced: sessions, poll answers, chat and files.

meetings/urls.py appends these patterns to the "meetings" namespace.
"""

from django.urls import path

from meetings.activity import views

urlpatterns = [
    path("<int:pk>/sessions/", views.SessionListView.as_view(), name="sessions"),
    path(
        "<int:pk>/sessions/<int:session_pk>/",
        views.SessionDetailView.as_view(),
        name="session_detail",
    ),
    path("<int:pk>/polls/", views.PollListView.as_view(), name="polls"),
    path("<int:pk>/chat/", views.ChatListView.as_view(), name="chat"),
    path("<int:pk>/files/", views.FileListView.as_view(), name="files"),
    path(
        "<int:pk>/files/<int:file_pk>/download/",
        views.FileDownloadView.as_view(),
        name="file_download",
    ),
    path("<int:pk>/export/<slug:kind>.csv", views.ExportView.as_view(), name="export"),
]
