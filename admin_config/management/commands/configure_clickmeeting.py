"""Point the application at a ClickMeeting endpoint from the command line."""

import sys
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from admin_config.content_owner import validate_content_owner
from admin_config.models import ApiKeyUnreadableError, SyncFrequency
from admin_config.services import get_config, save_config
from admin_config.validators import is_loopback_host, validate_api_key


class Command(BaseCommand):
    help = (
        "Set the ClickMeeting endpoint and API key, and optionally the "
        "invitation language, content owner, frequency and start date. "
        "Running it twice with the same arguments changes nothing."
    )
    # Tests pass a file object here in place of the process's standard input.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "--endpoint", required=True, help="Base URL of the ClickMeeting API."
        )
        parser.add_argument(
            "--api-key",
            required=True,
            help='API key; "-" reads it from standard input instead.',
        )
        parser.add_argument(
            "--only-if-unset",
            action="store_true",
            help=(
                "Change nothing when a real account is configured: an API key "
                "is stored for an endpoint that is not on localhost. A stored "
                "sandbox (localhost) configuration is replaced."
            ),
        )
        parser.add_argument(
            "--language", help="Invitation e-mail language code, for example en."
        )
        parser.add_argument(
            "--content-owner",
            metavar="USERNAME",
            help=(
                "User who owns meetings that arrive by synchronization: an "
                "active user in the Creator or Administrator group."
            ),
        )
        parser.add_argument(
            "--frequency",
            type=int,
            choices=SyncFrequency.values,
            help="Synchronization frequency in minutes.",
        )
        parser.add_argument(
            "--start-date",
            metavar="YYYY-MM-DD",
            help=(
                "Synchronization start date, today or earlier: meetings that "
                "ended before it are not imported."
            ),
        )

    def handle(self, *args, **options):
        config = get_config()
        if options["only_if_unset"] and _has_real_account(config):
            self.stdout.write(
                "A ClickMeeting API key for a remote endpoint is already "
                "configured; nothing changed."
            )
            return

        stdin = options.get("stdin") or sys.stdin
        api_key = self._read_api_key(options["api_key"], stdin)
        config.endpoint_url = options["endpoint"]
        if _stored_api_key(config) != api_key:
            # Encryption output differs on every call, so an unchanged key is
            # left as it is to keep repeated runs from rewriting the row.
            config.set_api_key(api_key)
        if options["language"]:
            config.invitation_language = options["language"]
        if options["content_owner"]:
            config.sync_content_owner = _find_content_owner(options["content_owner"])
        if options["frequency"]:
            config.sync_frequency_minutes = options["frequency"]
        if options["start_date"]:
            config.sync_start_date = _parse_start_date(options["start_date"])

        try:
            config.full_clean()
        except ValidationError as exc:
            raise CommandError(_format_errors(exc)) from exc
        save_config(config)
        self.stdout.write(
            self.style.SUCCESS(
                f"ClickMeeting configured: endpoint {config.endpoint_url}, "
                f"API key {config.masked_api_key}."
            )
        )

    def _read_api_key(self, value, stdin):
        if value == "-":
            value = stdin.readline()
        value = value.strip()
        if not value:
            raise CommandError("The API key is empty.")
        try:
            validate_api_key(value)
        except ValidationError as exc:
            raise CommandError(_format_errors(exc)) from exc
        return value


def _stored_api_key(config):
    try:
        return config.api_key
    except ApiKeyUnreadableError:
        return None


def _has_real_account(config):
    if not config.has_readable_api_key:
        return False
    return not is_loopback_host(urlsplit(config.endpoint_url).hostname)


def _find_content_owner(username):
    user_model = get_user_model()
    try:
        user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
    except user_model.DoesNotExist:
        raise CommandError(f"No user named {username!r} exists.") from None
    try:
        validate_content_owner(user)
    except ValidationError as exc:
        raise CommandError(
            f"Invalid --content-owner {username!r}: {' '.join(exc.messages)}"
        ) from exc
    return user


def _parse_start_date(value):
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise CommandError(f"Invalid --start-date {value!r}: use YYYY-MM-DD.")
    return parsed


def _format_errors(exc):
    if hasattr(exc, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}"
            for field, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)
