"""URL confs for the invite-button tests: with and without the invitations page,
whichever state the project's own invitations app is in."""

from django.http import HttpResponse
from django.urls import include, path

from cmsync.urls import urlpatterns as project_urlpatterns


def placeholder_view(request):
    return HttpResponse("invitations")


without_invitations = [
    pattern
    for pattern in project_urlpatterns
    if getattr(pattern, "namespace", None) != "invitations"
]
invitation_patterns = [path("person/", placeholder_view, name="invite_person")]


class WithInvitePage:
    urlpatterns = without_invitations + [
        path("invitations/", include((invitation_patterns, "invitations")))
    ]


class WithoutInvitePage:
    urlpatterns = without_invitations
