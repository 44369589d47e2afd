"""Serve the ClickMeeting sandbox (a local API simulator) on 127.0.0.1."""

import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from cmsync.sandbox.persistence import StateFileError
from cmsync.sandbox.server import build_sandbox
from cmsync.sandbox.state import DEFAULT_API_KEY

logger = logging.getLogger(__name__)
DEFAULT_PORT = 8765


def stop_on_signal(server):
    """Return a signal handler that ends serve_forever without raising.

    An exception raised from a handler can interrupt the main thread while it
    owns a lock (logging's, for example) and leave that lock taken, so the
    final save hangs. Calling shutdown() from another thread instead ends the
    loop between requests.
    """

    def handler(signum, frame):
        logger.info("Sandbox received signal %s, stopping", signum)
        threading.Thread(target=server.shutdown, daemon=True).start()

    return handler


class Command(BaseCommand):
    help = (
        "Serve a local simulator of the ClickMeeting REST API v1 on 127.0.0.1 "
        "until interrupted. State is kept in memory, and also in a JSON file "
        "with --state-file."
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
            "with A attendees each. With --state-file, seeds only when the "
            "file holds no saved state.",
        )
        parser.add_argument(
            "--api-key",
            default=DEFAULT_API_KEY,
            help=f"API key the sandbox accepts (default {DEFAULT_API_KEY!r}, "
            "a sandbox key, not a secret).",
        )
        parser.add_argument(
            "--state-file",
            default=None,
            metavar="PATH",
            help="JSON file to load the state from at start and to save it to "
            "after every change and at exit. An unreadable file is renamed to "
            "PATH.broken-<time> and the sandbox starts fresh.",
        )

    def handle(self, *args, port, seed, api_key, state_file, **options):
        if not api_key:
            raise CommandError("--api-key must not be empty.")
        try:
            sandbox = build_sandbox(
                port=port, api_key=api_key, seed=seed, state_file=state_file
            )
        except (ValueError, StateFileError) as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Cannot listen on 127.0.0.1:{port}: {error}") from error
        # `make run` stops its children with SIGTERM. Leave the loop cleanly so
        # the state file gets its final save. The handler is installed before
        # the start line is printed, because a reader of that line may signal
        # at once.
        previous_handler = signal.signal(signal.SIGTERM, stop_on_signal(sandbox.server))
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
            signal.signal(signal.SIGTERM, previous_handler)
            sandbox.app.stopping.set()
            sandbox.server.server_close()
            sandbox.save_state()
