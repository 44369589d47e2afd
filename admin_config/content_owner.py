"""Rules for the user who owns the meetings that arrive by synchronization."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cmsync.permissions import ADMINISTRATOR, CREATOR, is_creator

INELIGIBLE_OWNER_MESSAGE = _(
    "%(user)s cannot own synchronized meetings: the content owner must be an "
    "active user with the Creator or Administrator role, so that they can "
    "edit those meetings. Choose another user, or activate %(user)s and add "
    "them to the Creator or Administrator group."
)


def content_owner_candidates():
    """Return the active Creators and Administrators (superusers included)."""
    user_model = get_user_model()
    role_holders = Q(is_superuser=True) | Q(groups__name__in=[CREATOR, ADMINISTRATOR])
    eligible_ids = user_model.objects.filter(role_holders).values("pk")
    return user_model.objects.filter(is_active=True, pk__in=eligible_ids).order_by(
        user_model.USERNAME_FIELD
    )


def is_eligible_content_owner(user) -> bool:
    return user.is_active and is_creator(user)


def validate_content_owner(user) -> None:
    """Raise ValidationError unless the user may own synchronized meetings."""
    if user is not None and not is_eligible_content_owner(user):
        raise ValidationError(
            INELIGIBLE_OWNER_MESSAGE,
            code="content_owner_role",
            params={"user": user.get_username()},
        )
