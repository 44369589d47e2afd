"""Logging in and out in a real browser."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_shows_navigation_for_the_role(log_in, administrator):
    page = log_in(administrator)

    navigation = page.get_by_role("navigation")
    assert navigation.get_by_role("link", name="Meetings").is_visible()
    assert navigation.get_by_role("link", name="Settings").is_visible()


def test_wrong_password_is_refused_with_a_message(page, viewer):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(viewer.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()

    assert "/accounts/login/" in page.url
    assert page.get_by_text("correct username and password").is_visible()


def test_user_without_role_is_asked_to_request_access(log_in, no_group_user):
    page = log_in(no_group_user)

    assert page.get_by_text("administrator").first.is_visible()
