"""Project-wide pages: home, the no-access page and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from cmsync.permissions import has_role
from meetings.calendar_views import home_context


@login_required
def home(request):
    return render(request, "home.html", home_context(request))


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
