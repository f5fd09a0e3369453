"""One call on a helper thread beside the caller's work (langmem_local.beside)."""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest

from langmem_local.beside import Beside, ran


def _name() -> str:
    return threading.current_thread().name


def test_the_call_runs_on_the_helper_and_its_result_comes_back() -> None:
    beside = Beside("test-helper")
    pending = beside.run(_name)
    assert pending().startswith("test-helper")
    assert beside.run(lambda: 41 + 1)() == 42  # the helper is free again
    beside.close()


def test_an_exception_is_raised_by_the_waiting_function_on_either_path() -> None:
    def boom() -> None:
        msg = "index query failed"
        raise RuntimeError(msg)

    beside = Beside("test-helper")
    pending = beside.run(boom)  # on the helper
    with pytest.raises(RuntimeError, match="index query failed"):
        pending()
    inline = ran(boom)  # on this thread: raised later, not now
    with pytest.raises(RuntimeError, match="index query failed"):
        inline()
    beside.close()


def test_a_busy_helper_leaves_the_next_call_on_the_callers_thread() -> None:
    beside = Beside("test-helper")
    release = threading.Event()
    first = beside.run(lambda: (release.wait(5), _name())[1])
    started = time.monotonic()
    second = beside.run(_name)  # does not wait behind the first
    assert second() == _name() and time.monotonic() - started < 1
    release.set()
    assert first().startswith("test-helper")
    beside.close()


def test_close_waits_for_the_call_in_flight_then_calls_run_inline() -> None:
    beside = Beside("test-helper")
    done: list[int] = []
    pending = beside.run(lambda: (time.sleep(0.2), done.append(1))[1])
    beside.close()
    assert done == [1]
    pending()
    assert beside.run(_name)() == _name()


def _child(beside: Beside, out: multiprocessing.Queue) -> None:
    out.put(beside.run(_name)())


def test_a_forked_child_gets_a_helper_of_its_own() -> None:
    beside = Beside("test-helper")
    assert beside.run(_name)().startswith("test-helper")  # the parent's helper exists
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=_child, args=(beside, out))
    child.start()
    child.join(10)
    assert child.exitcode == 0
    assert out.get(timeout=5).startswith("test-helper")  # not hung on the parent's thread
    beside.close()


def test_a_helper_shut_down_under_a_call_leaves_it_on_the_callers_thread() -> None:
    """close() on another thread between the checks and the hand-over."""
    beside = Beside("test-helper")
    assert beside.run(_name)().startswith("test-helper")
    beside._executor.shutdown(wait=True)  # as close() would, without the flag yet
    assert beside.run(_name)() == _name()
    assert beside.run(_name)() == _name()  # and the helper's slot was given back
