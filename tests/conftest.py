"""Personas shared by every test: one user per role, plus no-group users."""

import pytest
from django.contrib.auth.models import Group, User

from cmsync.permissions import ADMINISTRATOR, CREATOR, VIEWER

pytest_plugins = ["cmsync.sandbox.pytest_plugin"]

PASSWORD = "correct-horse-battery-staple"


def make_user(username, role=None, **extra):
    user = User.objects.create_user(
        username, f"{username}@example.com", PASSWORD, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def viewer(db):
    return make_user("viewer", VIEWER)


@pytest.fixture
def creator(db):
    """A Creator who owns the records a test makes for them."""
    return make_user("creator", CREATOR)


@pytest.fixture
def other_creator(db):
    """A Creator who owns nothing the test looks at."""
    return make_user("other_creator", CREATOR)


@pytest.fixture
def administrator(db):
    return make_user("administrator", ADMINISTRATOR, is_staff=True)


@pytest.fixture
def no_group_user(db):
    return make_user("newcomer")


@pytest.fixture
def login(client):
    """Log a persona in on the test client and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


def pytest_collection_modifyitems(config, items):
    """Benchmarks run only when asked for with `-m bench` (see `make bench`)."""
    if "bench" in (config.option.markexpr or ""):
        return
    skip_bench = pytest.mark.skip(reason="benchmark: run with `make bench`")
    for item in items:
        if "bench" in item.keywords:
            item.add_marker(skip_bench)
