"""A client wrapper that spaces out ClickMeeting calls.

ClickMeeting documents no request quota. Its own clients call the API one
request at a time, and the recommendation for long jobs is to stay serial,
so the historical import goes through this wrapper with a minimum interval
between calls (`SYNC_HISTORY_MIN_CALL_INTERVAL_SECONDS`).
"""

import time


class ThrottledClient:
    """Proxy of a ClickMeetingClient that waits between public method calls.

    One method call can make several HTTP requests: pages of a list, or
    retries, which the client already spaces with back-off. The interval
    applies between method calls.
    """

    def __init__(self, client, min_interval: float, *, sleep=time.sleep, clock=None):
        self._client = client
        self._min_interval = max(0.0, min_interval)
        self._sleep = sleep
        self._clock = clock or time.monotonic
        self._last_call = None

    @property
    def call_count(self) -> int:
        return self._client.call_count

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if name.startswith("_") or not callable(attribute):
            return attribute

        def throttled(*args, **kwargs):
            self._wait()
            try:
                return attribute(*args, **kwargs)
            finally:
                self._last_call = self._clock()

        return throttled

    def _wait(self) -> None:
        if self._last_call is None or not self._min_interval:
            return
        remaining = self._min_interval - (self._clock() - self._last_call)
        if remaining > 0:
            self._sleep(remaining)
