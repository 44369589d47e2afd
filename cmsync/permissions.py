"""Roles and the permission layer every view uses.

The three roles are Django groups (created by a data migration in
admin_config). Object-level rules (owner or administrator) are `rules`
predicates, so views check them with `user.has_perm(name, obj)`.
"""

import rules
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext, pgettext_lazy

VIEWER = "Viewer"
CREATOR = "Creator"
ADMINISTRATOR = "Administrator"
ROLES = (VIEWER, CREATOR, ADMINISTRATOR)
# Display names of the roles. The group names themselves stay untranslated.
ROLE_LABELS = {
    VIEWER: pgettext_lazy("role", "Viewer"),
    CREATOR: pgettext_lazy("role", "Creator"),
    ADMINISTRATOR: pgettext_lazy("role", "Administrator"),
}


def _group_names(user):
    # Cached on the user object: the role is checked several times a request.
    if not hasattr(user, "_role_names"):
        user._role_names = frozenset(
            user.groups.filter(name__in=ROLES).values_list("name", flat=True)
        )
    return user._role_names


@rules.predicate
def is_administrator(user):
    return user.is_authenticated and (
        user.is_superuser or ADMINISTRATOR in _group_names(user)
    )


@rules.predicate
def is_creator(user):
    """Creators and administrators: the roles that may create records."""
    return user.is_authenticated and (
        is_administrator(user) or CREATOR in _group_names(user)
    )


@rules.predicate
def has_role(user):
    return user.is_authenticated and (user.is_superuser or bool(_group_names(user)))


@rules.predicate
def is_owner(user, record):
    return record is not None and getattr(record, "owner_id", None) == user.pk


can_edit_owned = is_administrator | (is_creator & is_owner)


def role_of(user):
    """Return the highest role name of a user, or None."""
    if is_administrator(user):
        return ADMINISTRATOR
    if is_creator(user):
        return CREATOR
    if has_role(user):
        return VIEWER
    return None


def role_context(request):
    """Template context: the current user's role flags for navigation."""
    user = request.user
    role = role_of(user)
    return {
        "user_role": role,
        "user_role_label": ROLE_LABELS.get(role, ""),
        "user_is_administrator": is_administrator(user),
        "user_is_creator": is_creator(user),
    }


# URL names reachable by a logged-in user who has no role yet.
ROLE_EXEMPT_URL_NAMES = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "no_access",
    "set_language",
}
ROLE_EXEMPT_PREFIXES = ("/admin/", "/static/", "/health/")


class RoleRequiredMiddleware:
    """Show the "ask an administrator for access" page to users with no role.

    Anonymous users pass through, so each view's login check redirects them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Runs after Django resolved the URL, so the match is not computed
        # twice; unknown URLs never get here and keep Django's own 404.
        if self._needs_role(request) and not has_role(request.user):
            return render(request, "no_access.html", status=403)
        return None

    @staticmethod
    def _needs_role(request):
        if not request.user.is_authenticated:
            return False
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        if request.path.startswith((*ROLE_EXEMPT_PREFIXES, static_prefix)):
            return False
        return request.resolver_match.url_name not in ROLE_EXEMPT_URL_NAMES


class RoleRequiredMixin(LoginRequiredMixin):
    """Log-in required, then one predicate on the user (any role by default)."""

    role_predicate = has_role

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.role_predicate(request.user):
            raise PermissionDenied(gettext("Your role does not allow this page."))
        return super().dispatch(request, *args, **kwargs)


class ViewerRequiredMixin(RoleRequiredMixin):
    role_predicate = has_role


class CreatorRequiredMixin(RoleRequiredMixin):
    role_predicate = is_creator


class AdministratorRequiredMixin(RoleRequiredMixin):
    role_predicate = is_administrator


class OwnerOrAdministratorMixin(CreatorRequiredMixin):
    """For detail-style views of an owned record: only its owner or an
    administrator passes. The view provides `get_object()`."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and is_creator(request.user):
            record = self.get_object()
            if not can_edit_owned(request.user, record):
                raise PermissionDenied(
                    gettext("Only the owner or an administrator may do this.")
                )
        return super().dispatch(request, *args, **kwargs)
