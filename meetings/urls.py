from django.urls import path  # noqa: F401

from meetings import activity_urls

app_name = "meetings"

urlpatterns = []

# Sessions, polls, chat, files and CSV exports of a meeting.
urlpatterns += activity_urls.urlpatterns
