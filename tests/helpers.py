"""Helpers the app tests share: comparing matrices and waiting on the worker without timing."""

import asyncio

import numpy as np


def same(a, b):
    """Two sequences of matrices, equal bit for bit."""
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


async def until(app, check, timeout=20.0):
    """Wait until check(app.snapshot) holds (a generous timeout: a broken build fails, never hangs)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check(app.snapshot):
        assert loop.time() < end, f"gave up waiting; have {app.snapshot!r}"
        await asyncio.sleep(0.01)
    return app.snapshot
