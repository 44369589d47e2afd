from django.urls import path

from admin_config import views

app_name = "admin_config"

urlpatterns = [
    path("", views.SettingsDetailView.as_view(), name="detail"),
    path("edit/", views.SettingsEditView.as_view(), name="edit"),
    path(
        "test-connection/",
        views.TestConnectionView.as_view(),
        name="test_connection",
    ),
    path("create-jobs/", views.CreateJobsView.as_view(), name="create_jobs"),
]
