"""`python -m tui_nn serve` serves the app's page on localhost (textual-serve)."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytest.importorskip("textual_serve")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_with_the_page():
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui_nn",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--preset",
            "neuron",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline, page = time.monotonic() + 30, None
        while time.monotonic() < deadline and page is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                    assert answer.status == 200
                    page = answer.read().decode()
            except OSError:
                time.sleep(0.2)
        assert page is not None, "the server never answered"
        assert "<html" in page and "textual" in page.lower()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_rejects_a_bad_port():
    result = subprocess.run(
        [sys.executable, "-m", "tui_nn", "serve", "--port", "0"], capture_output=True, text=True
    )
    assert result.returncode == 2 and "port must be an integer" in result.stderr
