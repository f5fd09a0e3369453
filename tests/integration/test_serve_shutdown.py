"""SIGTERM while clients are writing: every acknowledged write survives the stop."""

from __future__ import annotations

import threading
import time

import httpx

from tests.serve_process import start_serve


def test_sigterm_during_a_burst_of_writes_loses_no_acknowledged_write(tmp_path, minilm):
    data = tmp_path / "data"
    served = start_serve(data)
    acked: list[str] = []
    refused = threading.Event()
    lock = threading.Lock()

    def writer(n: int) -> None:
        with httpx.Client(base_url=served.url, headers=served.headers(), timeout=60) as c:
            for i in range(1000):
                try:
                    r = c.post(
                        "/v1/memories",
                        json={
                            "messages": f"writer {n} fact {i}",
                            "user_id": "burst",
                            "infer": False,
                        },
                    )
                except httpx.HTTPError:
                    refused.set()  # the server stopped listening: expected
                    return
                if r.status_code != 200:
                    assert r.status_code == 503, r.text  # closing: refused, not lost
                    refused.set()
                    return
                with lock:
                    acked.extend(x["id"] for x in r.json()["results"])

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while len(acked) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    status = served.stop()
    for t in threads:
        t.join(timeout=60)
    log = served.log_text()
    assert status == 0, log[-2000:]
    assert refused.is_set() and len(acked) >= 20
    assert "every started write finished" in log and "Traceback" not in log

    from langmem_local.memory import LocalMemory

    with LocalMemory(embeddings=minilm, data_dir=data) as m:
        stored = {r["id"]: r["memory"] for r in m.get_all(user_id="burst")["results"]}
        # Every acknowledged write is there; at most the writes in flight at the
        # signal (finished but unanswered) are extra. Nothing is duplicated.
        assert set(acked) <= set(stored), set(acked) - set(stored)
        assert len(stored) - len(acked) <= 4
        assert len(set(stored.values())) == len(stored)
        # The vector index agrees: every stored memory is searchable.
        hits = m.search("writer 0 fact 0", user_id="burst", limit=3)["results"]
        assert hits and hits[0]["memory"] == "writer 0 fact 0"
