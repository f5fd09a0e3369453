"""A BaseStore conformance suite, run against InMemoryStore and Mem0Store.

LangGraph ships no standard tests for stores; these follow the behaviour its
own InMemoryStore tests pin down (put/get/delete, search with filter, limit and
offset, list_namespaces with prefix/suffix/max_depth, batch result order,
async parity). Semantic-ranking tests run on every store that has an index.
The Mem0Store runs on the real LocalMemory (MiniLM embeddings, SQLite, Chroma).
"""

from __future__ import annotations

import asyncio
import re
from datetime import datetime

import pytest
from langgraph.store.base import (
    BaseStore,
    GetOp,
    Item,
    ListNamespacesOp,
    MatchCondition,
    PutOp,
    SearchItem,
    SearchOp,
)
from langgraph.store.memory import InMemoryStore

from langmem_local.store import (
    Mem0Store,
    decode_label,
    encode_label,
    namespace_for_user,
    namespace_to_user_id,
    user_id_to_namespace,
)

# The Mem0Store runs on the embedded and the server profile.
pytestmark = pytest.mark.profiles

STORES = ["inmemory", "inmemory-index", "mem0"]


@pytest.fixture(params=STORES)
def store(request, make_memory, minilm) -> BaseStore:
    if request.param == "inmemory":
        return InMemoryStore()
    if request.param == "inmemory-index":
        return InMemoryStore(index={"dims": 384, "embed": minilm, "fields": ["content"]})
    return Mem0Store(make_memory())


def _semantic(store: BaseStore) -> bool:
    return not (isinstance(store, InMemoryStore) and store.index_config is None)


# -- put / get / delete --------------------------------------------------------
def test_put_get_returns_exact_value(store: BaseStore) -> None:
    value = {"content": "Alice is vegetarian", "tags": ["food", "diet"], "n": 3, "ok": True}
    store.put(("users", "alice"), "diet", value)
    item = store.get(("users", "alice"), "diet")
    assert isinstance(item, Item)
    assert item.value == value
    assert item.key == "diet"
    assert item.namespace == ("users", "alice")
    assert isinstance(item.created_at, datetime) and item.created_at.tzinfo is not None
    assert isinstance(item.updated_at, datetime) and item.updated_at >= item.created_at


def test_get_missing_is_none(store: BaseStore) -> None:
    store.put(("users", "alice"), "a", {"content": "x"})
    assert store.get(("users", "alice"), "nope") is None
    assert store.get(("users", "bob"), "a") is None


def test_put_existing_key_replaces(store: BaseStore) -> None:
    ns = ("users", "alice")
    store.put(ns, "city", {"content": "Alice lives in Denver"})
    first = store.get(ns, "city")
    store.put(ns, "city", {"content": "Alice lives in Boston"})
    item = store.get(ns, "city")
    assert item.value == {"content": "Alice lives in Boston"}
    assert item.updated_at >= first.updated_at
    assert [i.key for i in store.search(ns)] == ["city"]


def test_delete(store: BaseStore) -> None:
    ns = ("users", "alice")
    store.put(ns, "a", {"content": "keep"})
    store.put(ns, "b", {"content": "drop"})
    store.delete(ns, "b")
    assert store.get(ns, "b") is None
    assert store.get(ns, "a") is not None
    store.delete(ns, "never-existed")  # no error


def test_put_op_with_none_value_deletes(store: BaseStore) -> None:
    ns = ("users", "alice")
    store.put(ns, "a", {"content": "x"})
    assert store.batch([PutOp(ns, "a", None)]) == [None]
    assert store.get(ns, "a") is None


def test_value_without_text_field_round_trips(store: BaseStore) -> None:
    value = {"profile": {"name": "Alice", "languages": ["en", "fr"]}, "age": 31}
    store.put(("users", "alice"), "profile", value)
    assert store.get(("users", "alice"), "profile").value == value


# -- search ----------------------------------------------------------------------
def test_search_is_scoped_to_prefix(store: BaseStore) -> None:
    store.put(("docs", "a"), "1", {"content": "one"})
    store.put(("docs", "b"), "2", {"content": "two"})
    store.put(("other",), "3", {"content": "three"})
    assert {i.key for i in store.search(("docs",))} == {"1", "2"}
    assert {i.key for i in store.search(("docs", "a"))} == {"1"}
    assert {i.key for i in store.search(())} == {"1", "2", "3"}
    assert store.search(("missing",)) == []
    items = store.search(("docs",))
    assert all(isinstance(i, SearchItem) for i in items)
    assert {i.namespace for i in items} == {("docs", "a"), ("docs", "b")}


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({"color": "red"}, {"r1", "r3"}),
        ({"color": "red", "size": 2}, {"r3"}),
        ({"size": {"$gt": 1}}, {"b2", "r3"}),
        ({"size": {"$gte": 1, "$lt": 2}}, {"r1"}),
        ({"size": {"$lte": 1}}, {"r1"}),
        ({"color": {"$ne": "red"}}, {"b2"}),
        ({"color": {"$eq": "blue"}}, {"b2"}),
        ({"meta": {"shape": "round"}}, {"b2"}),
        ({"color": "green"}, set()),
    ],
)
def test_search_filter(store: BaseStore, flt: dict, expected: set[str]) -> None:
    ns = ("things",)
    store.put(ns, "r1", {"content": "a small red ball", "color": "red", "size": 1})
    store.put(
        ns, "b2", {"content": "a blue cube", "color": "blue", "size": 2, "meta": {"shape": "round"}}
    )
    store.put(ns, "r3", {"content": "a red box", "color": "red", "size": 2})
    assert {i.key for i in store.search(ns, filter=flt)} == expected


def test_search_limit_and_offset_paginate(store: BaseStore) -> None:
    ns = ("notes",)
    for i in range(5):
        store.put(ns, f"n{i}", {"content": f"note {i}"})
    pages = [store.search(ns, limit=2, offset=o) for o in (0, 2, 4)]
    assert [len(p) for p in pages] == [2, 2, 1]
    keys = [i.key for p in pages for i in p]
    assert sorted(keys) == [f"n{i}" for i in range(5)]
    assert store.search(ns, limit=2, offset=10) == []


def test_semantic_search_ranks_by_meaning(store: BaseStore) -> None:
    if not _semantic(store):
        pytest.skip("InMemoryStore without an index cannot rank by meaning")
    ns = ("memories", "alice")
    store.put(ns, "food", {"content": "Alice is vegetarian and loves Thai curry"})
    store.put(ns, "job", {"content": "Alice works as a nurse at the city hospital"})
    store.put(ns, "pet", {"content": "Alice has a golden retriever called Max"})
    hits = store.search(ns, query="what does she like to eat?", limit=3)
    assert hits[0].key == "food"
    assert all(h.score is not None for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    dog = store.search(ns, query="her dog", limit=1)
    assert [h.key for h in dog] == ["pet"]


def test_semantic_search_with_filter_and_offset(store: BaseStore) -> None:
    if not _semantic(store):
        pytest.skip("InMemoryStore without an index cannot rank by meaning")
    ns = ("memories", "alice")
    store.put(ns, "a", {"content": "Alice likes hiking in the mountains", "kind": "hobby"})
    store.put(ns, "b", {"content": "Alice enjoys mountain biking", "kind": "hobby"})
    store.put(ns, "c", {"content": "Alice hikes every weekend", "kind": "routine"})
    hobbies = store.search(ns, query="mountain hiking", filter={"kind": "hobby"}, limit=5)
    assert {h.key for h in hobbies} == {"a", "b"}
    first = store.search(ns, query="mountain hiking", limit=1)
    rest = store.search(ns, query="mountain hiking", limit=5, offset=1)
    assert first[0].key not in {h.key for h in rest}
    assert len(rest) == 2


# -- list_namespaces ---------------------------------------------------------------
@pytest.fixture
def tree(store: BaseStore) -> BaseStore:
    for ns in [
        ("a", "b", "c"),
        ("a", "b", "d", "e"),
        ("a", "b", "d", "i"),
        ("a", "b", "f"),
        ("a", "c", "f"),
        ("b", "a", "f"),
        ("users", "123"),
        ("users", "456", "settings"),
    ]:
        store.put(ns, "k", {"content": "/".join(ns)})
    return store


def test_list_namespaces_all_sorted(tree: BaseStore) -> None:
    assert tree.list_namespaces() == sorted(tree.list_namespaces())
    assert len(tree.list_namespaces()) == 8


def test_list_namespaces_prefix_suffix(tree: BaseStore) -> None:
    assert tree.list_namespaces(prefix=("a", "b")) == [
        ("a", "b", "c"),
        ("a", "b", "d", "e"),
        ("a", "b", "d", "i"),
        ("a", "b", "f"),
    ]
    assert tree.list_namespaces(suffix=("f",)) == [
        ("a", "b", "f"),
        ("a", "c", "f"),
        ("b", "a", "f"),
    ]
    assert tree.list_namespaces(prefix=("a",), suffix=("f",)) == [("a", "b", "f"), ("a", "c", "f")]
    assert tree.list_namespaces(prefix=("a", "*", "f")) == [("a", "b", "f"), ("a", "c", "f")]
    assert tree.list_namespaces(suffix=("*", "f")) == [
        ("a", "b", "f"),
        ("a", "c", "f"),
        ("b", "a", "f"),
    ]


def test_list_namespaces_max_depth_limit_offset(tree: BaseStore) -> None:
    assert tree.list_namespaces(prefix=("a", "b"), max_depth=3) == [
        ("a", "b", "c"),
        ("a", "b", "d"),
        ("a", "b", "f"),
    ]
    assert tree.list_namespaces(max_depth=1) == [("a",), ("b",), ("users",)]
    everything = tree.list_namespaces()
    assert tree.list_namespaces(limit=3) == everything[:3]
    assert tree.list_namespaces(limit=3, offset=3) == everything[3:6]


# -- batch / async ---------------------------------------------------------------
def test_batch_results_follow_op_order(store: BaseStore) -> None:
    store.batch(
        [PutOp(("x", "1"), "a", {"content": "first"}), PutOp(("x", "2"), "b", {"content": "2nd"})]
    )
    results = store.batch(
        [
            GetOp(("x", "2"), "b"),
            SearchOp(("x",), limit=10),
            GetOp(("x", "1"), "missing"),
            ListNamespacesOp(match_conditions=(MatchCondition("prefix", ("x",)),)),
            GetOp(("x", "1"), "a"),
        ]
    )
    assert len(results) == 5
    assert results[0].value == {"content": "2nd"}
    assert {i.key for i in results[1]} == {"a", "b"}
    assert results[2] is None
    assert results[3] == [("x", "1"), ("x", "2")]
    assert results[4].value == {"content": "first"}


async def test_async_parity(store: BaseStore) -> None:
    ns = ("async", "alice")
    await store.aput(ns, "a", {"content": "Alice plays the violin"})
    await store.aput(ns, "b", {"content": "Alice speaks French", "lang": "fr"})
    assert (await store.aget(ns, "a")).value == {"content": "Alice plays the violin"}
    assert {i.key for i in await store.asearch(ns)} == {"a", "b"}
    assert [i.key for i in await store.asearch(ns, filter={"lang": "fr"})] == ["b"]
    assert await store.alist_namespaces(prefix=("async",)) == [ns]
    await store.adelete(ns, "a")
    assert await store.aget(ns, "a") is None
    got, missing = await store.abatch([GetOp(ns, "b"), GetOp(ns, "a")])
    assert got.key == "b" and missing is None
    if _semantic(store):
        hits = await store.asearch(ns, query="languages she speaks", limit=1)
        assert [h.key for h in hits] == ["b"]


async def test_concurrent_async_puts_all_land(store: BaseStore) -> None:
    ns = ("many",)
    await asyncio.gather(*(store.aput(ns, f"k{i}", {"content": f"item {i}"}) for i in range(6)))
    assert {i.key for i in await store.asearch(ns, limit=20)} == {f"k{i}" for i in range(6)}


# -- Mem0Store specifics ---------------------------------------------------------
def test_label_codec_round_trips() -> None:
    for raw in ["alice", "bob@x.com", "50%.off", "a/b", "%2E", "..", "ünï.çødé"]:
        label = encode_label(raw)
        assert "." not in label
        assert decode_label(label) == raw
    ns = namespace_for_user("bob@x.com")
    assert ns == ("memories", "bob@x%2Ecom")
    assert namespace_to_user_id(ns) == "memories/bob@x.com"
    assert user_id_to_namespace("memories/bob@x.com") == ns
    tricky = ("a/b", "c%d", "e.f")
    assert user_id_to_namespace(namespace_to_user_id(_enc(tricky))) == _enc(tricky)


def _enc(ns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(encode_label(x) for x in ns)


@pytest.fixture
def mem0(make_memory) -> Mem0Store:
    return Mem0Store(make_memory())


def test_email_user_ids_work_through_namespace_for_user(mem0: Mem0Store) -> None:
    ns = namespace_for_user("bob@x.com")
    mem0.put(ns, "diet", {"content": "Bob is vegan"})
    assert mem0.get(ns, "diet").value == {"content": "Bob is vegan"}
    assert mem0.get(ns, "diet").namespace == ns
    assert mem0.list_namespaces(prefix=("memories",)) == [ns]
    assert [i.key for i in mem0.search(ns, query="what does bob eat")] == ["diet"]
    assert mem0.memory.users() == ["memories/bob@x.com"]
    mem0.delete(ns, "diet")
    assert mem0.get(ns, "diet") is None


@pytest.mark.parametrize(
    ("raw", "fix"),
    [("bob@x.com", "bob@x%2Ecom"), ("50%", "50%25"), ("a%2Fb", "a%252Fb"), ("x%2ey", "x%252ey")],
)
def test_ambiguous_labels_are_refused_with_the_encoded_form(
    mem0: Mem0Store, raw: str, fix: str
) -> None:
    mem0.put(namespace_for_user("bob@x.com"), "diet", {"content": "Bob is vegan"})
    for call in (
        lambda: mem0.get(("memories", raw), "diet"),
        lambda: mem0.put(("memories", raw), "diet", {"content": "x"}),
        lambda: mem0.search(("memories", raw), query="bob"),
        lambda: mem0.delete(("memories", raw), "diet"),
    ):
        with pytest.raises(ValueError, match=re.escape(repr(fix))):
            call()
    assert mem0.get(namespace_for_user("bob@x.com"), "diet").value == {"content": "Bob is vegan"}


def test_different_namespaces_never_reach_the_same_items(mem0: Mem0Store) -> None:
    spaces = [
        ("memories", "a/b"),
        ("memories", "a", "b"),
        ("memories", "a%2Fb".replace("%", "%25")),
        namespace_for_user("bob@x.com"),
        namespace_for_user("bob@x%2Ecom"),
        ("*",),
        ("%25",),
        ("_",),
        ("..".replace(".", "%2E"),),
        ("memories",),
    ]
    assert len({namespace_to_user_id(ns) for ns in spaces}) == len(spaces)
    for i, ns in enumerate(spaces):
        mem0.put(ns, "k", {"content": f"item {i}"})
    for i, ns in enumerate(spaces):
        assert mem0.get(ns, "k").value == {"content": f"item {i}"}
        assert [h.value for h in mem0.search(ns, query="item")] == [{"content": f"item {i}"}] or (
            # a prefix search also covers deeper namespaces, never siblings
            all(h.namespace[: len(ns)] == ns for h in mem0.search(ns, query="item"))
        )
    mem0.delete(("*",), "k")
    assert all(mem0.get(ns, "k") is not None for ns in spaces if ns != ("*",))


def test_item_text_is_content_and_value_is_in_metadata(mem0: Mem0Store) -> None:
    mem0.put(("u",), "a", {"content": "Likes tea", "source": "chat"})
    mem0.put(("u",), "b", {"n": 1})
    texts = {
        r["metadata"]["store_key"]: r["memory"] for r in mem0.memory.get_all(user_id="u")["results"]
    }
    assert texts == {"a": "Likes tea", "b": '{"n":1}'}


def test_replace_keeps_created_at_and_one_memory(mem0: Mem0Store) -> None:
    ns = ("memories", "alice")
    mem0.put(ns, "city", {"content": "Lives in Denver"})
    before = mem0.get(ns, "city")
    mem0.put(ns, "city", {"content": "Lives in Boston"})
    after = mem0.get(ns, "city")
    assert after.created_at == before.created_at
    assert after.updated_at >= before.updated_at
    assert [r["memory"] for r in mem0.memory.get_all(user_id="memories/alice")["results"]] == [
        "Lives in Boston"
    ]


def test_engine_memories_without_store_key_are_items(mem0: Mem0Store) -> None:
    added = mem0.memory.add("Alice is allergic to peanuts", user_id="memories/alice", infer=False)
    memory_id = added["results"][0]["id"]
    ns = ("memories", "alice")
    hits = mem0.search(ns, query="allergies")
    assert [(h.key, h.value["content"]) for h in hits] == [
        (memory_id, "Alice is allergic to peanuts")
    ]
    assert mem0.get(ns, memory_id).value["content"] == "Alice is allergic to peanuts"
    assert mem0.get(("memories", "bob"), memory_id) is None  # other scope
    mem0.delete(ns, memory_id)
    assert mem0.memory.get(memory_id) is None


def test_works_as_graph_store_via_runtime(mem0: Mem0Store) -> None:
    from typing import TypedDict

    from langgraph.graph import END, START, StateGraph
    from langgraph.runtime import Runtime

    class S(TypedDict, total=False):
        fact: str
        recalled: list[str]

    class Ctx(TypedDict):
        user_id: str

    def remember(state: S, runtime: Runtime[Ctx]) -> S:
        ns = namespace_for_user(runtime.context["user_id"])
        runtime.store.put(ns, "fact", {"content": state["fact"]})
        return {}

    def recall(state: S, runtime: Runtime[Ctx]) -> S:
        ns = namespace_for_user(runtime.context["user_id"])
        return {"recalled": [i.value["content"] for i in runtime.store.search(ns, query="food")]}

    builder = StateGraph(S, context_schema=Ctx)
    builder.add_node(remember)
    builder.add_node(recall)
    builder.add_edge(START, "remember")
    builder.add_edge("remember", "recall")
    builder.add_edge("recall", END)
    graph = builder.compile(store=mem0)
    out = graph.invoke({"fact": "Carol loves sushi"}, context={"user_id": "carol@x.org"})
    assert out["recalled"] == ["Carol loves sushi"]
    out = asyncio.run(
        graph.ainvoke({"fact": "Carol loves ramen"}, context={"user_id": "carol@x.org"})
    )
    assert out["recalled"] == ["Carol loves ramen"]  # same key: replaced, not duplicated
