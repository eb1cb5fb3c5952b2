"""Running one call from several threads at once, to prove that what the
database enforces holds when requests race (PostgreSQL, transactional tests)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def race(function: Callable, times: int = 8) -> list:
    """Call `function` from `times` threads released at the same moment; return
    what each returned, and fail on any exception raised."""
    barrier = threading.Barrier(times)
    results: list = []
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait()
            results.append(function())
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results
