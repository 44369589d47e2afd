"""The compose stack and the image start real parts of this project.

Docker cannot run here, so these tests read docker-compose.yml and the
Dockerfile and check that every command names a module, attribute,
management command or Celery subcommand that exists.
"""

import importlib
import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from celery.bin.celery import celery as celery_cli
from django.core.management import get_commands
from django.urls import resolve

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
BUILT_SERVICES = {name: spec for name, spec in SERVICES.items() if "build" in spec}


def as_argv(command):
    return list(command) if isinstance(command, list) else shlex.split(command)


def dockerfile_cmd():
    match = re.search(r"^CMD (\[.*\])$", (ROOT / "Dockerfile").read_text(), re.M)
    return json.loads(match.group(1))


def check_runs_project_code(argv):
    program, *args = argv
    if program == "python" and args[:1] == ["manage.py"]:
        assert args[1] in get_commands(), f"no management command {args[1]!r}"
    elif program == "gunicorn":
        module_name, attribute = args[0].split(":")
        assert callable(getattr(importlib.import_module(module_name), attribute))
    elif program == "celery":
        assert args[0] == "-A"
        app = importlib.import_module(f"{args[1]}.celery").app
        assert app.main == args[1]
        assert args[2] in celery_cli.commands, f"no celery command {args[2]!r}"
    else:
        pytest.fail(f"unexpected program {program!r} in {argv}")


def test_stack_has_every_production_part():
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(SERVICES)
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert "healthcheck" in SERVICES[name], f"{name} has no health check"


@pytest.mark.parametrize("name", sorted(BUILT_SERVICES))
def test_service_command_resolves_to_project_code(name):
    check_runs_project_code(as_argv(BUILT_SERVICES[name]["command"]))


def test_image_default_command_resolves_to_project_code():
    check_runs_project_code(dockerfile_cmd())


def test_web_health_check_points_at_a_real_url():
    test_command = " ".join(SERVICES["web"]["healthcheck"]["test"])
    path = re.search(r"127\.0\.0\.1:8000(/[^'\"]*)", test_command).group(1)

    assert resolve(path).url_name == "health"


def test_app_services_take_settings_from_the_environment():
    for name in ("web", "worker", "beat"):
        environment = BUILT_SERVICES[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://")
        assert "${SECRET_KEY" in environment["SECRET_KEY"]


@pytest.mark.django_db
def test_health_endpoint_answers(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
