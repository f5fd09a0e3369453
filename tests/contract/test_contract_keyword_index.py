"""Contract of the keyword index: SQLite FTS5 (BM25) and PostgreSQL (tsvector, BM25 IDF)."""

from __future__ import annotations

import pytest

from langmem_local.stores.profiles import Stores
from langmem_local.stores.protocols import KeywordIndexProtocol
from tests.contract.conftest import HOSTILE_IDS, VICTIM

DOCS = {
    "m1": "Alice adopted a beagle named Max",
    "m2": "Alice went to the bakery on Monday",
    "m3": "Alice went to the park on Monday",
    "m4": "Alice painted a sunset over the lake",
}


@pytest.fixture
def keyword(stores: Stores) -> KeywordIndexProtocol:
    for memory_id, text in DOCS.items():
        stores.keyword.upsert(memory_id, VICTIM, text)
    return stores.keyword


def test_implements_the_protocol(keyword: KeywordIndexProtocol) -> None:
    assert isinstance(keyword, KeywordIndexProtocol)


def test_rare_word_outranks_common_words(keyword: KeywordIndexProtocol) -> None:
    hits = keyword.search(VICTIM, "what did Alice do at the bakery on Monday?", 4)
    assert hits[0][0] == "m2" and all(score > 0 for _, score in hits)
    assert [i for i, _ in keyword.search(VICTIM, "painting", 4)] == ["m4"]  # stemmed


def test_context_column_counts_less_than_text(stores: Stores) -> None:
    stores.keyword.upsert("own", "u", "a beagle puppy")
    stores.keyword.upsert("ctx", "u", "we talked", context="a beagle puppy")
    hits = stores.keyword.search("u", "beagle", 5)
    assert [i for i, _ in hits] == ["own", "ctx"] and hits[0][1] > hits[1][1]


@pytest.mark.parametrize(
    "query",
    [
        '"beagle',
        "beagle*",
        "beagle OR *",
        "NEAR(beagle max)",
        "beagle & !max",
        "beagle:*",
        "(beagle",
        "-beagle",
        "beagle^",
        "'",
        "\\\\",
        "max' OR '1'='1",
        "",
        "   ",
        "?!",
    ],
)
def test_query_syntax_is_neutralised(keyword: KeywordIndexProtocol, query: str) -> None:
    hits = keyword.search(VICTIM, query, 5)
    assert all(i in DOCS for i, _ in hits)
    if "beagle" in query:
        assert hits and hits[0][0] == "m1"


def test_upsert_replaces_and_delete_removes(keyword: KeywordIndexProtocol) -> None:
    keyword.upsert("m1", VICTIM, "Alice adopted a poodle")
    assert keyword.search(VICTIM, "beagle", 5) == []
    assert keyword.search(VICTIM, "poodle", 5)[0][0] == "m1"
    keyword.delete("m1")
    keyword.delete("unknown")
    assert keyword.count(VICTIM) == 3 and keyword.search(VICTIM, "poodle", 5) == []
    keyword.reset()
    assert keyword.count() == 0


@pytest.mark.parametrize("hostile", HOSTILE_IDS, ids=lambda h: repr(h[:12]))
def test_hostile_user_ids_never_match_another_user(
    keyword: KeywordIndexProtocol, hostile: str
) -> None:
    keyword.upsert("h1", hostile, "hostile beagle note")
    assert [i for i, _ in keyword.search(hostile, "beagle Alice Monday", 10)] == ["h1"]
    assert "h1" not in [i for i, _ in keyword.search(VICTIM, "beagle", 10)]
    assert keyword.count(hostile) == 1
    keyword.delete_user(hostile)
    assert keyword.count(hostile) == 0 and keyword.count(VICTIM) == len(DOCS)
