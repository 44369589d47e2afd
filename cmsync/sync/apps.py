from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "cmsync.sync"
    label = "sync"
    verbose_name = "Synchronization"
