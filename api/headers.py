"""Security headers on every answer, as plain ASGI middleware (Starlette's
BaseHTTPMiddleware runs each request through an extra task and stream: a measurable
share of an upload's time under load)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BASE_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                "Referrer-Policy": "same-origin"}
LOCKED_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
OPENAPI_PAGES = {"/docs", "/redoc", "/docs/oauth2-redirect"}


class SecurityHeaders:
    """No sniffing, no framing, no referrer leaks; JSON and files run nothing (the
    OpenAPI pages keep their own scripts). A header a route set itself is kept."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        locked = scope["path"] not in OPENAPI_PAGES

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in BASE_HEADERS.items():
                    headers.setdefault(name, value)
                if locked:
                    headers.setdefault("Content-Security-Policy", LOCKED_CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)
