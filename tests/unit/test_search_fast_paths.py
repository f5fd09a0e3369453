"""The search path's array shortcuts give the results of the reference code, across writes.

Fusion over arrays (:mod:`langmem_local.fusion`), the term grid of the
reranker (:mod:`langmem_local.rerank_terms`) and the cached timestamp parses
of ranking (``retrieval._instant``) must leave every result as it was: same
ids, order, ``score`` and ``score_breakdown``.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from langmem_local import fusion, rerank, rerank_terms, retrieval
from langmem_local.stores.sqlite import utcnow

HOSTILE = ["*", "%", "..", "a@b.c", "_", "u'; DROP TABLE memories; --"]
NOTES = [
    "I adopted a dog named Biscuit last week",
    "My sister lives in Lisbon and paints lakes",
    "Bob: I painted a sunrise over the lake",
    "Ann: When did you start painting?",
    "Favourite food is spicy ramen",
    "I ride my bike to work every day",
]


def _seen(result: dict) -> list[tuple]:
    return [(h["id"], h["score"], tuple(sorted(h["score_breakdown"].items()))) for h in result]


def _reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turn the shortcuts off: the dict fusion path and per-candidate term loops."""
    monkeypatch.setattr(fusion, "fused_head", lambda *a, **k: None)

    def grid(terms, query):  # noqa: ANN001, ANN202 - a plain loop, as before the grid
        out = np.zeros((len(terms), len(query)), dtype=np.int64)
        for i, text in enumerate(terms):
            for j, q in enumerate(query):
                if q in text:
                    out[i, j] = ((text.index(q) + 1) << 32) + text.count(q)
        return out

    monkeypatch.setattr(rerank_terms, "term_grid", grid)
    monkeypatch.setattr(retrieval, "_instant", retrieval.from_iso)


@pytest.mark.parametrize("user", ["u1", *HOSTILE])
def test_results_equal_the_reference_path_across_writes(make_memory, monkeypatch, user) -> None:
    memory = make_memory()
    now = utcnow() + timedelta(seconds=5)
    monkeypatch.setattr(retrieval, "utcnow", lambda: now)  # recency must not drift between runs
    for text in NOTES:
        memory.add(text, user_id=user, infer=False)
    memory.add("Someone else's dog is called Rex", user_id="other", infer=False)
    queries = ["dog name", "When did Bob paint the lake?", "spicy food", "bike", "zzz"]

    def run() -> list:
        out = []
        for q in queries:
            for kw in ({}, {"limit": 2}, {"threshold": 0.4}, {"limit": 50}):
                out.append(_seen(memory.search(q, user_id=user, **kw)["results"]))
        return out

    def both() -> tuple[list, list]:
        fast = run()
        with monkeypatch.context() as m:
            _reference(m)
            slow = run()
        return fast, slow

    fast, slow = both()
    assert fast == slow
    hits = memory.search("dog", user_id=user, limit=10)["results"]
    assert all(h["user_id"] == user for h in hits)  # never another user's memory
    # Writes between searches: every cache follows them.
    added = memory.add("My dog Biscuit learned to swim", user_id=user, infer=False)
    new_id = added["results"][0]["id"]
    fast, slow = both()
    assert fast == slow
    assert new_id in [h["id"] for h in memory.search("dog swim", user_id=user)["results"]]
    memory.update(new_id, "My cat Pixel learned to swim")
    fast, slow = both()
    assert fast == slow
    got = memory.search("cat Pixel", user_id=user)["results"]
    assert got[0]["id"] == new_id and got[0]["memory"] == "My cat Pixel learned to swim"
    memory.delete(new_id)
    fast, slow = both()
    assert fast == slow
    assert new_id not in [h["id"] for h in memory.search("cat Pixel swim", user_id=user)["results"]]


def test_an_expiry_passing_between_searches_hides_the_memory(make_memory, monkeypatch) -> None:
    memory = make_memory()
    memory.add("Door code is 4711 this week", user_id="u", infer=False, ttl=3600)
    memory.add("Name is Ana", user_id="u", infer=False)
    first = [h["memory"] for h in memory.search("door code", user_id="u")["results"]]
    assert "Door code is 4711 this week" in first  # its parse is cached now
    later = utcnow() + timedelta(hours=2)
    monkeypatch.setattr(retrieval, "utcnow", lambda: later)
    hits = [h["memory"] for h in memory.search("door code", user_id="u")["results"]]
    assert hits == ["Name is Ana"]


def test_reranked_candidates_are_the_same_with_and_without_turns(make_memory) -> None:
    memory = make_memory()
    for text in NOTES:
        memory.add(text, user_id="u", infer=False)
    inputs = memory._retrieval.rerank_inputs("dog lake", "u", 10)
    for c in inputs.candidates:
        assert c.terms == retrieval._terms(c.text)
        assert (c.prev_id, c.next_id, c.cosine_context) == (None, None, None)
    m = rerank.features("dog lake", inputs.candidates, neighbours=inputs.neighbours,
                        idf=inputs.idf, speakers=inputs.speakers)  # fmt: skip
    assert m.shape == (len(inputs.candidates), len(rerank.FEATURES))
