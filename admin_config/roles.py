"""Model permissions of each role's group.

Rules are patterns over (app label, permission codename), so a model added
later gets the right permissions as soon as it is migrated.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from cmsync.permissions import ADMINISTRATOR, CREATOR, ROLES, VIEWER

PRODUCT_APPS = ("crm", "meetings", "invitations", "attendees", "sync")

# Creators may add and change records; ownership is checked per object by
# the rules in cmsync.permissions.
CREATOR_CODENAMES = {
    "add_account",
    "change_account",
    "add_contact",
    "change_contact",
    "add_lead",
    "change_lead",
    "add_meeting",
    "change_meeting",
    "assign_meeting",
    "import_meeting",
    "add_invitation",
}
ADMINISTRATOR_EXTRA_APPS = ("admin_config", "auth", "django_celery_beat")


def permissions_for(role, permissions):
    """Select, from (app_label, codename) pairs, those a role's group holds."""
    selected = set()
    for app_label, codename in permissions:
        is_product = app_label in PRODUCT_APPS
        if is_product and codename.startswith("view_"):
            selected.add((app_label, codename))
        elif role in (CREATOR, ADMINISTRATOR) and codename in CREATOR_CODENAMES:
            selected.add((app_label, codename))
        elif role == ADMINISTRATOR and (
            is_product or app_label in ADMINISTRATOR_EXTRA_APPS
        ):
            selected.add((app_label, codename))
    return selected


def sync_role_groups(apps=None, using="default"):
    """Create the three role groups and give each exactly its permissions."""
    if apps is not None:
        # Inside a migration, permissions of freshly migrated models exist
        # only after create_permissions has run for their app.
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0, using=using)
            app_config.models_module = None
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    else:
        from django.apps import apps as global_apps

        for app_config in global_apps.get_app_configs():
            create_permissions(app_config, verbosity=0, using=using)
        group_model, permission_model = Group, Permission

    all_permissions = list(
        permission_model.objects.using(using).values_list(
            "id", "content_type__app_label", "codename"
        )
    )
    for role in ROLES:
        group, _ = group_model.objects.using(using).get_or_create(name=role)
        wanted = permissions_for(role, [(a, c) for _, a, c in all_permissions])
        ids = [pk for pk, a, c in all_permissions if (a, c) in wanted]
        group.permissions.set(ids)


__all__ = ["ADMINISTRATOR", "CREATOR", "VIEWER", "sync_role_groups", "permissions_for"]
