"""Behaviour tests for :class:`langmem_local.keyword.KeywordIndex`."""

from __future__ import annotations

import sqlite3

import pytest

from langmem_local.keyword import KeywordIndex, match_expression, tokenize


@pytest.fixture
def index() -> KeywordIndex:
    idx = KeywordIndex(sqlite3.connect(":memory:"))
    idx.upsert("a1", "alice", "Alice adopted a beagle named Max last spring")
    idx.upsert("a2", "alice", "Alice is painting a sunrise over the lake")
    idx.upsert("b1", "bob", "Bob adopted a cat called Max")
    return idx


INJECTIONS = [
    '"',
    '""',
    "'",
    "*",
    "Max*",
    "AND",
    "OR",
    "NOT",
    "NEAR(a b)",
    "a AND OR b",
    "-beagle",
    "beagle -",
    "text:beagle",
    "context: x",
    "^beagle",
    "(beagle",
    "beagle)",
    "{text}: beagle",
    "a + b",
    "\x00",
    "",
    "   ",
    "?!.,;",
    "naïve café ß 東京 🐶",
    "don't won\u2019t Alice's",
    'he said "hi" -- AND * OR NOT NEAR/3',
    "x" * 5000,
]


@pytest.mark.parametrize("query", INJECTIONS)
def test_arbitrary_queries_never_raise(index: KeywordIndex, query: str) -> None:
    hits = index.search("alice", query, 10)
    assert isinstance(hits, list)
    assert all(mid in {"a1", "a2"} for mid, _ in hits)


@pytest.mark.parametrize("text", INJECTIONS)
def test_arbitrary_texts_index(text: str) -> None:
    idx = KeywordIndex(sqlite3.connect(":memory:"))
    idx.upsert("m", "u", text, context=text)
    assert idx.count("u") == 1


def test_match_expression_quotes_every_token() -> None:
    expr = match_expression('beagle" OR * NEAR', stopwords=None)
    assert expr == '"beagle" OR "or" OR "near"'
    assert match_expression("?!") == ""


def test_stopwords_dropped_unless_all_are_stopwords() -> None:
    assert match_expression("what did you adopt") == '"adopt"'
    assert match_expression("who are you") != ""


def test_tokenize_strips_possessive() -> None:
    assert tokenize("Alice's DOG") == ["alice", "dog"]


def test_search_ranks_or_matches(index: KeywordIndex) -> None:
    hits = index.search("alice", "which dog breed did Alice adopt?", 5)
    assert hits[0][0] == "a1"
    assert all(score > 0 for _, score in hits)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_porter_stemming(index: KeywordIndex) -> None:
    assert index.search("alice", "paints", 5)[0][0] == "a2"


def test_user_isolation(index: KeywordIndex) -> None:
    assert {m for m, _ in index.search("bob", "Max adopted", 10)} == {"b1"}
    assert index.search("carol", "Max adopted", 10) == []


def test_upsert_replaces(index: KeywordIndex) -> None:
    index.upsert("a1", "alice", "Alice moved to Lisbon")
    assert index.search("alice", "beagle", 5) == []
    assert index.search("alice", "Lisbon", 5)[0][0] == "a1"
    assert index.count("alice") == 2


def test_delete(index: KeywordIndex) -> None:
    index.delete("a1")
    index.delete("missing")
    assert index.search("alice", "beagle", 5) == []
    assert index.count() == 2


def test_delete_user(index: KeywordIndex) -> None:
    index.delete_user("alice")
    assert index.count("alice") == 0
    assert index.search("alice", "Alice", 5) == []
    assert index.search("bob", "cat", 5)[0][0] == "b1"


def test_reset(index: KeywordIndex) -> None:
    index.reset()
    assert index.count() == 0
    index.upsert("n", "u", "fresh start")
    assert index.search("u", "fresh", 1)[0][0] == "n"


def test_limit(index: KeywordIndex) -> None:
    assert len(index.search("alice", "Alice", 1)) == 1
    assert index.search("alice", "Alice", 0) == []


def test_context_column_is_down_weighted() -> None:
    idx = KeywordIndex(sqlite3.connect(":memory:"), context_weight=0.5)
    idx.upsert("own", "u", "we hiked to the waterfall", context="nice weekend")
    idx.upsert("ctx", "u", "it was lovely", context="we hiked to the waterfall")
    hits = idx.search("u", "waterfall hike", 5)
    assert [m for m, _ in hits] == ["own", "ctx"]


def test_tables_shared_across_instances() -> None:
    conn = sqlite3.connect(":memory:")
    KeywordIndex(conn).upsert("m", "u", "persistent words")
    assert KeywordIndex(conn).search("u", "persistent", 1)[0][0] == "m"
