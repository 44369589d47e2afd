"""Project-wide pages: home, the no-access page and the health check."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cmsync.permissions import has_role
from meetings.calendar_views import home_context


@login_required
def home(request):
    # The calendar names its own time zone; the footer would repeat it.
    context = {**home_context(request), "hide_zone_note": True}
    return render(request, "home.html", context)


class LogoutView(auth_views.LogoutView):
    """Logout view that adds a "logged out" message to the login page."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have logged out."))
        return response


@login_required
def no_access(request):
    if has_role(request.user):
        return redirect("home")
    return render(request, "no_access.html", status=403)


def health(request):
    """Liveness and database check for load balancers and compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
