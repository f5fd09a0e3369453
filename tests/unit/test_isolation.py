"""No user ever sees or erases another's memories, whatever their ids look like.

Hostile ids are the ones that mean something to some layer below: SQL LIKE
(``%``, ``_``), Mem0's filter wildcard (``*``), paths (``..``, ``a/b``),
namespace escapes (``%2E``), e-mail addresses, quotes, NUL, 10k characters.
Every surface is probed: search (plain, filtered, ``as_of``), get_all, get /
update / delete / history / versions by id with a user scope, delete_all,
the graph, the retriever and the LangGraph store.
"""

from __future__ import annotations

import pytest

from langmem_local.errors import MemoryNotFoundError
from langmem_local.retriever import Mem0Retriever
from langmem_local.store import Mem0Store, namespace_for_user

# Every test here runs on both storage profiles (embedded and server).
pytestmark = pytest.mark.profiles

HOSTILE = [
    "*",
    "%",
    "_",
    "%%",
    "a_",
    "..",
    "../victim",
    "a/b",
    "victim%2Ecom",
    "bob@x.com",
    "victim@example.com",
    "' OR '1'='1",
    '{"$ne": null}',
    "VICTIM",
    "ünï.çødé",
    "x" * 10_000,
]
VICTIM = "victim"
SECRET = "Zebracorn diagnosis stays private"


@pytest.fixture
def populated(make_memory):
    m = make_memory()
    victim = m.add(SECRET, user_id=VICTIM, metadata={"kind": "health"}, infer=False)
    victim_id = victim["results"][0]["id"]
    m._graph.add_relations(
        VICTIM, victim_id, [{"source": "user", "relation": "has", "target": "Zebracorn"}]
    )
    for uid in HOSTILE:
        m.add(f"{uid[:20]} likes tea", user_id=uid, metadata={"kind": "health"}, infer=False)
    return m, victim_id


def _leaks(results: list[dict]) -> list[dict]:
    return [r for r in results if "Zebracorn" in r["memory"] or r["user_id"] == VICTIM]


def test_reads_never_cross_users(populated) -> None:
    m, victim_id = populated
    for uid in HOSTILE:
        assert _leaks(m.search("Zebracorn diagnosis", user_id=uid, limit=50)["results"]) == []
        assert (
            _leaks(
                m.search("Zebracorn", user_id=uid, limit=50, filters={"kind": "health"})["results"]
            )
            == []
        )
        assert _leaks(m.search("Zebracorn", user_id=uid, as_of="2999-01-01")["results"]) == []
        assert _leaks(m.get_all(user_id=uid)["results"]) == []
        assert [r["user_id"] for r in m.get_all(user_id=uid)["results"]] == [uid]
        assert m.search("Zebracorn", user_id=uid)["relations"] == []
        assert m.get(victim_id, user_id=uid) is None
    assert m.get(victim_id, user_id=VICTIM)["memory"] == SECRET


def test_writes_by_id_are_scoped_and_answer_like_unknown_ids(populated) -> None:
    m, victim_id = populated
    with pytest.raises(MemoryNotFoundError) as unknown:
        m.update("no-such-id", "x", user_id="*")
    for uid in HOSTILE:
        for call in (
            lambda uid=uid: m.update(victim_id, "Owned", user_id=uid),
            lambda uid=uid: m.delete(victim_id, user_id=uid),
            lambda uid=uid: m.history(victim_id, user_id=uid),
            lambda uid=uid: m.versions(victim_id, user_id=uid),
        ):
            with pytest.raises(MemoryNotFoundError) as err:
                call()
            # Same message shape as for an id that does not exist: no oracle.
            assert str(err.value) == str(unknown.value).replace("no-such-id", victim_id)
    assert m.get(victim_id)["memory"] == SECRET


def test_delete_all_erases_exactly_one_user(populated) -> None:
    m, victim_id = populated
    before = {uid: len(m.get_all(user_id=uid)["results"]) for uid in HOSTILE}
    for uid in HOSTILE:
        assert m.delete_all(user_id=uid)["deleted"] == before[uid] == 1
        assert m.get(victim_id)["memory"] == SECRET
    assert m.users() == [VICTIM]
    hits = m.search("Zebracorn", user_id=VICTIM)["results"]
    assert [h["memory"] for h in hits] == [SECRET]


def test_surrounding_whitespace_is_refused_not_stripped(make_memory) -> None:
    m = make_memory()
    m.add("Alice likes tea", user_id="alice", infer=False)
    for uid in (" alice", "alice ", "\talice"):
        with pytest.raises(ValueError, match="surrounding whitespace"):
            m.get_all(user_id=uid)
        with pytest.raises(ValueError, match="surrounding whitespace"):
            m.delete_all(user_id=uid)
    with pytest.raises(ValueError, match="NUL"):
        m.get_all(user_id="alice\x00")
    assert len(m.get_all(user_id="alice")["results"]) == 1


def test_retriever_and_store_stay_in_their_user(populated) -> None:
    m, victim_id = populated
    for uid in HOSTILE:
        docs = Mem0Retriever(memory=m, user_id=uid, k=20).invoke("Zebracorn diagnosis")
        assert all("Zebracorn" not in d.page_content for d in docs)
    store = Mem0Store(m)
    store.put(namespace_for_user(VICTIM), "dx", {"content": "Zebracorn again"})
    for uid in HOSTILE:
        ns = namespace_for_user(uid)
        store.put(ns, "dx", {"content": "tea"})
        hits = store.search(ns, query="Zebracorn", limit=50)
        assert all("Zebracorn" not in str(h.value) for h in hits)
        assert store.get(ns, victim_id) is None  # engine ids are not keys across users
        store.delete(ns, "dx")
    assert store.get(namespace_for_user(VICTIM), "dx").value == {"content": "Zebracorn again"}
    assert m.get(victim_id)["memory"] == SECRET
