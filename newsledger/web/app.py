"""The FastAPI app: the REST API under /api, the analyst's pages, and their static assets.

The store is opened read-only unless the app is made with `allow_writes`, and only then does it
have a write endpoint. Every request body is capped (413 past the cap) and every list is paged
with a capped `limit`. Article text is untrusted: templates autoescape it, data handed to page
scripts is embedded as escaped JSON, and a Content-Security-Policy allows scripts from this app
only, so even a missed escape could not run a script.
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from collections.abc import Callable, Iterator
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsledger.model import Document
from newsledger.store import Store
from newsledger.web.queries import Queries

HERE = Path(__file__).parent
MAX_BODY_BYTES = 2_000_000
SECURITY_HEADERS = {
    # style-src allows inline styles because the graph library injects its own stylesheet.
    "content-security-policy": ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}

templates = Jinja2Templates(directory=str(HERE / "templates"))


@pass_context
def _path_for(context: dict, name: str, /, **path_params) -> str:
    """Links and assets as paths on this host (`/static/app.css`), not absolute URLs: a page
    served behind a reverse proxy links to the proxy, under the app's root path."""
    request: Request = context["request"]
    return request.scope.get("root_path", "") + request.app.url_path_for(name, **path_params)


templates.env.globals["url_for"] = _path_for


class HeadAsGet:
    """ASGI middleware: HEAD is answered as GET with the body left out (monitors and link checkers use it)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: answers 413 to a request whose body exceeds `max_bytes`, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        response = JSONResponse({"detail": f"request body larger than {self.max_bytes:,} bytes"}, status_code=413)
        await response({"type": "http"}, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


class StoreAccess:
    """One store connection for the app; each request reads through its own cursor."""

    def __init__(self, db: Path, allow_writes: bool, analyze: Callable[[Document], Document] | None):
        self.store = Store(db, read_only=not allow_writes)
        self.allow_writes = allow_writes
        self.write_lock = threading.Lock()
        self._analyze = analyze

    def queries(self) -> Iterator[Queries]:
        cursor = self.store.connection.cursor()
        try:
            yield Queries(cursor)
        finally:
            cursor.close()

    def analyze(self, document: Document) -> Document:
        if self._analyze is None:
            from newsledger.pipeline import Analyzer

            self._analyze = Analyzer().analyze_one
        return self._analyze(document)

    def close(self) -> None:
        self.store.close()


def create_app(db: str | Path, allow_writes: bool = False, max_body_bytes: int = MAX_BODY_BYTES,
               analyze: Callable[[Document], Document] | None = None) -> FastAPI:
    """The app over the store at `db`; `analyze` replaces the full pipeline for POST /api/documents."""
    from newsledger.web import api, pages

    access = StoreAccess(Path(db), allow_writes, analyze)

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        yield
        access.close()

    app = FastAPI(title="newsledger", version="1", description="Who said what, who did what to whom, where and when.",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json", lifespan=lifespan)
    app.state.access = access
    app.include_router(api.router)
    if allow_writes:
        app.include_router(api.write_router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(HeadAsGet)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return pages.error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        # Starlette answers an unhandled error outside every middleware: the headers are set here
        if _wants_json(request):
            response = JSONResponse({"detail": "internal server error"}, status_code=500)
        else:
            response = pages.error_page(request, 500, "internal server error")
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        if _wants_json(request):
            return JSONResponse({"detail": _jsonable_errors(exc)}, status_code=422)
        return pages.error_page(request, 422, "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()))

    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _jsonable_errors(exc: RequestValidationError) -> list[dict]:
    return [{"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]} for error in exc.errors()]
