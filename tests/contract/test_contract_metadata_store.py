"""Contract of the metadata store (the source of truth): SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from langmem_local.stores.profiles import Stores
from langmem_local.stores.protocols import MetadataStoreProtocol
from tests.contract.conftest import HOSTILE_IDS, T0, VICTIM, add, unit


def test_implements_the_protocol(stores: Stores) -> None:
    assert isinstance(stores.db, MetadataStoreProtocol)


def test_rows_round_trip_identically(stores: Stores) -> None:
    memory_id = add(stores, "u1", "Likes green tea", vector=unit(2))
    row = stores.db.get_memory(memory_id)
    assert row is not None
    assert {
        k: row[k]
        for k in (
            "id",
            "user_id",
            "text",
            "metadata",
            "importance",
            "access_count",
            "source_turns",
            "category",
        )
    } == {
        "id": memory_id,
        "user_id": "u1",
        "text": "Likes green tea",
        "metadata": {"k": "v"},
        "importance": 0.5,
        "access_count": 0,
        "source_turns": [],
        "category": "message",
    }
    assert "embedding" not in row
    owner, vector = stores.db.vectors([memory_id])[memory_id]
    assert owner == "u1" and np.allclose(vector, unit(2))
    assert [h["event"] for h in stores.db.history(memory_id)] == ["ADD"]
    assert stores.db.audit_log(user_id="u1")[0]["action"] == "ADD"
    versions = stores.db.versions(memory_id)
    assert len(versions) == 1 and np.allclose(versions[0]["embedding"], unit(2))


def test_memories_and_vectors_is_get_memories_and_vectors_at_once(stores: Stores) -> None:
    a = add(stores, "u1", "Likes green tea", vector=unit(2))
    b = add(stores, "u2", "Plays the cello", vector=unit(3))
    ids = [b, a, "no-such-id"]
    rows, vecs = stores.db.memories_and_vectors(ids)
    assert rows == stores.db.get_memories(ids)
    want = stores.db.vectors(ids)
    assert set(vecs) == set(want) == {a, b}
    for memory_id, (owner, vector) in want.items():
        assert vecs[memory_id][0] == owner and np.array_equal(vecs[memory_id][1], vector)
    assert "embedding" not in rows[a]
    assert stores.db.memories_and_vectors([]) == ({}, {})


def test_a_failed_unit_of_work_leaves_nothing(stores: Stores) -> None:
    with pytest.raises(RuntimeError), stores.db.transaction():
        add(stores, "u1", "half written")  # nested: joins the outer unit of work
        assert stores.db.in_transaction
        raise RuntimeError("boom")
    assert not stores.db.in_transaction
    assert stores.db.user_memories("u1") == [] and stores.db.memory_ids() == set()
    assert stores.keyword.count() == 0 and stores.db.audit_log() == []


def test_updates_versions_and_as_of(stores: Stores) -> None:
    memory_id = add(stores, "u1", "Lives in Denver", vector=unit(1))
    later = T0 + timedelta(days=30)
    with stores.db.transaction():
        stores.db.close_version(memory_id, later)
        stores.db.add_version(
            memory_id=memory_id,
            user_id="u1",
            text="Lives in Boston",
            embedding=unit(3),
            metadata={},
            valid_from=later,
            event="UPDATE",
        )
        stores.db.update_memory(memory_id, text="Lives in Boston", embedding=unit(3))
        stores.db.record_history(memory_id, "Lives in Denver", "Lives in Boston", "UPDATE")
    assert stores.db.get_memory(memory_id)["text"] == "Lives in Boston"  # type: ignore[index]
    assert np.allclose(stores.db.vectors([memory_id])[memory_id][1], unit(3))
    then = stores.db.versions_as_of("u1", T0 + timedelta(days=1))
    assert [v["text"] for v in then] == ["Lives in Denver"]
    assert [h["event"] for h in stores.db.history(memory_id)] == ["ADD", "UPDATE"]


def test_sessions_neighbours_and_recent_messages(stores: Stores) -> None:
    ids = [add(stores, "u1", f"turn {i}", run_id="s1", speaker="Ann") for i in range(3)]
    other = add(stores, "u1", "other session", run_id="s2")
    prev_of, next_of = stores.db.neighbours([*ids, other])
    assert prev_of == {ids[1]: ids[0], ids[2]: ids[1]}
    assert next_of == {ids[0]: ids[1], ids[1]: ids[2]}
    assert stores.db.recent_messages("u1", "s1", 2) == ["turn 1", "turn 2"]
    assert stores.db.speakers("u1") == ["Ann"]


def test_turn_queue(stores: Stores) -> None:
    turn = stores.db.enqueue_turn("u1", [{"role": "user", "content": "hi"}], {"a": 1})
    assert [t["id"] for t in stores.db.pending_turns("u1")] == [turn]
    stores.db.mark_turn(turn, done=False, error="model down")
    got = stores.db.get_turn(turn)
    assert got is not None and got["attempts"] == 1 and got["messages"][0]["content"] == "hi"
    stores.db.mark_turn(turn, done=True)
    assert stores.db.pending_turns() == []


@pytest.mark.parametrize("hostile", HOSTILE_IDS, ids=lambda h: repr(h[:12]))
def test_hostile_user_ids_never_reach_another_user(stores: Stores, hostile: str) -> None:
    mine = add(stores, VICTIM, "Alice's secret diary", speaker="Alice")
    theirs = add(stores, hostile, "hostile note", speaker="Eve")
    stores.db.enqueue_turn(VICTIM, [{"role": "user", "content": "pending"}], {})
    db = stores.db
    assert [r["id"] for r in db.user_memories(hostile)] == [theirs]
    assert db.speakers(hostile) == ["Eve"]
    assert db.pending_turns(hostile) == []
    assert db.versions_as_of(hostile, T0 + timedelta(days=1))[0]["memory_id"] == theirs
    assert [e["memory_id"] for e in db.audit_log(user_id=hostile)] == [theirs]
    assert db.user_share(hostile) == pytest.approx(0.5)
    assert db.erase_user(hostile) == [theirs]
    assert [r["id"] for r in db.user_memories(VICTIM)] == [mine]
    assert len(db.pending_turns(VICTIM)) == 1 and db.speakers(VICTIM) == ["Alice"]
    assert db.users() == [VICTIM]


def test_erasure_scrubs_text_but_keeps_events(stores: Stores) -> None:
    memory_id = add(stores, "u1", "Has Xyzzy")
    stores.db.record_history(memory_id, "Has Xyzzy", None, "DELETE")
    stores.db.erase_memory(memory_id)
    assert stores.db.get_memory(memory_id) is None and stores.db.versions(memory_id) == []
    hist = stores.db.history(memory_id)
    assert [h["event"] for h in hist] == ["ADD", "DELETE"]
    assert all(h["old_memory"] is None and h["new_memory"] is None for h in hist)
    stores.db.reset()
    assert stores.db.users() == [] and stores.db.manifest() == {}
