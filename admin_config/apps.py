from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_role_groups(sender, using="default", **kwargs):
    from admin_config.roles import sync_role_groups

    sync_role_groups(using=using)


class AdminConfigConfig(AppConfig):
    name = "admin_config"
    verbose_name = "ClickMeeting settings"

    def ready(self):
        # Models migrated after the roles migration (new apps, new models)
        # get their permissions assigned to the role groups here.
        post_migrate.connect(
            _sync_role_groups, sender=self, dispatch_uid="sync_role_groups"
        )
