"""One contract for both graph backends: SQLite ``GraphStore`` and ``PostgresGraphStore``.

Every test taking ``backend``/``graph_store`` runs twice, once per backend, so
the two cannot drift apart. The PostgreSQL runs use a throwaway server
(``tests/pg_server.py``) and a fresh schema per test; they skip with the fix
when psycopg or the server binaries are missing, while the SQLite runs still go.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from langmem_local.errors import BackendUnavailableError, ConfigError, ExtractionError
from langmem_local.stores import graph_postgres
from langmem_local.stores.graph import GraphStore
from langmem_local.stores.graph_postgres import PostgresGraphStore

UTC = timezone.utc
T0 = datetime(2024, 1, 1, tzinfo=UTC)
NS = "{http://graphml.graphdrawing.org/xmlns}"
INSTALL_HINT = "psycopg missing: pip install 'langmem-local[postgres]'"


@dataclass
class Backend:
    name: str
    store: GraphStore
    dump: Callable[[], str]
    """Every value of every row the backend holds, as text (erasure checks)."""
    reopen: Callable[[], GraphStore]
    """A second store on the same data (new connection)."""


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def pg_admin(postgres_dsn: str) -> Iterator[Any]:
    psycopg = pytest.importorskip("psycopg", reason=INSTALL_HINT)
    conn = psycopg.connect(postgres_dsn, autocommit=True)
    yield conn
    conn.close()


def _pg_dump(admin: Any, schema: str) -> str:
    from psycopg import sql

    tables = [
        row[0]
        for row in admin.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
        )
    ]
    assert tables, f"schema {schema} has no tables"
    dump: list[str] = []
    for table in tables:
        query = sql.SQL("SELECT t::text FROM {} AS t").format(sql.Identifier(schema, table))
        dump.extend(row[0] for row in admin.execute(query))
    return "\n".join(dump)


def _sqlite_dump(conn: sqlite3.Connection) -> str:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    dump: list[str] = []
    for table in tables:
        dump.extend(repr(tuple(row)) for row in conn.execute(f"SELECT * FROM {table}"))
    return "\n".join(dump)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        path = tmp_path / "memory.db"
        conns: list[sqlite3.Connection] = []

        def connect() -> sqlite3.Connection:
            # Configured like the engine's shared connection.
            conn = sqlite3.connect(str(path), check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conns.append(conn)
            return conn

        first = connect()
        yield Backend(
            "sqlite", GraphStore(first), lambda: _sqlite_dump(first), lambda: GraphStore(connect())
        )
        for conn in conns:
            conn.close()
        return

    admin = request.getfixturevalue("pg_admin")
    dsn = request.getfixturevalue("postgres_dsn")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    stores = [PostgresGraphStore(dsn, schema=schema)]

    def reopen() -> GraphStore:
        stores.append(PostgresGraphStore(dsn, schema=schema))
        return stores[-1]

    yield Backend("postgres", stores[0], lambda: _pg_dump(admin, schema), reopen)
    for store in stores:
        store.close()
    admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def graph_store(backend: Backend) -> GraphStore:
    return backend.store


@pytest.fixture
def pg_store(postgres_dsn: str, pg_admin: Any) -> Iterator[PostgresGraphStore]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    store = PostgresGraphStore(postgres_dsn, schema=schema)
    yield store
    store.close()
    pg_admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def rel(source: str, relation: str, target: str) -> dict[str, str]:
    return {"source": source, "relation": relation, "target": target}


def triples(edges: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(e["source"], e["relationship"], e["destination"]) for e in edges}


# ---------------------------------------------------------------- contract: writes


def test_add_and_search_direct(graph_store: GraphStore) -> None:
    ids = graph_store.add_relations(
        "alice", "m1", [rel("Sarah", "lives in", "Boston")], recorded_at=T0
    )
    assert len(ids) == 1 and len(ids[0]) == 32
    hits = graph_store.search("alice", "Where does sarah live?")
    assert hits == [
        {
            "source": "Sarah",
            "relationship": "lives_in",
            "destination": "Boston",
            "memory_id": "m1",
            "memory_ids": ["m1"],
            "valid_from": None,
            "valid_to": None,
            "recorded_at": "2024-01-01T00:00:00.000000+00:00",
            "hops": 0,
        }
    ]


def test_duplicate_in_same_memory_is_not_stored_twice(graph_store: GraphStore) -> None:
    first = graph_store.add_relations("alice", "m1", [rel("Sarah", "lives_in", "Boston")])
    again = graph_store.add_relations("alice", "m1", [rel("sarah", "Lives In", "BOSTON")])
    assert again == first
    # A duplicate inside one batch gets the same id too.
    batch = graph_store.add_relations(
        "alice", "m2", [rel("Tom", "likes", "jazz"), rel("tom", "Likes", "Jazz")]
    )
    assert batch[0] == batch[1]
    assert graph_store.count("alice") == 2


def test_closed_fact_can_be_stated_again_by_same_memory(graph_store: GraphStore) -> None:
    first = graph_store.add_relations("alice", "m1", [rel("Sarah", "likes", "tea")])
    graph_store.invalidate_memory("m1", valid_to=T0)
    again = graph_store.add_relations("alice", "m1", [rel("Sarah", "likes", "tea")])
    assert again != first
    assert (
        graph_store.count("alice") == 2 and graph_store.count("alice", include_expired=False) == 1
    )


def test_same_fact_from_two_memories_is_one_edge_and_survives_one_erasure(
    graph_store: GraphStore,
) -> None:
    graph_store.add_relations("alice", "m1", [rel("Sarah", "lives_in", "Boston")], recorded_at=T0)
    graph_store.add_relations(
        "alice", "m2", [rel("Sarah", "lives_in", "Boston")], recorded_at=T0 + timedelta(days=1)
    )
    hits = graph_store.search("alice", "Sarah")
    assert len(hits) == 1 and hits[0]["memory_ids"] == ["m1", "m2"]
    assert graph_store.delete_memory("m1") == 1
    assert [h["memory_ids"] for h in graph_store.search("alice", "Sarah")] == [["m2"]]


def test_users_are_isolated_and_sorted_by_code_point(graph_store: GraphStore) -> None:
    graph_store.add_relations("alice", "m1", [rel("Sarah", "lives_in", "Boston")])
    graph_store.add_relations("bob", "m2", [rel("Sarah", "lives_in", "Paris")])
    graph_store.add_relations("Zed", "m3", [rel("a", "b", "c")])
    assert triples(graph_store.search("alice", "Sarah")) == {("Sarah", "lives_in", "Boston")}
    assert triples(graph_store.search("bob", "Sarah")) == {("Sarah", "lives_in", "Paris")}
    assert graph_store.users() == ["Zed", "alice", "bob"]


def test_invalid_relation_raises_or_is_skipped(graph_store: GraphStore) -> None:
    with pytest.raises(ExtractionError, match="skip_invalid"):
        graph_store.add_relations("alice", "m1", [rel("Sarah", "likes", "tea"), rel("", "x", "y")])
    assert graph_store.count("alice") == 0  # all or nothing
    ids = graph_store.add_relations(
        "alice", "m1", [rel("Sarah", "likes", "tea"), rel("", "x", "y")], skip_invalid=True
    )
    assert len(ids) == 1 and graph_store.count("alice") == 1
    assert graph_store.add_relations("alice", "m1", []) == []


def test_empty_user_id_is_refused(graph_store: GraphStore) -> None:
    with pytest.raises(ConfigError, match="user_id"):
        graph_store.add_relations(" ", "m1", [rel("a", "b", "c")])


def test_entity_type_and_first_spelling_are_kept(graph_store: GraphStore) -> None:
    graph_store.add_relations("alice", "m1", [rel("Sarah", "knows", "Tom")])
    graph_store.add_relations(
        "alice",
        "m2",
        [{**rel("SARAH", "lives_in", "Boston"), "source_type": "Person", "target_type": "city"}],
    )
    nodes = {n["name"]: n["type"] for n in graph_store.graph("alice")["nodes"]}
    assert nodes == {"Sarah": "person", "Tom": None, "Boston": "city"}


# ---------------------------------------------------------------- contract: time


def test_invalidate_memory_hides_current_but_keeps_history(graph_store: GraphStore) -> None:
    graph_store.add_relations(
        "alice", "m1", [rel("Sarah", "lives_in", "Boston")], valid_from=T0, recorded_at=T0
    )
    moved = T0 + timedelta(days=100)
    assert graph_store.invalidate_memory("m1", valid_to=moved) == 1
    assert graph_store.invalidate_memory("m1", valid_to=moved) == 0  # already closed
    graph_store.add_relations(
        "alice", "m2", [rel("Sarah", "lives_in", "Denver")], valid_from=moved, recorded_at=moved
    )
    assert triples(graph_store.search("alice", "Sarah")) == {("Sarah", "lives_in", "Denver")}
    before = graph_store.search("alice", "Sarah", as_of=T0 + timedelta(days=50))
    assert triples(before) == {("Sarah", "lives_in", "Boston")}
    assert before[0]["valid_from"] == "2024-01-01T00:00:00.000000+00:00"
    assert before[0]["valid_to"] == "2024-04-10T00:00:00.000000+00:00"
    after = graph_store.search("alice", "Sarah", as_of=moved + timedelta(days=1))
    assert triples(after) == {("Sarah", "lives_in", "Denver")}
    # valid_to is exclusive: at the moment of the move only the new fact holds.
    assert triples(graph_store.search("alice", "Sarah", as_of=moved)) == {
        ("Sarah", "lives_in", "Denver")
    }
    assert graph_store.count("alice") == 2
    assert graph_store.count("alice", include_expired=False) == 1


def test_as_of_ignores_facts_recorded_later_and_not_yet_valid(graph_store: GraphStore) -> None:
    graph_store.add_relations(
        "alice",
        "m1",
        [rel("Sarah", "lives_in", "Boston")],
        valid_from=T0,
        recorded_at=T0 + timedelta(days=10),
    )
    assert graph_store.search("alice", "Sarah", as_of=T0 + timedelta(days=5)) == []
    assert len(graph_store.search("alice", "Sarah", as_of=T0 + timedelta(days=11))) == 1
    graph_store.add_relations(
        "alice",
        "m2",
        [rel("Sarah", "moves_to", "Denver")],
        valid_from=T0 + timedelta(days=30),
        recorded_at=T0 + timedelta(days=10),
    )
    day_20 = graph_store.search("alice", "Sarah", as_of=T0 + timedelta(days=20))
    assert triples(day_20) == {("Sarah", "lives_in", "Boston")}
    assert len(graph_store.search("alice", "Sarah", as_of=T0 + timedelta(days=31))) == 2


def test_naive_and_aware_datetimes_compare_as_utc(graph_store: GraphStore) -> None:
    plus2 = timezone(timedelta(hours=2))
    graph_store.add_relations(
        "alice",
        "m1",
        [rel("Sarah", "likes", "tea")],
        recorded_at=datetime(2024, 1, 1, 12, 0, 0, 123456, tzinfo=plus2),
    )
    assert graph_store.search("alice", "Sarah", as_of=datetime(2024, 1, 1, 9, 59)) == []
    hits = graph_store.search("alice", "Sarah", as_of=datetime(2024, 1, 1, 10, 1))
    assert [h["recorded_at"] for h in hits] == ["2024-01-01T10:00:00.123456+00:00"]
    assert len(graph_store.search("alice", "Sarah", as_of="1:00 pm on 1 January, 2024")) == 1


def test_supersede_closes_only_that_source_and_relation(graph_store: GraphStore) -> None:
    graph_store.add_relations(
        "alice", "m1", [rel("Sarah", "lives_in", "Boston"), rel("Sarah", "likes", "tea")]
    )
    assert graph_store.supersede("alice", "SARAH", "Lives In", valid_to=T0) == 1
    assert triples(graph_store.search("alice", "Sarah")) == {("Sarah", "likes", "tea")}


def test_invalidate_requires_a_time(graph_store: GraphStore) -> None:
    with pytest.raises(ConfigError, match="valid_to"):
        graph_store.invalidate_memory("m1", valid_to=None)  # type: ignore[arg-type]


# ---------------------------------------------------------------- contract: matching, hops


def test_match_entities_longest_first_word_boundary(graph_store: GraphStore) -> None:
    graph_store.add_relations(
        "alice",
        "m1",
        [
            rel("Sarah", "lives_in", "New York City"),
            rel("Sarah", "visited", "York"),
            rel("Sarah", "plays", "Go"),
            rel("Sarah", "codes_in", "C++"),
        ],
    )
    assert graph_store.match_entities("alice", "Is sarah   in new  york city now?") == [
        "New York City",
        "Sarah",
    ]
    assert graph_store.match_entities("alice", "going to Yorkshire") == []
    assert graph_store.match_entities("alice", "york, and c++?") == ["York", "C++"]
    assert graph_store.match_entities("bob", "Sarah") == []
    assert graph_store.match_entities("alice", "") == []


def test_match_entities_casefolds(graph_store: GraphStore) -> None:
    graph_store.add_relations("alice", "m1", [rel("Straße", "leads_to", "Köln")])
    assert graph_store.match_entities("alice", "die STRASSE nach köln") == ["Straße", "Köln"]


def test_match_entities_dotless_i_is_not_i(graph_store: GraphStore) -> None:
    # Casefolding keeps "ı" and "i" apart, so "alı baba" does not name "Ali Baba" and
    # must not hide "Baba" (a case-insensitive regex once equated them: answer []).
    graph_store.add_relations("alice", "m1", [rel("Ali Baba", "knows", "Baba")])
    assert graph_store.match_entities("alice", "alı baba") == ["Baba"]
    assert graph_store.match_entities("alice", "ali baba") == ["Ali Baba"]


def test_search_hops(graph_store: GraphStore) -> None:
    graph_store.add_relations(
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
    got = {(h["source"], h["destination"]): h["hops"] for h in graph_store.search("alice", "Sarah")}
    assert got == {("Sarah", "Acme"): 0, ("Acme", "Boston"): 1, ("Boston", "Massachusetts"): 2}
    assert triples(graph_store.search("alice", "Sarah", hops=0)) == {("Sarah", "works_at", "Acme")}
    from_boston = {(h["source"], h["hops"]) for h in graph_store.search("alice", "Boston", hops=1)}
    assert from_boston == {("Acme", 0), ("Boston", 0), ("Massachusetts", 1), ("Sarah", 1)}
    assert graph_store.search("alice", "nothing known here") == []


def test_search_orders_by_hops_then_newest_and_limits(graph_store: GraphStore) -> None:
    graph_store.add_relations("alice", "m1", [rel("Sarah", "works_at", "Acme")], recorded_at=T0)
    graph_store.add_relations(
        "alice", "m2", [rel("Sarah", "likes", "tea")], recorded_at=T0 + timedelta(days=1)
    )
    graph_store.add_relations("alice", "m3", [rel("Acme", "makes", "rockets")], recorded_at=T0)
    hits = graph_store.search("alice", "Sarah")
    assert [(h["relationship"], h["hops"]) for h in hits] == [
        ("likes", 0),
        ("works_at", 0),
        ("makes", 1),
    ]
    assert triples(graph_store.search("alice", "Sarah", limit=1)) == {("Sarah", "likes", "tea")}
    assert graph_store.search("alice", "Sarah", limit=0) == []
    with pytest.raises(ConfigError, match="hops"):
        graph_store.search("alice", "Sarah", hops=-1)


def test_memory_ids_for_gives_min_hops(graph_store: GraphStore) -> None:
    graph_store.add_relations("alice", "m1", [rel("Sarah", "works_at", "Acme")])
    graph_store.add_relations("alice", "m2", [rel("Acme", "located_in", "Boston")])
    graph_store.add_relations("alice", "m3", [rel("Tom", "likes", "jazz")])
    graph_store.add_relations("alice", "m2", [rel("Sarah", "friend_of", "Tom")])
    assert graph_store.memory_ids_for("alice", "What does Sarah do?") == {
        "m1": 0,
        "m2": 0,
        "m3": 1,
    }
    assert graph_store.memory_ids_for("alice", "Acme", hops=0) == {"m1": 0, "m2": 0}


# ---------------------------------------------------------------- contract: erasure


def test_delete_memory_removes_rows_and_orphan_entities(backend: Backend) -> None:
    store = backend.store
    store.add_relations("alice", "m1", [rel("Sarah", "has_secret", "Xylophone Club")])
    store.add_relations("alice", "m2", [rel("Sarah", "lives_in", "Boston")])
    assert store.delete_memory("m1") == 1
    text = backend.dump()
    assert "Xylophone" not in text and "xylophone" not in text and "m1" not in text
    assert store.match_entities("alice", "Sarah") == ["Sarah"]  # still used by m2
    assert store.delete_memory("m1") == 0


def test_delete_memory_also_erases_superseded_rows(backend: Backend) -> None:
    store = backend.store
    store.add_relations("alice", "m1", [rel("Sarah", "dates", "Zed")])
    store.invalidate_memory("m1", valid_to=T0)
    assert store.delete_memory("m1") == 1
    assert "Zed" not in backend.dump()
    assert store.graph("alice", include_expired=True) == {"nodes": [], "edges": []}


def test_delete_memory_spanning_users_prunes_each(backend: Backend) -> None:
    store = backend.store
    store.add_relations("alice", "shared", [rel("Quentin", "knows", "Ursula")])
    store.add_relations("bob", "shared", [rel("Quentin", "knows", "Viktor")])
    assert store.delete_memory("shared") == 2
    text = backend.dump()
    assert "quentin" not in text.casefold() and text.strip() == ""
    assert store.users() == []


def test_delete_user_leaves_no_trace_and_spares_others(backend: Backend) -> None:
    store = backend.store
    store.add_relations("alice", "m1", [rel("Quentin", "lives_in", "Reykjavik")])
    store.add_relations("bob", "m2", [rel("Sarah", "lives_in", "Boston")])
    assert store.delete_user("alice") == 1
    text = backend.dump()
    assert "alice" not in text and "quentin" not in text.casefold()
    assert store.users() == ["bob"] and store.count("bob") == 1


def test_reset_clears_everything(backend: Backend) -> None:
    backend.store.add_relations("alice", "m1", [rel("a", "b", "c")])
    backend.store.reset()
    assert backend.store.users() == [] and backend.store.count("alice") == 0
    assert backend.dump().strip() == ""


# ---------------------------------------------------------------- contract: export


def test_graph_nodes_edges_and_history(graph_store: GraphStore) -> None:
    graph_store.add_relations("alice", "m1", [rel("Sarah", "lives_in", "Boston")], recorded_at=T0)
    graph_store.invalidate_memory("m1", valid_to=T0 + timedelta(days=1))
    graph_store.add_relations("alice", "m2", [rel("Sarah", "lives_in", "Denver")])
    current = graph_store.graph("alice")
    assert {n["name"] for n in current["nodes"]} == {"Sarah", "Denver"}
    assert triples(current["edges"]) == {("Sarah", "lives_in", "Denver")}
    history = graph_store.graph("alice", include_expired=True)
    assert triples(history["edges"]) == {
        ("Sarah", "lives_in", "Boston"),
        ("Sarah", "lives_in", "Denver"),
    }
    node_ids = {n["id"] for n in history["nodes"]}
    assert all(
        e["source_id"] in node_ids and e["destination_id"] in node_ids for e in history["edges"]
    )
    assert set(history["edges"][0]) == {
        "id", "source", "relationship", "destination", "source_id", "destination_id",
        "memory_id", "memory_ids", "valid_from", "valid_to", "recorded_at",
    }  # fmt: skip
    as_of = graph_store.graph("alice", as_of=T0 + timedelta(hours=1))
    assert triples(as_of["edges"]) == {("Sarah", "lives_in", "Boston")}


def test_to_json_round_trips(graph_store: GraphStore) -> None:
    graph_store.add_relations("alice", "m1", [rel("Zoë", "likes", "crème brûlée")])
    data = json.loads(graph_store.to_json("alice"))
    assert triples(data["edges"]) == {("Zoë", "likes", "crème brûlée")}


def test_to_graphml_is_valid_xml(graph_store: GraphStore) -> None:
    graph_store.add_relations(
        "alice",
        "m1",
        [rel('A & B <"Co">', "owns", "Zoë\x01's cat"), rel("Zoë's cat", "likes", "fish")],
    )
    root = ET.fromstring(graph_store.to_graphml("alice").encode("utf-8"))
    assert root.tag == f"{NS}graphml"
    graph = root.find(f"{NS}graph")
    assert graph is not None and graph.get("edgedefault") == "directed"
    names = {
        n.get("id"): n.find(f"{NS}data[@key='node_name']").text  # type: ignore[union-attr]
        for n in graph.iter(f"{NS}node")
    }
    assert set(names.values()) == {'A & B <"Co">', "Zoë 's cat", "Zoë's cat", "fish"}
    edges = list(graph.iter(f"{NS}edge"))
    assert len(edges) == 2
    assert all(e.get("source") in names and e.get("target") in names for e in edges)
    labels = {
        e.find(f"{NS}data[@key='edge_relationship']").text  # type: ignore[union-attr]
        for e in edges
    }
    assert labels == {"owns", "likes"}
    keys = {k.get("id") for k in root.iter(f"{NS}key")}
    assert {"node_name", "edge_relationship", "edge_valid_to"} <= keys


# ---------------------------------------------------------------- contract: connections


def test_data_persists_for_a_second_store(backend: Backend) -> None:
    backend.store.add_relations("alice", "m1", [rel("Sarah", "likes", "tea")])
    other = backend.reopen()
    assert other.count("alice") == 1
    assert triples(other.search("alice", "Sarah")) == {("Sarah", "likes", "tea")}


def test_concurrent_writers_share_one_store(graph_store: GraphStore) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(20):
                graph_store.add_relations("alice", f"m{n}-{i}", [rel(f"P{n}", "knows", f"Q{i}")])
                graph_store.search("alice", f"P{n}")
        except BaseException as err:  # surfaced below; a thread's exception is otherwise lost
            errors.append(err)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert graph_store.count("alice") == 80


# ---------------------------------------------------------------- both backends agree


def _scenario(store: GraphStore) -> list[Any]:
    """Mixed operations; everything they return except the random relation ids."""
    plus5 = timezone(timedelta(hours=5))
    out: list[Any] = [
        # Distinct recorded_at everywhere: ties are ordered by the random ids.
        store.add_relations(
            "alice", "m1", [rel("Sarah", "lives in", "Boston")], valid_from=T0, recorded_at=T0
        )
        != [],
        store.add_relations(
            "alice",
            "m1",
            [rel("Sarah", "works at", "Acme")],
            valid_from=T0,
            recorded_at=T0 + timedelta(seconds=1),
        )
        != [],
        store.add_relations(
            "alice",
            "m2",
            [{**rel("Acme", "located_in", "Boston"), "source_type": "Company"}],
            recorded_at=datetime(2024, 2, 1, 8, 30, tzinfo=plus5),
        )
        != [],
        store.invalidate_memory("m1", valid_to="2024-03-01T00:00:00Z"),
    ]
    store.add_relations(
        "alice", "m3", [rel("Sarah", "lives_in", "Denver")], valid_from="2024-03-01"
    )
    store.add_relations(
        "alice", "m4", [rel("Sarah", "lives_in", "Denver")], recorded_at=T0 + timedelta(days=9)
    )
    for as_of in (None, "2024-02-15", datetime(2024, 1, 15)):
        out.append(store.search("alice", "Sarah and acme", as_of=as_of))
        out.append(store.memory_ids_for("alice", "Boston", as_of=as_of, hops=1))
    for include_expired in (False, True):
        data = store.graph("alice", include_expired=include_expired)
        for edge in data["edges"]:
            edge.pop("id")
        out.append(data)
    out += [store.users(), store.count("alice"), store.count("alice", include_expired=False)]
    out.append(store.supersede("alice", "sarah", "LivesIn", valid_to=datetime(2030, 1, 1)))
    out += [store.delete_memory("m2"), store.graph("alice", include_expired=True)["nodes"]]
    out += [store.delete_user("alice"), store.users()]
    return out


def test_backends_return_identical_results(tmp_path: Path, pg_store: PostgresGraphStore) -> None:
    conn = sqlite3.connect(str(tmp_path / "memory.db"))
    try:
        expected = _scenario(GraphStore(conn))
    finally:
        conn.close()
    assert _scenario(pg_store) == expected


# ---------------------------------------------------------------- PostgreSQL specifics


def test_schemas_isolate_stores(postgres_dsn: str, pg_store: PostgresGraphStore) -> None:
    pg_store.add_relations("alice", "m1", [rel("Sarah", "likes", "tea")])
    other_schema = f"t_{uuid.uuid4().hex[:12]}"
    with PostgresGraphStore(postgres_dsn, schema=other_schema) as other:
        assert other.schema == other_schema
        assert other.users() == [] and other.count("alice") == 0
        other.reset()
    assert pg_store.count("alice") == 1


def test_times_are_timestamptz_and_dedupe_is_an_index(
    pg_store: PostgresGraphStore, pg_admin: Any
) -> None:
    types = dict(
        pg_admin.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = 'graph_relations'",
            (pg_store.schema,),
        ).fetchall()
    )
    assert {types[c] for c in ("valid_from", "valid_to", "recorded_at")} == {
        "timestamp with time zone"
    }
    indexes = [
        row[0]
        for row in pg_admin.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = %s", (pg_store.schema,)
        )
    ]
    assert any("UNIQUE" in d and "WHERE (valid_to IS NULL)" in d for d in indexes)


def test_two_connections_adding_the_same_fact_store_it_once(
    postgres_dsn: str, pg_store: PostgresGraphStore
) -> None:
    stores = [PostgresGraphStore(postgres_dsn, schema=pg_store.schema) for _ in range(3)]
    results: list[list[str]] = []
    barrier = threading.Barrier(len(stores))

    def add(store: PostgresGraphStore) -> None:
        barrier.wait()
        results.append(store.add_relations("alice", "m1", [rel("Sarah", "likes", "tea")]))

    threads = [threading.Thread(target=add, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for store in stores:
        store.close()
    assert len(results) == 3 and len({tuple(r) for r in results}) == 1
    assert pg_store.count("alice") == 1


def test_failed_transaction_is_rolled_back_and_store_stays_usable(
    pg_store: PostgresGraphStore,
) -> None:
    import psycopg

    # PostgreSQL text cannot hold NUL: the relation insert fails after the entity
    # upserts of the same transaction have run; none of it may remain.
    with pytest.raises(psycopg.DataError):
        pg_store.add_relations("alice", "m\x00", [rel("Sarah", "likes", "tea")])
    assert pg_store.users() == [] and pg_store.graph("alice")["nodes"] == []
    pg_store.add_relations("alice", "m1", [rel("Sarah", "likes", "tea")])
    assert pg_store.count("alice") == 1


def test_closed_store_says_so(postgres_dsn: str) -> None:
    store = PostgresGraphStore(postgres_dsn, schema=f"t_{uuid.uuid4().hex[:12]}")
    store.reset()
    store.close()
    with pytest.raises(BackendUnavailableError, match="closed or broken"):
        store.count("alice")


def test_unreachable_server_names_dsn_without_password() -> None:
    pytest.importorskip("psycopg", reason=INSTALL_HINT)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dsn = f"postgresql://agent:s3cret-pw@127.0.0.1:{port}/memories?connect_timeout=2"
    with pytest.raises(BackendUnavailableError) as info:
        PostgresGraphStore(dsn)
    message = str(info.value)
    assert f"port={port}" in message and "dbname=memories" in message
    assert "s3cret-pw" not in message and "start the server" in message


def test_bad_dsn_and_schema_are_config_errors() -> None:
    pytest.importorskip("psycopg", reason=INSTALL_HINT)
    with pytest.raises(ConfigError, match="cannot be parsed") as info:
        PostgresGraphStore("host=x password=s3cret-pw oops")
    assert "s3cret-pw" not in str(info.value)
    for schema in ("", "my-schema", 'x"; DROP TABLE y; --', "a" * 64):
        with pytest.raises(ConfigError, match="schema"):
            PostgresGraphStore("host=127.0.0.1", schema=schema)


def test_missing_psycopg_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graph_postgres, "_PSYCOPG_ERROR", ImportError("No module named 'psycopg'"))
    with pytest.raises(ConfigError, match=r"pip install 'langmem-local\[postgres\]'"):
        PostgresGraphStore("postgresql://localhost/db")


def test_role_without_create_privilege(
    postgres_dsn: str, pg_store: PostgresGraphStore, pg_admin: Any
) -> None:
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    role = f"limited_{uuid.uuid4().hex[:8]}"
    schema = pg_store.schema
    pg_admin.execute(f'CREATE ROLE "{role}" LOGIN')
    pg_admin.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
    pg_admin.execute(
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"'
    )
    dsn = make_conninfo("", **{**conninfo_to_dict(postgres_dsn), "user": role})
    try:
        # Tables made by an administrator: a read/write role can use them.
        with PostgresGraphStore(dsn, schema=schema) as store:
            store.add_relations("alice", "m1", [rel("Sarah", "likes", "tea")])
            assert store.count("alice") == 1
        # It cannot create a new schema, and is told what to do about it.
        with pytest.raises(ConfigError, match="grant it CREATE"):
            PostgresGraphStore(dsn, schema=f"t_{uuid.uuid4().hex[:12]}")
    finally:
        pg_admin.execute(f'DROP OWNED BY "{role}"')
        pg_admin.execute(f'DROP ROLE "{role}"')


def test_dedupe_fallback_inserts_when_the_conflicting_row_was_closed(
    pg_store: PostgresGraphStore,
) -> None:
    # The race add_relations recovers from: its INSERT conflicted with an active row
    # that another connection closed before the follow-up SELECT.
    (old,) = pg_store.add_relations("alice", "m1", [rel("Sarah", "likes", "tea")])
    pg_store.invalidate_memory("m1", valid_to=T0)
    row = ("fresh-id", "alice", "sarah", "likes", "tea", "m1", None, "2024-01-02T00:00:00Z")
    with pg_store._transaction() as cur:
        assert pg_store._insert_or_get(cur, row) == "fresh-id"
        assert pg_store._insert_or_get(cur, ("other-id", *row[1:])) == "fresh-id"
    assert pg_store.count("alice") == 2 and pg_store.count("alice", include_expired=False) == 1
    assert old != "fresh-id"
