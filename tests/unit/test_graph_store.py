"""SQLite-only checks of ``GraphStore``, and of the ``Relation`` model.

The behaviour both graph backends share (writes, time, matching, traversal,
erasure, export, concurrency) is the contract suite in
``tests/integration/test_graph_postgres.py``, which runs it against SQLite on
every run; only what is specific to the SQLite connection stays here.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from langmem_local.stores.graph import GraphStore, Relation


def _connect(path: Path | str) -> sqlite3.Connection:
    # Configured like the engine's shared connection.
    conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def rel(source: str, relation: str, target: str) -> dict[str, str]:
    return {"source": source, "relation": relation, "target": target}


def triples(edges: list[dict]) -> set[tuple[str, str, str]]:
    return {(e["source"], e["relationship"], e["destination"]) for e in edges}


# ---------------------------------------------------------------- Relation model


def test_relation_normalises_label_and_names() -> None:
    r = Relation(source="  Sarah ", relation="Lives In", target="New\n York")
    assert (r.source, r.relation, r.target) == ("Sarah", "lives_in", "New York")
    assert Relation.model_validate(rel("a", "worksAt", "b")).relation == "works_at"
    assert Relation.model_validate(rel("a", "--HAS-DOG--", "b")).relation == "has_dog"


def test_relation_accepts_mem0_keys_and_ignores_extras() -> None:
    r = Relation.model_validate(
        {"source": "Sarah", "relationship": "owns", "destination": "Rex", "memory_id": "x"}
    )
    assert (r.relation, r.target) == ("owns", "Rex")


@pytest.mark.parametrize(
    "bad", [rel("", "likes", "b"), rel("a", " - ", "b"), {"source": "a", "target": "b"}]
)
def test_relation_rejects_empty_parts(bad: dict) -> None:
    with pytest.raises(ValueError):
        Relation.model_validate(bad)


# ---------------------------------------------------------------- the SQLite connection


def test_tables_persist_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "memory.db"
    c1 = _connect(path)
    GraphStore(c1).add_relations("alice", "m1", [rel("Sarah", "likes", "tea")])
    c1.close()
    c2 = _connect(path)
    try:
        assert GraphStore(c2).count("alice") == 1
    finally:
        c2.close()


def test_works_with_default_row_factory(tmp_path: Path) -> None:
    # The store must not depend on the connection's row_factory being sqlite3.Row.
    conn = sqlite3.connect(str(tmp_path / "memory.db"), check_same_thread=False)
    try:
        store = GraphStore(conn)
        store.add_relations("alice", "m1", [rel("Sarah", "likes", "tea")])
        assert triples(store.search("alice", "Sarah")) == {("Sarah", "likes", "tea")}
        assert triples(store.graph("alice")["edges"]) == {("Sarah", "likes", "tea")}
        assert store.users() == ["alice"]
    finally:
        conn.close()
