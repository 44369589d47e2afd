from django.urls import path

from attendees import views

app_name = "attendees"

urlpatterns = [
    path("<int:pk>/", views.AttendeeDetailView.as_view(), name="detail"),
]
