"""The guard in front of every request: the page handles patient-sensitive text and a browser runs other sites' code.

* **Host check** (DNS rebinding): a request whose ``Host`` is not the loopback
  name and port being served (``127.0.0.1:PORT``, ``localhost:PORT``,
  ``[::1]:PORT``, or the address given with ``--host``) is refused with 421; a
  missing ``Host`` with 400.
* **Origin check**: a request carrying an ``Origin`` (or ``Sec-Fetch-Site:
  cross-site``) that is not the served origin is refused with 403. No CORS
  headers are ever sent, so other sites cannot read any answer either.
* **Strict headers** on every response: a Content-Security-Policy that allows
  only the page's own files, ``nosniff``, no referrer, no caching, no framing.
* **Size limit**: a body over :data:`MAX_BODY` bytes gets 413 (checked against
  ``Content-Length`` and again while reading, for chunked bodies).
* **JSON only**: a POST must say ``Content-Type: application/json`` (415).
* **No tracebacks**: an exception inside the app becomes a plain 500 JSON
  error; only the exception's type name is logged, never its message (which
  could quote the draft).

Written as plain ASGI middleware so it needs nothing from Starlette.
"""

from __future__ import annotations

import json
import logging

MAX_BODY = 256 * 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARD = {"0.0.0.0", "::", "[::]", ""}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
log = logging.getLogger("govlint.web")


def is_loopback(host: str) -> bool:
    h = host.strip().lower().strip("[]")
    return h in ("localhost", "::1") or h.startswith("127.")


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values the server answers to."""
    names = set(LOOPBACK_NAMES)
    h = host.strip().lower()
    if h not in WILDCARD:
        names.add(f"[{h}]" if ":" in h and not h.startswith("[") else h)
    out = {f"{n}:{port}" for n in names}
    if port == 80:
        out |= names
    return frozenset(out)


def _header(scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", []):
        if k == name:
            return v.decode("latin-1")
    return None


async def send_error(send, status: int, message: str, extra_headers=()) -> None:
    body = json.dumps({"error": message, "status": status}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *HEADERS, *extra_headers]})
    await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


class SecurityMiddleware:
    def __init__(self, app, *, hosts: frozenset[str], max_body: int = MAX_BODY):
        self.app = app
        self.hosts = hosts
        self.origins = frozenset(f"http://{h}" for h in hosts)
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            if scope["type"] == "websocket":  # the page uses none; refuse rather than guess
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal:
            await send_error(send, *refusal)
            return
        method = scope["method"]
        if method in ("POST", "PUT", "PATCH", "DELETE"):
            ctype = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
            if ctype != "application/json":
                await send_error(send, 415, "send the request body as JSON with Content-Type: application/json")
                return
            try:
                receive = await self._buffered(scope, receive)
            except _TooLarge:
                await send_error(send, 413, f"the request is larger than {self.max_body // 1024} KB; "
                                            "a social-media draft is far shorter — check less text at once",
                                 [(b"connection", b"close")])
                return
        await self._run(scope, receive, send)

    def _refusal(self, scope) -> tuple[int, str] | None:
        host = _header(scope, b"host")
        if not host:
            return 400, "the request has no Host header"
        if host.lower() not in self.hosts:
            return 421, (f"this govlint server only answers requests addressed to {sorted(self.hosts)[0]} "
                         "(Host header not recognised; it protects your drafts from other websites)")
        origin = _header(scope, b"origin")
        if origin is not None and origin.lower() not in self.origins:
            return 403, "cross-origin requests are refused: only the govlint page itself may call this server"
        if origin is None and (_header(scope, b"sec-fetch-site") or "") == "cross-site" and scope["method"] != "GET":
            return 403, "cross-site requests are refused: only the govlint page itself may call this server"
        return None

    async def _buffered(self, scope, receive):
        """Read the whole body (refusing more than the limit) and replay it to the app."""
        declared = _header(scope, b"content-length")
        if declared is not None:
            try:
                if int(declared) > self.max_body:
                    raise _TooLarge
            except ValueError:
                pass
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay

    async def _run(self, scope, receive, send):
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                drop = {k for k, _ in HEADERS} | {b"server"}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in drop
                           and not k.lower().startswith(b"access-control-")]
                message = {**message, "headers": headers + HEADERS}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # noqa: BLE001 - the one place that turns any failure into a clean 500
            log.error("internal error in %s %s: %s", scope.get("method"), scope.get("path"), type(exc).__name__)
            if not started:
                await send_error(send, 500, "internal error in govlint; the draft was not stored or logged")
