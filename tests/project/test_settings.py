"""Settings come from the environment, with safe defaults and clear failures.

Settings are read once at import, so each case imports them in a fresh
interpreter with a controlled environment.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FERNET_KEY = "dGVzdHMtb25seS1maWVsZC1lbmNyeXB0aW9uLWtleTA="

PROBE = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": db["ENGINE"],
    "db_name": str(db["NAME"]),
    "broker": settings.CELERY_BROKER_URL,
    "hosts": settings.ALLOWED_HOSTS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "static_backend": settings.STORAGES["staticfiles"]["BACKEND"],
    "keys": settings.FIELD_ENCRYPTION_KEYS,
    "read_timeout": settings.CLICKMEETING_READ_TIMEOUT,
}))
"""


def run_python(code, tmp_path, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
        and not key.startswith(("CLICKMEETING_", "FIELD_ENCRYPTION"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cmsync.settings",
        VAR_DIR=str(tmp_path / "var"),
        SECRET_KEY="settings-test-secret-key-" + "x" * 40,
        FIELD_ENCRYPTION_KEYS=FERNET_KEY,
    )
    for key, value in env_overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def load_settings(tmp_path, **env_overrides):
    result = run_python(PROBE, tmp_path, PYTHONPATH=str(ROOT), **env_overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_are_safe_and_embedded(tmp_path):
    values = load_settings(tmp_path)

    assert values["debug"] is False
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["db_name"] == str(tmp_path / "var" / "db.sqlite3")
    assert values["broker"] == "filesystem://localhost//"
    assert values["static_backend"].startswith("whitenoise.")
    assert values["ssl_redirect"] is False
    assert values["read_timeout"] == 60.0


def test_environment_overrides_defaults(tmp_path):
    values = load_settings(
        tmp_path,
        DATABASE_URL="postgres://someone:pw@127.0.0.1:5432/somedb",
        REDIS_URL="redis://127.0.0.1:6379/3",
        DEBUG="1",
        ALLOWED_HOSTS="crm.example.com,other.example.com",
        SECURE_SSL="1",
        CLICKMEETING_READ_TIMEOUT="90",
    )

    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["db_name"] == "somedb"
    assert values["broker"] == "redis://127.0.0.1:6379/3"
    assert values["hosts"] == ["crm.example.com", "other.example.com"]
    assert values["ssl_redirect"] is True
    assert values["read_timeout"] == 90.0


def test_missing_secret_key_is_a_clear_startup_error(tmp_path):
    result = run_python("", tmp_path, PYTHONPATH=str(ROOT), SECRET_KEY=None)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_missing_encryption_key_is_an_error_in_production(tmp_path):
    result = run_python("", tmp_path, PYTHONPATH=str(ROOT), FIELD_ENCRYPTION_KEYS=None)

    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS is not set" in result.stderr


def test_debug_derives_a_local_encryption_key(tmp_path):
    values = load_settings(tmp_path, FIELD_ENCRYPTION_KEYS=None, DEBUG="1")

    assert len(values["keys"]) == 1
    assert values["keys"][0] != FERNET_KEY


def test_deploy_check_reports_only_what_needs_real_tls(tmp_path):
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy"],
        cwd=ROOT,
        env={
            # The browser tests allow async-unsafe calls; production never does.
            **{
                key: value
                for key, value in os.environ.items()
                if key not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
            },
            "DJANGO_SETTINGS_MODULE": "cmsync.settings",
            "VAR_DIR": str(tmp_path / "var"),
            "SECRET_KEY": "deploy-check-" + "k" * 60,
            "FIELD_ENCRYPTION_KEYS": FERNET_KEY,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    reported = set(re.findall(r"\(((?:security|[a-z_]+)\.[EW]\d+)\)", result.stderr))
    needs_tls = {
        "security.W004",  # HSTS
        "security.W008",  # SSL redirect
        "security.W012",  # secure session cookie
        "security.W016",  # secure CSRF cookie
    }

    assert not any(".E" in check for check in reported), result.stderr
    assert reported <= needs_tls, result.stderr


def test_env_example_lists_every_setting_read_from_the_environment():
    settings_source = (ROOT / "cmsync" / "settings.py").read_text()
    example = (ROOT / ".env.example").read_text()
    read = set(
        re.findall(
            r"""\.(?:str|bool|int|float|list|db)\(\s*"([A-Z_]+)\"""", settings_source
        )
    )
    listed = set(re.findall(r"^#? ?([A-Z][A-Z_]+)=", example, flags=re.MULTILINE))

    assert read, "no settings found: the pattern no longer matches settings.py"
    assert read - listed == set()
    assert listed - read == set()


@pytest.mark.parametrize("path", [".env", "var/"])
def test_local_state_is_ignored_by_git(path):
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert path.rstrip("/") + "/" in ignored or path in ignored
