"""Settings for the test suite: the project settings with test-only secrets."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")
os.environ.setdefault(
    # A fixed Fernet key so encrypted values are reproducible in tests.
    "FIELD_ENCRYPTION_KEYS",
    "dGVzdHMtb25seS1maWVsZC1lbmNyeXB0aW9uLWtleTA=",
)

from cmsync.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Lockouts are tested on their own; elsewhere failed logins must not pile up.
AXES_ENABLED = False

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not SQLite's shared in-memory database: there a second thread
    # gets "table is locked" at once instead of waiting, which breaks the
    # concurrency tests, and worker processes of the live tests cannot see it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / "test-db.sqlite3")  # noqa: F405
    }
