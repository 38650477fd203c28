"""Security headers on every answer, and forwarded headers believed only from trusted proxies."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from antifraud.settings import get_settings

# NiceGUI's page template runs inline scripts and Vue compiles templates in the browser, and Quasar
# sets inline styles: those need 'unsafe-inline'/'unsafe-eval'. Everything else is this origin
# only, so no script, frame, form target or connection can reach another site.
APP_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
           "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
           "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
           "form-action 'self'; frame-ancestors 'none'")
# FastAPI's interactive API documentation loads Swagger UI / ReDoc from their CDN.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
            "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
            "https://cdn.redoc.ly; worker-src 'self' blob:; object-src 'none'; frame-ancestors 'none'")
DOCS_PATHS = ("/docs", "/redoc")
HSTS = "max-age=31536000; includeSubDomains"
COMMON = ((b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
          (b"referrer-policy", b"same-origin"), (b"cross-origin-opener-policy", b"same-origin"),
          (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"))


def security_headers(scope: Scope) -> list[tuple[bytes, bytes]]:
    """The headers every HTTP answer carries; HSTS only when the request came over TLS."""
    path = scope.get("path", "")
    csp = DOCS_CSP if path.startswith(DOCS_PATHS) else APP_CSP
    headers = [(b"content-security-policy", csp.encode()), *COMMON]
    if scope.get("scheme") == "https":
        headers.append((b"strict-transport-security", HSTS.encode()))
    return headers


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response (pure ASGI, so streaming stays streaming)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the call on, adding headers to the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *[(n, v) for n, v in extra if n not in present]]
            await send(message)

        await self.app(scope, receive, send_with_headers)


# How every command that serves the platform runs uvicorn. Forwarded headers are believed only as
# ANTIFRAUD_TRUSTED_PROXIES says (install_security), not by uvicorn's own default of trusting 127.0.0.1.
# Idle connections are kept longer than clients pause between calls (uvicorn's 5 s default closes
# them under a client about to reuse them).
UVICORN_OPTIONS: dict[str, object] = {"proxy_headers": False, "timeout_keep_alive": 75}


def trusted_proxies() -> list[str]:
    """Addresses whose X-Forwarded-Proto/-For are believed (empty: none)."""
    raw = get_settings().trusted_proxies.strip()
    return [p.strip() for p in raw.split(",") if p.strip()]


def install_security(app: FastAPI) -> None:
    """Security headers on every answer; forwarded scheme and client believed from trusted proxies only."""
    app.add_middleware(SecurityHeadersMiddleware)
    proxies = trusted_proxies()
    if proxies:
        # Added last, so it runs first: the headers middleware then sees the real scheme (HSTS).
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=proxies)
