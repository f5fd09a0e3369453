"""The in-memory BM25 behind :class:`KeywordIndex`: exact FTS5 scores, and in step with SQLite.

Two ``KeywordIndex`` objects on two connections to one file stand for two
processes sharing a data directory.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from langmem_local.bm25 import UserBM25, stem_terms
from langmem_local.keyword import KeywordIndex, match_expression, query_terms

DOCS = [
    ("m1", "Caroline went to the LGBTQ support group yesterday", "how was your week"),
    ("m2", "Melanie painted a sunset over the lake last weekend", "what did you paint"),
    ("m3", "I ran a charity race for mental health", "Caroline: busy weekend?"),
    ("m4", "The support group was very inspiring, painting helps me", ""),
    ("m5", "Melanie's kids love the beach and the lake", "summer plans"),
    ("m6", "Café crème at the Zoë bakery, running late", "morning"),
]


def _open(path: Path) -> KeywordIndex:
    return KeywordIndex(sqlite3.connect(str(path), check_same_thread=False))


def test_stems_match_fts5_porter() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(t, tokenize='porter unicode61 remove_diacritics 2')"
    )
    text = " ".join(t for _, t, _ in DOCS) + " don't Caroline's 2023 hiking photography"
    conn.execute("INSERT INTO f VALUES (?)", (text,))
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'row')")
    fts_terms = {r[0] for r in conn.execute("SELECT term FROM v")}
    assert set(stem_terms(text)) == fts_terms


@pytest.mark.parametrize(
    "query",
    ["support group", "painting the lake", "Melanie sunset weekend", "cafe running", "zebra"],
)
def test_scores_equal_fts5_bm25_for_one_user(query: str) -> None:
    """With one user the collection statistics coincide, so scores must be FTS5's exactly."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(text, context, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    idx = UserBM25(context_weight=0.5)
    for n, (memory_id, text, context) in enumerate(DOCS):
        conn.execute("INSERT INTO f(rowid, text, context) VALUES (?, ?, ?)", (n, text, context))
        idx.upsert(memory_id, text, context)
    expected = {
        DOCS[rowid][0]: -score
        for rowid, score in conn.execute(
            "SELECT rowid, bm25(f, 1.0, 0.5) FROM f WHERE f MATCH ?", (match_expression(query),)
        )
    }
    got = dict(idx.search(query_terms(query), 10))
    assert got.keys() == expected.keys()
    for memory_id, score in expected.items():
        assert got[memory_id] == pytest.approx(score, rel=1e-9)


def test_delete_upsert_and_compaction_keep_results_exact() -> None:
    idx = UserBM25()
    fresh = UserBM25()
    for i in range(200):
        idx.upsert(f"m{i}", f"filler words number {i} common", "")
    for i in range(150):
        idx.delete(f"m{i}")  # crosses the compaction threshold
    idx.upsert("m199", "rewritten zebra common", "")
    for i in range(150, 199):
        fresh.upsert(f"m{i}", f"filler words number {i} common", "")
    fresh.upsert("m199", "rewritten zebra common", "")
    assert len(idx) == len(fresh) == 50
    assert idx.search(["common", "zebra"], 5) == fresh.search(["common", "zebra"], 5)
    assert idx.search(["number"], 100) == fresh.search(["number"], 100)
    assert "m0" not in idx and idx.search(["0"], 5) == []


def test_other_process_writes_are_seen_by_the_next_search(tmp_path: Path) -> None:
    db = tmp_path / "memory.db"
    reader, writer = _open(db), _open(db)
    writer.upsert("a1", "alice", "Alice adopted a beagle named Max")
    assert [m for m, _ in reader.search("alice", "beagle", 5)] == ["a1"]  # builds the cache
    writer.upsert("a2", "alice", "Max the beagle chewed my shoes")
    writer.upsert("a1", "alice", "Alice adopted a cat named Miso")  # rewritten
    assert [m for m, _ in reader.search("alice", "beagle", 5)] == ["a2"]
    assert [m for m, _ in reader.search("alice", "miso", 5)] == ["a1"]
    writer.delete("a2")
    assert reader.search("alice", "beagle", 5) == []
    writer.upsert("b1", "bob", "Bob's beagle")
    writer.delete_user("alice")
    assert reader.search("alice", "miso", 5) == []
    assert [m for m, _ in reader.search("bob", "beagle", 5)] == ["b1"]


def test_other_process_reset_is_seen(tmp_path: Path) -> None:
    db = tmp_path / "memory.db"
    reader, writer = _open(db), _open(db)
    writer.upsert("a1", "alice", "old words")
    assert reader.search("alice", "old", 5)
    writer.reset()
    writer.upsert("a2", "alice", "new words")
    assert reader.search("alice", "old", 5) == []
    assert [m for m, _ in reader.search("alice", "new", 5)] == ["a2"]


def test_reader_behind_a_trimmed_change_log_rebuilds(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(KeywordIndex, "KEEP_CHANGES", 3)
    monkeypatch.setattr(KeywordIndex, "TRIM_EVERY", 2)
    db = tmp_path / "memory.db"
    reader, writer = _open(db), _open(db)
    writer.upsert("a0", "alice", "first note")
    assert reader.search("alice", "note", 5)
    for i in range(1, 10):
        writer.upsert(f"a{i}", "alice", f"note {i}")
    writer.delete("a0")
    got = {m for m, _ in reader.search("alice", "note", 20)}
    assert got == {f"a{i}" for i in range(1, 10)}


def test_many_changes_since_last_search_rebuild(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(KeywordIndex, "REBUILD_CHANGES", 5)
    db = tmp_path / "memory.db"
    idx = _open(db)
    idx.upsert("a0", "alice", "zero")
    assert idx.search("alice", "zero", 5)
    idx.upsert_many([(f"a{i}", "alice", f"word{i} shared", "") for i in range(1, 20)])
    assert len(idx.search("alice", "shared", 50)) == 19


def test_least_recently_searched_users_leave_the_cache() -> None:
    idx = KeywordIndex(sqlite3.connect(":memory:", check_same_thread=False), max_cached_docs=3)
    for u in ("u1", "u2", "u3"):
        idx.upsert_many([(f"{u}-{i}", u, f"note {i} of {u}", "") for i in range(2)])
    for u in ("u1", "u2", "u3"):
        assert len(idx.search(u, "note", 5)) == 2
    assert list(idx._users) == ["u3"]  # 2 docs each: only the last fits
    assert len(idx.search("u1", "note", 5)) == 2  # rebuilt on demand


def test_change_log_holds_ids_not_text(tmp_path: Path) -> None:
    db = tmp_path / "memory.db"
    idx = _open(db)
    idx.upsert("a1", "alice", "my secret diagnosis")
    rows = sqlite3.connect(str(db)).execute("SELECT * FROM lm_keyword_changes").fetchall()
    assert rows and all("secret" not in str(r) for r in rows)
