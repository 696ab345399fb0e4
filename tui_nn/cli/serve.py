"""``tui-nn serve``: the app in a browser, one app process per tab, for whoever holds the link.

textual-serve starts one app process per websocket for anyone who reaches its port. The
server here is textual-serve's (its page, scripts and terminal protocol), guarded:

- every request carries a random token: the link printed at start has it (``?token=``),
  and the page sets it as a cookie of this port, so the page's scripts, styles and
  websocket carry it too; a request without it gets 403;
- a websocket whose ``Origin`` is not the served page's gets 403, so another site open
  in the same browser can neither start an app nor type into one;
- at most ``max_apps`` apps run at once; the page says so when all are taken, and one
  more websocket is closed with that reason (code 1013, try again later);
- an app whose browser has gone (tab closed, or network lost: no pong within
  ``HEARTBEAT / 2`` s of a ping) is asked to quit, then sent SIGTERM, then SIGKILL; it
  runs in a process group of its own, so its fork server and training worker end with it;
- a host or port that cannot be listened on is one line (``Invalid``), not a traceback.

Only ``tui_nn.cli.commands.cmd_serve`` imports this module, when it serves.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import secrets
import shlex
import signal
import socket
from urllib.parse import urlsplit

from aiohttp import WSCloseCode, web
from aiohttp.typedefs import Handler
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tui_nn.core.validation import Invalid

HEARTBEAT = 3.0  # s of browser silence before a ping; no pong within half of it closes the socket
QUIT_GRACE = 3.0  # s an app has to quit by itself once its browser has gone, before SIGTERM
TERM_GRACE = 1.0  # s between SIGTERM and SIGKILL
HELPERS_GRACE = 2.0  # s the app's helpers (fork server, resource tracker) have to follow it
ENDING_WAIT = 10.0  # s a new tab waits for an app that is ending to free its place
WILDCARD_HOSTS = ("0.0.0.0", "::")

log = logging.getLogger("tui_nn.serve")


def check_host(host: str, public_url: str | None, port: int) -> str:
    if not host.strip():
        raise Invalid("host", "--host '' listens on every interface: say --host 0.0.0.0 if that is meant")
    if host in WILDCARD_HOSTS and public_url is None:
        raise Invalid(
            "public-url",
            f"--host {host} listens on every interface: give --public-url http://ADDRESS:{port}, "
            "the address the browsers use",
        )
    return host


def check_max_apps(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise Invalid("max-apps", f"--max-apps must be an integer of 1 or more, got {text!r}")
    return count


def check_public_url(text: str | None) -> str | None:
    """The URL browsers open (a proxy's, a classroom machine's name), without a trailing slash."""
    if text is None:
        return None
    parts = urlsplit(text.strip())
    try:
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        parts = parts._replace(netloc="")
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        raise Invalid("public-url", f"--public-url must be an http(s):// URL with a host, not {text!r}")
    if parts.query or parts.fragment:
        raise Invalid("public-url", f"--public-url takes no ?query or #fragment, not {text!r}")
    return parts.geturl().rstrip("/")


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` as a browser sends it in ``Origin`` (no default port)."""
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    if parts.port == {"http": 80, "https": 443}[parts.scheme]:
        netloc = netloc.rsplit(":", 1)[0]
    return f"{parts.scheme}://{netloc}"


def bind_error(host: str, port: int, exc: OSError) -> str:
    where = f"cannot listen on {host}:{port}"
    if isinstance(exc, socket.gaierror):
        return f"{where}: unknown host {host!r}"
    reasons = {
        errno.EADDRINUSE: "the port is in use (another server?): choose another --port",
        errno.EACCES: "permission denied (ports below 1024 need root): choose another --port",
        errno.EADDRNOTAVAIL: "this machine has no such address",
    }
    return f"{where}: {reasons.get(exc.errno or 0, exc.strerror or str(exc))}"


def _signal_group(group: int, signum: int) -> None:
    """Send ``signum`` to every process left in ``group`` (none left, or not ours: nothing)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signum)


async def _exited(process: asyncio.subprocess.Process, seconds: float) -> bool:
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await process.wait()
    return process.returncode is not None


class AppProcess(AppService):
    """One app, started in a session (process group) of its own, with a bounded ``end``."""

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        pipe = asyncio.subprocess.PIPE
        self._process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command), stdin=pipe, stdout=pipe, stderr=pipe,
            env=self._build_environment(width=width, height=height), start_new_session=True,
        )  # fmt: skip
        self._stdin = process.stdin
        return process

    async def end(self) -> None:
        """Quit the app as textual-serve does (a ``quit`` message); still running ``QUIT_GRACE`` s
        later, SIGTERM its group (the app quits on it as on ``q``), then SIGKILL. Its helpers hold
        its output open: what is left of them ``HELPERS_GRACE`` s after it gets SIGKILL."""
        process, reading = self._process, self._task
        if process is None or reading is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        asking = asyncio.ensure_future(self.send_meta({"type": "quit"}))
        if not await _exited(process, QUIT_GRACE):
            _signal_group(process.pid, signal.SIGTERM)
            if not await _exited(process, TERM_GRACE):
                _signal_group(process.pid, signal.SIGKILL)
                await process.wait()
        asking.cancel()
        await asyncio.wait([reading], timeout=HELPERS_GRACE)
        _signal_group(process.pid, signal.SIGKILL)
        await reading
        self._task = None


class GuardedServer(Server):
    """textual-serve's server behind a token, an Origin check and a cap on the apps."""

    def __init__(self, command: str, *, host: str, port: int, max_apps: int, public_url: str | None):
        shown_host = f"[{host}]" if ":" in host else host
        public_url = public_url or f"http://{shown_host}:{port}"
        super().__init__(command, host=host, port=port, title="tui_nn", public_url=public_url)
        self.token = secrets.token_urlsafe(24)
        self.cookie = f"tui_nn_token_{port}"  # cookies are shared by every port of a host
        self.origin = origin_of(self.public_url)
        self.max_apps = max_apps
        self.connected: dict[AppProcess, web.WebSocketResponse] = {}  # apps whose browser is there
        self.ending: set[AppProcess] = set()  # apps whose browser has gone, still ending
        self.place_freed = asyncio.Condition()

    @property
    def url(self) -> str:
        return f"{self.public_url}/?token={self.token}"

    @property
    def full(self) -> str:
        in_use = f"all {self.max_apps} apps are" if self.max_apps > 1 else "the app is"
        return f"{in_use} in use (--max-apps {self.max_apps}): close one, then reload"

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.require_token)
        return app

    @web.middleware
    async def require_token(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """403 unless the request carries the token, as ``?token=`` or as the page's cookie."""
        given = request.query.get("token") or request.cookies.get(self.cookie, "")
        if not secrets.compare_digest(given.encode("utf-8", "replace"), self.token.encode()):
            raise web.HTTPForbidden(text="tui-nn: open the link `tui-nn serve` printed, with its ?token=\n")
        return await handler(request)

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: ``run`` prints the link once the port is listened on."""

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if len(self.connected) >= self.max_apps:
            return web.Response(status=503, text=f"tui-nn: {self.full}\n")
        page = await super().handle_index(request)
        https = self.public_url.startswith("https:")
        page.set_cookie(self.cookie, self.token, path="/", httponly=True, samesite="Strict", secure=https)
        return page

    async def _take_place(self, app: AppProcess, websocket: web.WebSocketResponse) -> bool:
        """Count ``app`` in, unless ``max_apps`` browsers are connected; an app still ending
        (its tab was just reloaded) is waited for, up to ``ENDING_WAIT`` s."""
        limit = self.max_apps
        async with self.place_freed:
            if len(self.connected) >= limit:
                return False
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(ENDING_WAIT):
                    await self.place_freed.wait_for(lambda: len(self.connected) + len(self.ending) < limit)
                    self.connected[app] = websocket
                    return True
            return False

    async def _free_place(self, app: AppProcess) -> None:
        async with self.place_freed:
            self.ending.discard(app)
            self.place_freed.notify_all()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One app for one browser tab, for as long as the tab's websocket is open."""
        if request.headers.get("Origin", "").lower() != self.origin:
            raise web.HTTPForbidden(text=f"tui-nn: websockets are taken from pages of {self.origin} only\n")
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT)
        if not websocket.can_prepare(request).ok:
            raise web.HTTPBadRequest(text="tui-nn: /ws takes a websocket\n")

        async def close() -> None:  # the app quit by itself (``q``): the page then says so
            await websocket.close()

        app = AppProcess(
            self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
            close=close, download_manager=self.download_manager,
        )  # fmt: skip
        if not await self._take_place(app, websocket):
            await websocket.prepare(request)
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=self.full.encode())
            return websocket
        try:
            await websocket.prepare(request)
            size = request.query
            await app.start(to_int(size.get("width", "80"), 80), to_int(size.get("height", "24"), 24))
            await self._process_messages(websocket, app)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as exc:  # a malformed message from the page ends its session, nothing else
            log.warning("tui-nn serve: a session ended on %r", exc)
        finally:
            self.connected.pop(app, None)
            self.ending.add(app)
            await app.end()
            await self._free_place(app)
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every tab's websocket and wait (bounded) for their apps to end."""
        for websocket in list(self.connected.values()):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"the server stopped")
        async with self.place_freed:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(QUIT_GRACE + TERM_GRACE + HELPERS_GRACE + 1):
                    await self.place_freed.wait_for(lambda: not self.connected and not self.ending)

    async def run(self) -> None:
        """Listen until SIGINT or SIGTERM; print the link (with its token) once listening."""
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        try:
            try:
                await web.TCPSite(runner, self.host, self.port).start()
            except OSError as exc:
                raise Invalid("serve", bind_error(self.host, self.port, exc)) from None
            apps = f"{self.max_apps} app{'s' * (self.max_apps > 1)}"
            print(f"serving tui_nn on {self.url} (at most {apps} at once; ctrl+c stops)", flush=True)
            await stop.wait()
        finally:
            await runner.cleanup()


def serve(command: str, *, host: str, port: int, max_apps: str, public_url: str | None) -> int:
    """Serve ``command`` (the app with its flags), one process per tab, until SIGINT or SIGTERM."""
    public = check_public_url(public_url)
    host = check_host(host, public, port)
    count = check_max_apps(max_apps)
    server = GuardedServer(command, host=host, port=port, max_apps=count, public_url=public)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    asyncio.run(server.run())
    return 0
