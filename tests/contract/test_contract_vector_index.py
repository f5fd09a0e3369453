"""Contract of the vector index: Chroma (derived, outbox) and pgvector (the row's column)."""

from __future__ import annotations

import pytest

from langmem_local.stores.profiles import Stores
from langmem_local.stores.protocols import VectorIndexProtocol
from tests.contract.conftest import DIMS, HOSTILE_IDS, VICTIM, add, unit


@pytest.fixture
def index(stores: Stores) -> VectorIndexProtocol:
    idx = stores.open_vectors(DIMS)
    yield idx
    idx.close()


def test_implements_the_protocol(index: VectorIndexProtocol) -> None:
    assert isinstance(index, VectorIndexProtocol) and index.owner


def test_nearest_first_with_cosine(stores: Stores, index: VectorIndexProtocol) -> None:
    a = add(stores, VICTIM, "a", vector=unit(0))
    b = add(stores, VICTIM, "b", vector=[0.8, 0.6, 0, 0, 0, 0, 0, 0])
    add(stores, VICTIM, "c", vector=unit(5))
    index.sync()
    hits = index.search(unit(0), user_id=VICTIM, limit=2, user_share=1.0)
    assert [i for i, _ in hits] == [a, b]
    assert hits[0][1] == pytest.approx(1.0, abs=1e-5) and hits[1][1] == pytest.approx(0.8, abs=1e-5)
    assert index.reconcile() == {"synced": 0, "removed": 0, "restored": 0}
    assert index.indexed_ids() == stores.db.memory_ids()


def test_erased_memories_are_never_returned(stores: Stores, index: VectorIndexProtocol) -> None:
    gone = add(stores, VICTIM, "gone", vector=unit(1))
    kept = add(stores, VICTIM, "kept", vector=unit(2))
    index.sync()
    stores.db.erase_memory(gone)
    # Even before the derived index catches up, the source of truth decides.
    assert gone not in [i for i, _ in index.search(unit(1), user_id=VICTIM, limit=5)]
    index.sync()
    assert index.indexed_ids() == {kept}


@pytest.mark.parametrize("hostile", HOSTILE_IDS, ids=lambda h: repr(h[:12]))
@pytest.mark.parametrize("share", [0.0, 0.5])
def test_hostile_user_ids_never_reach_another_user(
    stores: Stores, index: VectorIndexProtocol, hostile: str, share: float
) -> None:
    mine = add(stores, VICTIM, "alice", vector=unit(3))
    theirs = add(stores, hostile, "hostile", vector=unit(4))
    index.sync()
    got = index.search(unit(3), user_id=hostile, limit=10, user_share=share)
    assert [i for i, _ in got] == [theirs]
    assert [i for i, _ in index.search(unit(4), user_id=VICTIM, limit=10)] == [mine]
