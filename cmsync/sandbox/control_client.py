"""Python wrapper of the /_sandbox/ control interface, over HTTP.

It works against a sandbox in this process or in another one:
`SandboxControl("http://127.0.0.1:8765")`.
"""

import requests

TIMEOUT_SECONDS = 30


class SandboxControlError(RuntimeError):
    """Raised when the control interface rejects a request; carries its message."""


class SandboxControl:
    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.http = requests.Session()
        # Loopback traffic must never go through a proxy from the environment.
        self.http.trust_env = False

    def call(self, method: str, path: str, payload=None, params=None):
        response = self.http.request(
            method,
            f"{self.base_url}/_sandbox/{path}",
            json=payload,
            params=params,
            timeout=TIMEOUT_SECONDS,
        )
        body = response.json()
        if response.status_code >= 400:
            raise SandboxControlError(
                f"{method} /_sandbox/{path} failed ({response.status_code}): "
                f"{body.get('error')}"
            )
        return body

    def reset(self) -> None:
        self.call("POST", "reset", {})

    def state(self) -> dict:
        return self.call("GET", "state")

    def seed_demo(self) -> dict:
        return self.call("POST", "seed/demo", {})

    def seed_bench(self, meetings: int, attendees: int) -> dict:
        return self.call(
            "POST", "seed/bench", {"meetings": meetings, "attendees": attendees}
        )

    def simulate_meeting(self, room_id: int, **options) -> dict:
        """Hold a meeting in the room; see simulation.MeetingOptions for options."""
        if "start" in options and hasattr(options["start"], "isoformat"):
            options["start"] = options["start"].isoformat()
        return self.call("POST", f"conferences/{room_id}/simulate", options)

    def sent_invitations(self) -> list[dict]:
        return self.call("GET", "invitations")["invitations"]

    def inject_fault(
        self,
        kind: str,
        count: int = 1,
        path: str | None = None,
        retry_after: int | None = 1,
        seconds: float = 0.0,
        status: int | None = None,
        method: str | None = None,
    ) -> dict:
        """Add a fault for the next `count` matching requests; see faults.KINDS."""
        fault = {
            "kind": kind,
            "count": count,
            "path": path,
            "retry_after": retry_after,
            "seconds": seconds,
            "status": status,
            "method": method,
        }
        return self.call("POST", "faults", fault)

    def faults(self) -> dict:
        return self.call("GET", "faults")

    def clear_faults(self) -> None:
        self.call("DELETE", "faults")

    def request_count(self, path: str | None = None) -> int:
        """Count API requests since the last reset, or those whose path matches."""
        return self.call("GET", "requests", params={"path": path} if path else None)[
            "count"
        ]

    def requests(self, path: str | None = None) -> list[dict]:
        params = {"path": path} if path else None
        return self.call("GET", "requests", params=params)["requests"]

    def clear_requests(self) -> None:
        self.call("DELETE", "requests")

    def options(self) -> dict:
        return self.call("GET", "options")

    def set_options(self, **options) -> dict:
        return self.call("POST", "options", options)
