"""Contract of the graph store as each profile wires it (the full graph contract,
backend by backend, is ``tests/integration/test_graph_postgres.py``)."""

from __future__ import annotations

import pytest

from langmem_local.stores.profiles import Stores
from langmem_local.stores.protocols import GraphStoreProtocol
from tests.contract.conftest import HOSTILE_IDS, T0, VICTIM


def test_implements_the_protocol(stores: Stores) -> None:
    assert isinstance(stores.graph, GraphStoreProtocol)


def test_relations_join_the_unit_of_work(stores: Stores) -> None:
    with pytest.raises(RuntimeError), stores.db.transaction():
        stores.graph.add_relations(
            VICTIM, "m1", [{"source": "Sarah", "relation": "likes", "target": "tea"}]
        )
        raise RuntimeError("boom")
    assert stores.graph.search(VICTIM, "Sarah") == []


@pytest.mark.parametrize("hostile", HOSTILE_IDS, ids=lambda h: repr(h[:12]))
def test_hostile_user_ids_never_reach_another_user(stores: Stores, hostile: str) -> None:
    fact = [{"source": "Sarah", "relation": "lives in", "target": "Boston"}]
    stores.graph.add_relations(VICTIM, "m-alice", fact, valid_from=T0)
    stores.graph.add_relations(hostile, "m-hostile", fact, valid_from=T0)
    assert [e["memory_ids"] for e in stores.graph.search(hostile, "Sarah")] == [["m-hostile"]]
    assert stores.graph.memory_ids_for(hostile, "Sarah") == {"m-hostile": 0}
    stores.graph.delete_user(hostile)
    assert stores.graph.search(hostile, "Sarah") == []
    assert [e["memory_ids"] for e in stores.graph.search(VICTIM, "Sarah")] == [["m-alice"]]
