"""The HTTP face of :mod:`govlint.web.service`: routes, JSON in and out, the page's own files.

:func:`create_app` builds the service (packs and NLP model loaded once, here)
and a Starlette app wrapped in :class:`govlint.web.security.SecurityMiddleware`.
The page's files are read from the installed package into memory at start-up:
nothing is fetched from elsewhere and nothing is written.
"""

from __future__ import annotations

import json
from importlib import resources

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from govlint.config import Settings
from govlint.errors import GovlintError
from govlint.web import security
from govlint.web.service import MAX_QUIZ, BadRequest, NotFound, Service

MEDIA_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
               ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png"}


def _static_files() -> dict[str, tuple[bytes, str]]:
    folder = resources.files("govlint.web") / "static"
    out = {}
    for item in folder.iterdir():
        suffix = "." + item.name.rsplit(".", 1)[-1] if "." in item.name else ""
        if item.is_file() and suffix in MEDIA_TYPES:
            out[item.name] = (item.read_bytes(), MEDIA_TYPES[suffix])
    return out


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status)


async def _payload(request: Request):
    raw = await request.body()
    if not raw.strip():
        raise BadRequest("the request body is empty; send a JSON object such as {\"text\": \"...\"}")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadRequest("the request body is not UTF-8 text") from None
    except json.JSONDecodeError as exc:  # the message gives only a position, never the body
        raise BadRequest(f"the request body is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except RecursionError:
        raise BadRequest("the request body is nested too deeply") from None


def _int_param(request: Request, name: str, default: int | None, low: int, high: int) -> int | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return default
    try:
        n = int(value)
    except ValueError:
        raise BadRequest(f"'{name}' must be a whole number") from None
    if not low <= n <= high:
        raise BadRequest(f"'{name}' must be between {low} and {high}")
    return n


def create_app(settings: Settings | None = None, *, host: str = "127.0.0.1", port: int = 8765,
               service: Service | None = None, max_body: int = security.MAX_BODY) -> Starlette:
    """The app for one server: ``host``/``port`` are what it listens on (the Host check allows only those)."""
    service = service or Service(settings)
    static = _static_files()

    async def page(request: Request) -> Response:
        body, media = static["index.html"]
        return Response(body, media_type=media)

    async def asset(request: Request) -> Response:
        found = static.get(request.path_params["name"])
        if found is None or found[1].startswith("text/html"):
            return _error(404, "no such file")
        return Response(found[0], media_type=found[1])

    async def check(request: Request) -> Response:
        payload = await _payload(request)
        body = await run_in_threadpool(service.check_json, payload)
        return Response(body, media_type="application/json")

    async def inspect(request: Request) -> Response:
        payload = await _payload(request)
        return JSONResponse(await run_in_threadpool(service.inspect, payload))

    async def fix(request: Request) -> Response:
        payload = await _payload(request)
        return JSONResponse(await run_in_threadpool(service.fix, payload))

    async def explain(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(service.explain, request.path_params["id"]))

    async def demo(request: Request) -> Response:
        q = request.query_params
        return JSONResponse(await run_in_threadpool(service.demo, q.get("pack") or None, q.get("concern") or None))

    async def quiz(request: Request) -> Response:
        count = _int_param(request, "count", 10, 1, MAX_QUIZ)
        seed = _int_param(request, "seed", None, 0, 2**31 - 1)
        return JSONResponse(await run_in_threadpool(service.quiz, count, seed, request.query_params.get("pack") or None))

    async def grade(request: Request) -> Response:
        payload = await _payload(request)
        return JSONResponse(await run_in_threadpool(service.grade, payload))

    async def quiz_summary(request: Request) -> Response:
        payload = await _payload(request)
        return JSONResponse(await run_in_threadpool(service.quiz_summary, payload))

    async def meta(request: Request) -> Response:
        return JSONResponse(service.meta())

    async def rules(request: Request) -> Response:
        return JSONResponse({"rules": service.rules()})

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/static/{name}", asset, methods=["GET"]),
        Route("/api/meta", meta, methods=["GET"]),
        Route("/api/rules", rules, methods=["GET"]),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/inspect", inspect, methods=["POST"]),
        Route("/api/fix", fix, methods=["POST"]),
        Route("/api/explain/{id}", explain, methods=["GET"]),
        Route("/api/demo", demo, methods=["GET"]),
        Route("/api/quiz", quiz, methods=["GET"]),
        Route("/api/quiz/grade", grade, methods=["POST"]),
        Route("/api/quiz/summary", quiz_summary, methods=["POST"]),
    ]

    async def bad_request(request: Request, exc: Exception) -> Response:
        return _error(getattr(exc, "status", 400), str(exc))

    async def http_error(request: Request, exc: HTTPException) -> Response:
        messages = {404: "no such page or endpoint", 405: f"{request.method} is not allowed here"}
        return _error(exc.status_code, messages.get(exc.status_code, exc.detail))

    handlers = {BadRequest: bad_request, NotFound: bad_request, GovlintError: bad_request, HTTPException: http_error}
    app = Starlette(routes=routes, exception_handlers=handlers,
                    middleware=[Middleware(security.SecurityMiddleware, hosts=security.allowed_hosts(host, port),
                                           max_body=max_body)])
    app.state.service = service
    return app
