"""`python -m tui_nn serve`: the app's page for whoever holds the printed link, and nobody else.

Each test starts the real server in a subprocess on a free port and talks to it as a browser
does (aiohttp's client: the page, its cookie, the websocket with an Origin). The apps it
starts are found in /proc: children of the server, each leading a process group that holds
its fork server and training worker; an app has ended when no live process is left in it.
"""

import asyncio
import os
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")
import aiohttp  # noqa: E402  (installed with textual-serve)

SERVE = [sys.executable, "-m", "tui_nn", "serve", "--preset", "neuron"]
ENDED_WITHIN = 15.0  # s: the server ends an app within 10 s of its browser going; the rest is CI slack


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """A running ``tui-nn serve``, with the link (and so the token) it printed."""

    def __init__(self, *flags: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [*SERVE, "--host", "127.0.0.1", "--port", str(self.port), *flags],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.line = self.first_line()
        assert self.line.startswith("serving tui_nn on http"), self.line
        self.url = self.line.split()[3]
        self.token = self.url.split("?token=", 1)[1]

    def first_line(self) -> str:
        assert self.process.stdout is not None
        if select.select([self.process.stdout], [], [], 60)[0]:
            return self.process.stdout.readline().decode()
        self.stop()
        raise AssertionError("the server printed nothing in 60 s")

    def apps(self) -> list[int]:
        return [
            pid
            for pid, (parent, _, state) in processes().items()
            if parent == self.process.pid and state != "Z"
        ]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def processes() -> dict[int, tuple[int, int, str]]:
    """Every process: its parent, its process group and its state (Z: ended, not yet reaped)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[int(entry.name)] = (int(fields[1]), int(fields[2]), fields[0])
    return found


def live_in_group(group: int) -> list[int]:
    return [pid for pid, (_, pgid, state) in processes().items() if pgid == group and state != "Z"]


async def ended_after(group: int) -> float:
    """Seconds until no live process is left in ``group`` (ENDED_WITHIN at most)."""
    start = time.monotonic()
    while live_in_group(group) and time.monotonic() - start < ENDED_WITHIN:
        await asyncio.sleep(0.1)
    return time.monotonic() - start


@pytest.fixture(scope="module")
def served():
    server = Served("--max-apps", "1")
    yield server
    server.stop()
    assert server.process.stdout is not None
    assert b"Traceback" not in server.process.stdout.read()  # nothing a browser did broke it


def tab() -> aiohttp.ClientSession:
    """A browser tab: keeps cookies, even those of an IP address as a browser does."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def open_app(
    session: aiohttp.ClientSession, served: Served, **options
) -> aiohttp.ClientWebSocketResponse:
    """The page's websocket, once its app has drawn its first screen."""
    websocket = await session.ws_connect(
        f"{served.base}/ws?width=100&height=30", headers={"Origin": served.base}, **options
    )
    first = await websocket.receive(timeout=60)
    assert first.type == aiohttp.WSMsgType.BINARY, first
    return websocket


def status_of(url: str, headers: dict | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code


async def handshake_status(url: str, origin: str | None) -> int:
    headers = {"Origin": origin} if origin else {}
    async with aiohttp.ClientSession() as session:
        try:
            websocket = await session.ws_connect(url, headers=headers)
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status
        await websocket.close()
        return 101


def test_serve_answers_with_the_page(served):
    with urllib.request.urlopen(served.url, timeout=30) as answer:
        assert answer.status == 200
        cookie = answer.headers["Set-Cookie"]
        page = answer.read().decode()
    assert "<html" in page and "textual" in page.lower() and "data-session-websocket-url" in page
    assert f"ws://127.0.0.1:{served.port}/ws" in page and "tui_nn" in page
    assert cookie.startswith(f"tui_nn_token_{served.port}={served.token};") and "HttpOnly" in cookie


async def test_a_request_without_the_token_gets_403(served):
    assert len(served.token) >= 32
    for path in ("/", "/static/js/textual.js", "/ws", f"/?token={served.token[:-1]}x"):
        assert status_of(served.base + path) == 403, path
    assert status_of(served.base + "/", {"Cookie": f"tui_nn_token_{served.port}=wrong"}) == 403
    assert await handshake_status(f"{served.base}/ws", served.base) == 403


async def test_a_tab_with_the_link_gets_an_app_that_ends_within_10_s_of_its_websocket(served):
    async with tab() as session:
        async with session.get(served.url) as page:
            assert page.status == 200
        async with session.get(f"{served.base}/static/js/textual.js") as script:  # by the cookie
            assert script.status == 200
        websocket = await open_app(session, served)
        [app] = served.apps()
        assert app in live_in_group(app)  # the app leads a process group of its own
        await websocket.send_str('["stdin", "r"]')  # train: the worker joins the group
        await asyncio.sleep(1)
        await websocket.close()
        took = await ended_after(app)
    assert not live_in_group(app), f"still running {took:.1f} s after the tab closed"


async def test_an_app_whose_browser_stops_answering_ends_within_10_s(served):
    async with tab() as session:
        async with session.get(served.url) as page:
            assert page.status == 200
        silent = await open_app(session, served, autoping=False)  # a network gone: no pong comes back
        [app] = served.apps()
        took = await ended_after(app)
        await silent.close()
    assert not live_in_group(app), f"still running {took:.1f} s after the browser went silent"


async def test_an_app_that_does_not_quit_is_killed_with_its_group(served):
    async with tab() as session:
        async with session.get(served.url) as page:
            assert page.status == 200
        websocket = await open_app(session, served)
        [app] = served.apps()
        os.kill(app, signal.SIGSTOP)  # deaf to the quit message and to SIGTERM: SIGKILL it is
        await websocket.close()
        took = await ended_after(app)
    assert not live_in_group(app), f"still running {took:.1f} s after the tab closed"


async def test_a_websocket_from_another_sites_page_gets_403(served):
    ws = f"{served.base}/ws?token={served.token}"
    for origin in ("http://evil.example", f"http://127.0.0.1:{served.port + 1}", None):
        assert await handshake_status(ws, origin) == 403, origin


async def test_one_more_app_than_max_apps_is_refused_and_the_page_says_why(served):
    async with tab() as session:
        async with session.get(served.url) as page:
            assert page.status == 200
        first = await open_app(session, served)
        second = await session.ws_connect(f"{served.base}/ws", headers={"Origin": served.base})
        refusal = await second.receive(timeout=30)
        assert refusal.type == aiohttp.WSMsgType.CLOSE and refusal.data == 1013
        assert "--max-apps 1" in refusal.extra
        async with session.get(served.url) as page:
            assert page.status == 503 and "the app is in use (--max-apps 1)" in await page.text()
        assert len(served.apps()) == 1
        await first.close()


async def test_public_url_is_the_printed_link_and_the_only_origin_and_stop_ends_the_apps():
    server = Served("--public-url", "http://tui-nn.example:9")
    try:
        assert server.url.startswith("http://tui-nn.example:9/?token=")
        with urllib.request.urlopen(f"{server.base}/?token={server.token}", timeout=30) as answer:
            assert "ws://tui-nn.example:9/ws" in answer.read().decode()
        ws = f"{server.base}/ws?token={server.token}"
        assert await handshake_status(ws, server.base) == 403
        async with aiohttp.ClientSession() as session:
            websocket = await session.ws_connect(ws, headers={"Origin": "http://tui-nn.example:9"})
            assert (await websocket.receive(timeout=60)).type == aiohttp.WSMsgType.BINARY
            [app] = server.apps()
            server.process.send_signal(signal.SIGINT)  # ctrl+c
            assert server.process.wait(timeout=30) == 0
        assert not live_in_group(app)
    finally:
        if server.process.poll() is None:
            server.stop()


def run_serve(*flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([*SERVE, *flags], capture_output=True, text=True, timeout=60)


def test_a_port_in_use_is_one_line_on_stderr():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run_serve("--host", "127.0.0.1", "--port", str(taken.getsockname()[1]))
    assert result.returncode == 2 and "Traceback" not in result.stderr + result.stdout
    assert result.stderr.count("\n") == 1 and "the port is in use" in result.stderr


BAD_FLAGS = {
    "say --host 0.0.0.0 if that is meant": ["--host", ""],
    "listens on every interface: give --public-url": ["--host", "0.0.0.0"],
    "--max-apps must be an integer of 1 or more, got '0'": ["--max-apps", "0"],
    "--public-url must be an http(s):// URL": ["--public-url", "ftp://x"],
}


def test_bad_serve_flags_are_one_line_each():
    running = {says: subprocess.Popen([*SERVE, *flags], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for says, flags in BAD_FLAGS.items()}  # fmt: skip
    for says, process in running.items():
        try:
            out, err = process.communicate(timeout=60)
        finally:
            process.kill()
        assert process.returncode == 2 and out == "", (says, err)
        assert err.count("\n") == 1 and says in err, (says, err)


def test_serve_rejects_a_bad_port():
    result = subprocess.run(
        [sys.executable, "-m", "tui_nn", "serve", "--port", "0"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and "port must be an integer" in result.stderr


async def test_the_apps_of_a_killed_server_end_within_10_s():
    server = Served()
    try:
        async with tab() as session:
            async with session.get(server.url) as page:
                assert page.status == 200
            websocket = await open_app(session, server)
            [app] = server.apps()
            await websocket.send_str('["stdin", "r"]')  # training: its worker is in the group too
            await asyncio.sleep(1)
            server.process.kill()  # nothing can ask its apps to quit now
            server.process.wait(timeout=30)
            took = await ended_after(app)
        assert not live_in_group(app), f"still running {took:.1f} s after the server was killed"
    finally:
        if server.process.poll() is None:
            server.stop()
