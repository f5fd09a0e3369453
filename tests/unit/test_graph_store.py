from __future__ import annotations

import json
import sqlite3
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from langmem_local.errors import ConfigError, ExtractionError
from langmem_local.stores.graph import GraphStore, Relation

UTC = timezone.utc
T0 = datetime(2024, 1, 1, tzinfo=UTC)
NS = "{http://graphml.graphdrawing.org/xmlns}"


def _connect(path: Path | str) -> sqlite3.Connection:
    # Configured like the engine's shared connection.
    conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    c = _connect(tmp_path / "memory.db")
    yield c
    c.close()


@pytest.fixture
def store(conn: sqlite3.Connection) -> GraphStore:
    return GraphStore(conn)


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


# ---------------------------------------------------------------- writes


def test_add_and_search_direct(store: GraphStore) -> None:
    ids = store.add_relations("alice", "m1", [rel("Sarah", "lives in", "Boston")], recorded_at=T0)
    assert len(ids) == 1
    hits = store.search("alice", "Where does sarah live?")
    assert len(hits) == 1
    hit = hits[0]
    assert (hit["source"], hit["relationship"], hit["destination"]) == (
        "Sarah",
        "lives_in",
        "Boston",
    )
    assert hit["memory_id"] == "m1" and hit["hops"] == 0
    assert hit["valid_to"] is None and hit["recorded_at"].startswith("2024-01-01T00:00:00")


def test_duplicate_in_same_memory_is_not_stored_twice(store: GraphStore) -> None:
    first = store.add_relations("alice", "m1", [rel("Sarah", "lives_in", "Boston")])
    again = store.add_relations("alice", "m1", [rel("sarah", "Lives In", "BOSTON")])
    assert again == first
    assert store.count("alice") == 1


def test_same_fact_from_two_memories_is_one_edge_and_survives_one_erasure(
    store: GraphStore,
) -> None:
    store.add_relations("alice", "m1", [rel("Sarah", "lives_in", "Boston")], recorded_at=T0)
    store.add_relations(
        "alice", "m2", [rel("Sarah", "lives_in", "Boston")], recorded_at=T0 + timedelta(days=1)
    )
    hits = store.search("alice", "Sarah")
    assert len(hits) == 1
    assert hits[0]["memory_ids"] == ["m1", "m2"]
    assert store.delete_memory("m1") == 1
    hits = store.search("alice", "Sarah")
    assert [h["memory_ids"] for h in hits] == [["m2"]]


def test_users_are_isolated(store: GraphStore) -> None:
    store.add_relations("alice", "m1", [rel("Sarah", "lives_in", "Boston")])
    store.add_relations("bob", "m2", [rel("Sarah", "lives_in", "Paris")])
    assert triples(store.search("alice", "Sarah")) == {("Sarah", "lives_in", "Boston")}
    assert triples(store.search("bob", "Sarah")) == {("Sarah", "lives_in", "Paris")}
    assert store.users() == ["alice", "bob"]


def test_invalid_relation_raises_or_is_skipped(store: GraphStore) -> None:
    with pytest.raises(ExtractionError, match="skip_invalid"):
        store.add_relations("alice", "m1", [rel("Sarah", "likes", "tea"), rel("", "x", "y")])
    # All-or-nothing: nothing of the failed batch was written.
    assert store.count("alice") == 0
    ids = store.add_relations(
        "alice", "m1", [rel("Sarah", "likes", "tea"), rel("", "x", "y")], skip_invalid=True
    )
    assert len(ids) == 1 and store.count("alice") == 1


def test_empty_user_id_is_refused(store: GraphStore) -> None:
    with pytest.raises(ConfigError, match="user_id"):
        store.add_relations(" ", "m1", [rel("a", "b", "c")])


def test_entity_type_is_kept(store: GraphStore) -> None:
    store.add_relations(
        "alice",
        "m1",
        [{**rel("Sarah", "lives_in", "Boston"), "source_type": "Person", "target_type": "city"}],
    )
    nodes = {n["name"]: n["type"] for n in store.graph("alice")["nodes"]}
    assert nodes == {"Sarah": "person", "Boston": "city"}


# ---------------------------------------------------------------- temporal


def test_invalidate_memory_hides_current_but_keeps_history(store: GraphStore) -> None:
    store.add_relations(
        "alice", "m1", [rel("Sarah", "lives_in", "Boston")], valid_from=T0, recorded_at=T0
    )
    moved = T0 + timedelta(days=100)
    assert store.invalidate_memory("m1", valid_to=moved) == 1
    assert store.invalidate_memory("m1", valid_to=moved) == 0  # already closed
    store.add_relations(
        "alice", "m2", [rel("Sarah", "lives_in", "Denver")], valid_from=moved, recorded_at=moved
    )

    assert triples(store.search("alice", "Sarah")) == {("Sarah", "lives_in", "Denver")}
    before = store.search("alice", "Sarah", as_of=T0 + timedelta(days=50))
    assert triples(before) == {("Sarah", "lives_in", "Boston")}
    assert before[0]["valid_to"].startswith(moved.date().isoformat())
    after = store.search("alice", "Sarah", as_of=moved + timedelta(days=1))
    assert triples(after) == {("Sarah", "lives_in", "Denver")}
    assert store.count("alice") == 2
    assert store.count("alice", include_expired=False) == 1


def test_as_of_ignores_facts_recorded_later_and_not_yet_valid(store: GraphStore) -> None:
    # Learned on day 10 that Sarah lived in Boston since day 0.
    store.add_relations(
        "alice",
        "m1",
        [rel("Sarah", "lives_in", "Boston")],
        valid_from=T0,
        recorded_at=T0 + timedelta(days=10),
    )
    assert store.search("alice", "Sarah", as_of=T0 + timedelta(days=5)) == []
    assert len(store.search("alice", "Sarah", as_of=T0 + timedelta(days=11))) == 1
    # A plan: valid only from day 30.
    store.add_relations(
        "alice",
        "m2",
        [rel("Sarah", "moves_to", "Denver")],
        valid_from=T0 + timedelta(days=30),
        recorded_at=T0 + timedelta(days=10),
    )
    day_20 = store.search("alice", "Sarah", as_of=T0 + timedelta(days=20))
    assert triples(day_20) == {("Sarah", "lives_in", "Boston")}
    assert len(store.search("alice", "Sarah", as_of=T0 + timedelta(days=31))) == 2


def test_naive_and_aware_datetimes_compare_as_utc(store: GraphStore) -> None:
    plus2 = timezone(timedelta(hours=2))
    # 12:00+02:00 is 10:00 UTC.
    store.add_relations(
        "alice",
        "m1",
        [rel("Sarah", "likes", "tea")],
        recorded_at=datetime(2024, 1, 1, 12, 0, tzinfo=plus2),
    )
    assert store.search("alice", "Sarah", as_of=datetime(2024, 1, 1, 9, 59)) == []
    assert len(store.search("alice", "Sarah", as_of=datetime(2024, 1, 1, 10, 1))) == 1
    assert len(store.search("alice", "Sarah", as_of="1:00 pm on 1 January, 2024")) == 1


def test_supersede_closes_only_that_source_and_relation(store: GraphStore) -> None:
    store.add_relations(
        "alice", "m1", [rel("Sarah", "lives_in", "Boston"), rel("Sarah", "likes", "tea")]
    )
    assert store.supersede("alice", "SARAH", "Lives In", valid_to=T0) == 1
    assert triples(store.search("alice", "Sarah")) == {("Sarah", "likes", "tea")}


def test_invalidate_requires_a_time(store: GraphStore) -> None:
    with pytest.raises(ConfigError, match="valid_to"):
        store.invalidate_memory("m1", valid_to=None)  # type: ignore[arg-type]


# ---------------------------------------------------------------- matching and traversal


def test_match_entities_longest_first_word_boundary(store: GraphStore) -> None:
    store.add_relations(
        "alice",
        "m1",
        [
            rel("Sarah", "lives_in", "New York City"),
            rel("Sarah", "visited", "York"),
            rel("Sarah", "plays", "Go"),
            rel("Sarah", "codes_in", "C++"),
        ],
    )
    assert store.match_entities("alice", "Is sarah   in new  york city now?") == [
        "New York City",
        "Sarah",
    ]
    # Whole words only: "going" and "Yorkshire" are not "Go" and "York".
    assert store.match_entities("alice", "going to Yorkshire") == []
    assert store.match_entities("alice", "york, and c++?") == ["York", "C++"]
    assert store.match_entities("bob", "Sarah") == []


def test_match_entities_casefolds(store: GraphStore) -> None:
    store.add_relations("alice", "m1", [rel("Straße", "leads_to", "Köln")])
    assert store.match_entities("alice", "die STRASSE nach köln") == ["Straße", "Köln"]


def test_search_hops(store: GraphStore) -> None:
    store.add_relations(
        "alice",
        "m1",
        [
            rel("Sarah", "works_at", "Acme"),
            rel("Acme", "located_in", "Boston"),
            rel("Boston", "part_of", "Massachusetts"),
            rel("Massachusetts", "part_of", "USA"),
            rel("Tom", "likes", "jazz"),
        ],
    )
    got = {(h["source"], h["destination"]): h["hops"] for h in store.search("alice", "Sarah")}
    assert got == {("Sarah", "Acme"): 0, ("Acme", "Boston"): 1, ("Boston", "Massachusetts"): 2}
    direct = store.search("alice", "Sarah", hops=0)
    assert triples(direct) == {("Sarah", "works_at", "Acme")}
    # Edges are walked in both directions: Boston reaches Acme and Sarah.
    from_boston = {(h["source"], h["hops"]) for h in store.search("alice", "Boston", hops=1)}
    assert from_boston == {("Acme", 0), ("Boston", 0), ("Massachusetts", 1), ("Sarah", 1)}
    assert store.search("alice", "nothing known here") == []


def test_search_limit_keeps_nearest(store: GraphStore) -> None:
    store.add_relations(
        "alice", "m1", [rel("Sarah", "works_at", "Acme"), rel("Acme", "makes", "rockets")]
    )
    hits = store.search("alice", "Sarah", limit=1)
    assert triples(hits) == {("Sarah", "works_at", "Acme")}
    with pytest.raises(ConfigError, match="hops"):
        store.search("alice", "Sarah", hops=-1)


def test_memory_ids_for_gives_min_hops(store: GraphStore) -> None:
    store.add_relations("alice", "m1", [rel("Sarah", "works_at", "Acme")])
    store.add_relations("alice", "m2", [rel("Acme", "located_in", "Boston")])
    store.add_relations("alice", "m3", [rel("Tom", "likes", "jazz")])
    store.add_relations("alice", "m2", [rel("Sarah", "friend_of", "Tom")])
    assert store.memory_ids_for("alice", "What does Sarah do?") == {"m1": 0, "m2": 0, "m3": 1}
    assert store.memory_ids_for("alice", "Acme", hops=0) == {"m1": 0, "m2": 0}


# ---------------------------------------------------------------- erasure


def _all_text(conn: sqlite3.Connection) -> str:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    dump = []
    for table in tables:
        dump.extend(repr(tuple(row)) for row in conn.execute(f"SELECT * FROM {table}"))
    return "\n".join(dump)


def test_delete_memory_removes_rows_and_orphan_entities(
    store: GraphStore, conn: sqlite3.Connection
) -> None:
    store.add_relations("alice", "m1", [rel("Sarah", "has_secret", "Xylophone Club")])
    store.add_relations("alice", "m2", [rel("Sarah", "lives_in", "Boston")])
    assert store.delete_memory("m1") == 1
    text = _all_text(conn)
    assert "Xylophone" not in text and "xylophone" not in text and "m1" not in text
    # Sarah is still used by m2, so she stays.
    assert store.match_entities("alice", "Sarah") == ["Sarah"]
    assert store.delete_memory("m1") == 0


def test_delete_memory_also_erases_superseded_rows(
    store: GraphStore, conn: sqlite3.Connection
) -> None:
    store.add_relations("alice", "m1", [rel("Sarah", "dates", "Zed")])
    store.invalidate_memory("m1", valid_to=T0)
    assert store.delete_memory("m1") == 1
    assert "Zed" not in _all_text(conn)
    assert store.graph("alice", include_expired=True) == {"nodes": [], "edges": []}


def test_delete_user_leaves_no_trace_and_spares_others(
    store: GraphStore, conn: sqlite3.Connection
) -> None:
    store.add_relations("alice", "m1", [rel("Quentin", "lives_in", "Reykjavik")])
    store.add_relations("bob", "m2", [rel("Sarah", "lives_in", "Boston")])
    assert store.delete_user("alice") == 1
    text = _all_text(conn)
    assert "alice" not in text and "Quentin" not in text and "quentin" not in text
    assert store.users() == ["bob"]
    assert store.count("bob") == 1


def test_reset_clears_everything(store: GraphStore) -> None:
    store.add_relations("alice", "m1", [rel("a", "b", "c")])
    store.reset()
    assert store.users() == [] and store.count("alice") == 0


# ---------------------------------------------------------------- export


def test_graph_nodes_edges_and_history(store: GraphStore) -> None:
    store.add_relations("alice", "m1", [rel("Sarah", "lives_in", "Boston")], recorded_at=T0)
    store.invalidate_memory("m1", valid_to=T0 + timedelta(days=1))
    store.add_relations("alice", "m2", [rel("Sarah", "lives_in", "Denver")])
    current = store.graph("alice")
    assert {n["name"] for n in current["nodes"]} == {"Sarah", "Denver"}
    assert triples(current["edges"]) == {("Sarah", "lives_in", "Denver")}
    history = store.graph("alice", include_expired=True)
    assert triples(history["edges"]) == {
        ("Sarah", "lives_in", "Boston"),
        ("Sarah", "lives_in", "Denver"),
    }
    node_ids = {n["id"] for n in history["nodes"]}
    assert all(
        e["source_id"] in node_ids and e["destination_id"] in node_ids for e in history["edges"]
    )


def test_to_json_round_trips(store: GraphStore) -> None:
    store.add_relations("alice", "m1", [rel("Zoë", "likes", "crème brûlée")])
    data = json.loads(store.to_json("alice"))
    assert triples(data["edges"]) == {("Zoë", "likes", "crème brûlée")}


def test_to_graphml_is_valid_xml(store: GraphStore) -> None:
    store.add_relations(
        "alice",
        "m1",
        [rel('A & B <"Co">', "owns", "Zoë\x01's cat"), rel("Zoë's cat", "likes", "fish")],
    )
    root = ET.fromstring(store.to_graphml("alice").encode("utf-8"))
    assert root.tag == f"{NS}graphml"
    graph = root.find(f"{NS}graph")
    assert graph is not None and graph.get("edgedefault") == "directed"
    names = {
        n.get("id"): n.find(f"{NS}data[@key='node_name']").text for n in graph.iter(f"{NS}node")
    }
    assert set(names.values()) == {'A & B <"Co">', "Zoë 's cat", "Zoë's cat", "fish"}
    edges = list(graph.iter(f"{NS}edge"))
    assert len(edges) == 2
    for edge in edges:
        assert edge.get("source") in names and edge.get("target") in names
    labels = {e.find(f"{NS}data[@key='edge_relationship']").text for e in edges}
    assert labels == {"owns", "likes"}
    keys = {k.get("id") for k in root.iter(f"{NS}key")}
    assert {"node_name", "edge_relationship", "edge_valid_to"} <= keys


# ---------------------------------------------------------------- connection sharing


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


def test_concurrent_writers_share_one_connection(store: GraphStore) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(20):
                store.add_relations("alice", f"m{n}-{i}", [rel(f"P{n}", "knows", f"Q{i}")])
                store.search("alice", f"P{n}")
        except BaseException as err:  # surfaced below; a thread's exception is otherwise lost
            errors.append(err)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.count("alice") == 80
