from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cmsync import views

urlpatterns = [
    path("", views.home, name="home"),
    path("no-access/", views.no_access, name="no_access"),
    path("health/", views.health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("settings/", include("admin_config.urls")),
    path("crm/", include("crm.urls")),
    path("meetings/", include("meetings.urls")),
    path("invitations/", include("invitations.urls")),
    path("attendees/", include("attendees.urls")),
    path("sync/", include("cmsync.sync.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
