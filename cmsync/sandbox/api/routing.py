"""URL patterns of the simulated API and the dispatch to their handlers."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..http import ApiError, Request, Response
from ..serializers import Context

Handler = Callable[..., Response]


@dataclass
class Route:
    method: str
    pattern: re.Pattern
    handler: Handler


class Router:
    """Match "METHOD path" (relative to /v1/, without `.json`) to a handler."""

    def __init__(self):
        self.routes: list[Route] = []

    def add(self, method: str, pattern: str):
        # `{name}` matches one path segment, passed to the handler as a str.
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern)

        def register(handler: Handler) -> Handler:
            self.routes.append(Route(method, re.compile(f"^{regex}$"), handler))
            return handler

        return register

    def dispatch(self, request: Request, path: str, context: Context) -> Response:
        path_matched = False
        for route in self.routes:
            match = route.pattern.match(path)
            if not match:
                continue
            path_matched = True
            if route.method == request.method:
                return route.handler(request, context, **match.groupdict())
        if path_matched:
            raise ApiError(405, f"Method {request.method} is not allowed on {path}")
        raise ApiError(404, f"Unknown API path: {path}")


router = Router()


def integer_id(text: str, what: str) -> int:
    """Parse an id from the path; a non-numeric id is an unknown object (404)."""
    if not text.isdigit():
        raise ApiError(404, f"{what} not found")
    return int(text)
