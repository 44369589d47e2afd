"""Serve the ClickMeeting sandbox (a local API simulator) on 127.0.0.1."""

import logging

from django.core.management.base import BaseCommand, CommandError

from cmsync.sandbox.server import build_sandbox
from cmsync.sandbox.state import DEFAULT_API_KEY

logger = logging.getLogger(__name__)
DEFAULT_PORT = 8765


class Command(BaseCommand):
    help = (
        "Serve a local simulator of the ClickMeeting REST API v1 on 127.0.0.1 "
        "until interrupted. State is kept in memory for the life of the process."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=DEFAULT_PORT,
            help=f"TCP port on 127.0.0.1 (default {DEFAULT_PORT}; 0 picks a free one).",
        )
        parser.add_argument(
            "--seed",
            default=None,
            help="Start with data: 'demo', or 'bench:M,A' for M meetings "
            "with A attendees each.",
        )
        parser.add_argument(
            "--api-key",
            default=DEFAULT_API_KEY,
            help=f"API key the sandbox accepts (default {DEFAULT_API_KEY!r}, "
            "a sandbox key, not a secret).",
        )

    def handle(self, *args, port, seed, api_key, **options):
        if not api_key:
            raise CommandError("--api-key must not be empty.")
        try:
            sandbox = build_sandbox(port=port, api_key=api_key, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Cannot listen on 127.0.0.1:{port}: {error}") from error
        self.stdout.write(
            f"ClickMeeting sandbox: endpoint {sandbox.endpoint} api key {api_key} "
            f"(control {sandbox.base_url}/_sandbox/)"
        )
        self.stdout.flush()
        try:
            sandbox.server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            logger.info("Sandbox interrupted")
        finally:
            sandbox.app.stopping.set()
            sandbox.server.server_close()
