"""The clickmeeting_sandbox management command."""

import os
import re
import subprocess
import sys
from pathlib import Path

import requests

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_command_serves_seeded_api_on_loopback():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "manage.py",
            "clickmeeting_sandbox",
            "--port",
            "0",
            "--seed",
            "demo",
            "--api-key",
            "test-key",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.search(
            r"endpoint (http://127\.0\.0\.1:\d+/v1/) api key test-key", line
        )
        assert match, line
        session = requests.Session()
        session.trust_env = False
        rooms = session.get(
            match.group(1) + "conferences/active",
            headers={"X-Api-Key": "test-key"},
            timeout=5,
        )
        assert rooms.status_code == 200
        assert "Weekly Product Demo" in {room["name"] for room in rooms.json()}
    finally:
        process.terminate()
        process.wait(timeout=10)
