"""Behaviour tests for :mod:`langmem_local.hybrid`."""

from __future__ import annotations

import pytest

from langmem_local import hybrid


def test_index_text() -> None:
    assert hybrid.index_text("hi") == "hi"
    assert hybrid.index_text("hi", speaker="Ann") == "Ann: hi"
    assert (
        hybrid.index_text("look!", speaker="Ann", image_caption="a dog on a beach")
        == "Ann: look! [shares a photo of a dog on a beach]"
    )


def test_context_text_keeps_last_turns() -> None:
    assert hybrid.context_text(["a", "b", "c"], turns=2) == "b c"
    assert hybrid.context_text([], turns=2) == ""
    assert hybrid.context_text(["a"], turns=0) == ""


def test_keyword_query_drops_speaker_names() -> None:
    q = hybrid.keyword_query("What did Caroline's friend give Melanie?", ["Caroline", "Melanie"])
    assert q == "What did friend give"
    assert hybrid.keyword_query("Caroline?", ["Caroline"]) == "Caroline?"
    assert hybrid.keyword_query("anything", []) == "anything"


def test_named_speakers() -> None:
    assert hybrid.named_speakers("When did caroline go?", ["Caroline", "Mel"]) == ["Caroline"]
    assert hybrid.named_speakers("Carolines", ["Caroline"]) == []


def test_fuse_properties() -> None:
    dense = [("a", 0.9), ("b", 0.5), ("c", 0.1)]
    keyword = [("c", 12.0), ("d", 3.0), ("b", 1.0)]
    out = hybrid.fuse(dense, keyword, alpha=0.5)
    ids = [i for i, _ in out]
    assert set(ids) == {"a", "b", "c", "d"}
    scores = [s for _, s in out]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    # alpha=1 follows the keyword order, alpha=0 the dense order (min-max puts each
    # list's last candidate at 0, level with ids absent from it).
    assert [i for i, _ in hybrid.fuse(dense, keyword, alpha=1.0)][:2] == ["c", "d"]
    assert [i for i, _ in hybrid.fuse(dense, keyword, alpha=0.0)][:2] == ["a", "b"]


def test_fuse_in_both_lists_beats_one() -> None:
    out = hybrid.fuse([("x", 1.0), ("y", 0.0)], [("x", 5.0), ("z", 0.0)], alpha=0.5)
    assert out[0] == ("x", 1.0)


@pytest.mark.parametrize(
    ("dense", "keyword"),
    [([], []), ([("a", 0.3)], []), ([], [("a", 2.0)]), ([("a", 0.3), ("b", 0.3)], [])],
)
def test_fuse_degenerate_inputs(
    dense: list[tuple[str, float]], keyword: list[tuple[str, float]]
) -> None:
    out = hybrid.fuse(dense, keyword)
    assert all(0.0 <= s <= 1.0 for _, s in out)
    assert len(out) == len({i for i, _ in dense} | {i for i, _ in keyword})


def test_speaker_boost_only_for_single_named_speaker() -> None:
    hits = [("m1", 1.0), ("m2", 0.6)]
    speaker_of = {"m1": "Bob", "m2": "Ann"}
    boosted = hybrid.speaker_boost(hits, "What did Ann adopt?", speaker_of, ["Ann", "Bob"])
    assert boosted[0][0] == "m2"
    assert boosted[0][1] == 1.0
    both = hybrid.speaker_boost(hits, "Did Ann and Bob meet?", speaker_of, ["Ann", "Bob"])
    assert [i for i, _ in both] == ["m1", "m2"]


def test_expand_neighbours_adds_predecessor() -> None:
    hits = [("t5", 1.0), ("t9", 0.2)]
    prev_of = {"t5": "t4", "t9": "t8"}
    next_of = {"t5": "t6", "t9": None}
    out = dict(hybrid.expand_neighbours(hits, prev_of=prev_of, next_of=next_of, beta=0.3))
    assert out["t5"] == 1.0
    assert out["t4"] == pytest.approx(0.3)
    assert out["t8"] == pytest.approx(0.06 / 1.0)
    assert "t6" not in out
    none = hybrid.expand_neighbours(hits, prev_of=prev_of, next_of=next_of, beta=0.0)
    assert [i for i, _ in none] == ["t5", "t9"]


def test_retrieve_cuts_to_k_and_normalises() -> None:
    dense = [(f"d{i}", 1.0 - i / 20) for i in range(20)]
    keyword = [(f"d{i}", 20.0 - i) for i in range(0, 20, 2)]
    out = hybrid.retrieve(
        "what happened?",
        dense,
        keyword,
        speaker_of={},
        speakers=["Ann"],
        prev_of={},
        next_of={},
        k=5,
    )
    assert len(out) == 5
    assert out[0][1] == 1.0
    assert all(0.0 <= s <= 1.0 for _, s in out)
    assert (
        hybrid.retrieve("q", [], [], speaker_of={}, speakers=[], prev_of={}, next_of={}, k=3) == []
    )


def test_fused_order_is_renormalised_without_a_sort_and_to_the_same_result() -> None:
    """fuse() marks its output as ranked; the boost and expansion steps then skip
    rebuilding and re-sorting it, and must return what the sorting path returns."""
    import random

    rng = random.Random(7)
    for _ in range(200):
        dense = [(f"m{rng.randrange(60)}", rng.random()) for _ in range(rng.randrange(0, 40))]
        keyword = [(f"m{rng.randrange(60)}", rng.random() * 9) for _ in range(rng.randrange(40))]
        fused = hybrid.fuse(dense, keyword)
        for step in (
            lambda h: hybrid.speaker_boost(h, "what did we eat", {}, ["Ann"]),
            lambda h: hybrid.expand_neighbours(h, prev_of={}, next_of={}),
        ):
            fast, slow = step(fused), step(list(fused))  # a plain list takes the sort
            assert fast == slow
            assert step(fast) == step(list(fast)) == fast  # already scaled: unchanged
    # A named speaker still boosts from the ranked list.
    hits = hybrid.fuse([("a", 0.9), ("b", 0.8), ("c", 0.1)], [])
    boosted = hybrid.speaker_boost(hits, "What did Bob say?", {"b": "Bob"}, ["Ann", "Bob"])
    assert [i for i, _ in boosted] == ["b", "a", "c"]


def test_message_speaker_prefers_name_then_metadata() -> None:
    assert hybrid.message_speaker({"name": "Ann"}, {"speaker": "Bob"}) == "Ann"
    assert hybrid.message_speaker({"content": "Bob: hi"}, {"speaker": " Bob "}) == "Bob"
    assert hybrid.message_speaker({}, {"speaker": 42}) is None
    assert hybrid.message_speaker({"name": ""}, {}) is None


def test_plain_api_speaker_metadata_drives_the_speaker_boost(make_memory) -> None:
    """A chat log sent as "Speaker: text" with metadata speaker gets the speaker signals."""
    m = make_memory()
    for who, text in (
        ("Bob", "Bob: Ann asked what I painted. I painted the fence"),
        ("Ann", "Ann: I painted a sunset over the lake"),
        ("Bob", "Bob: Ann and I love the weekend"),
    ):
        m.add(
            [{"role": "user", "content": text}], user_id="u", metadata={"speaker": who}, infer=False
        )
    assert m._db.speakers("u") == ["Ann", "Bob"]
    hits = m.search("What did Ann paint?", user_id="u", limit=3)["results"]
    # Bob's first turn says "Ann" and "painted" more often: it ranks first without the
    # speaker signal (checked by running this test with metadata={}).
    assert hits[0]["memory"] == "Ann: I painted a sunset over the lake"
    assert hits[0]["metadata"] == {"speaker": "Ann"}


def test_extracted_facts_are_ranked_by_the_same_hybrid(make_memory, scripted) -> None:
    """Facts (infer=True) have no speaker or session, yet both legs rank them."""
    from tests.conftest import decisions

    scripted.script(
        decisions(
            ("ADD", -1, "Has a beagle named Zorblax", 3),
            ("ADD", -1, "Likes hiking in the mountains", 3),
            ("ADD", -1, "Works as a nurse in Boston", 3),
        )
    )
    m = make_memory()
    m.add(
        "My beagle is called Zorblax. I like hiking in the mountains and I work as a "
        "nurse in Boston.",
        user_id="u",
    )
    hit = m.search("zorblax", user_id="u", limit=3)["results"][0]
    assert hit["memory"] == "Has a beagle named Zorblax"
    b = hit["score_breakdown"]
    assert b["bm25"] is not None and b["bm25"] > 0 and b["cosine"] is not None
    weights = b["relevance_weight"] + b["recency_weight"] + b["importance_weight"]
    exact = (
        b["relevance_weight"] * b["relevance"]
        + b["recency_weight"] * b["recency"]
        + b["importance_weight"] * b["importance"]
    ) / weights
    assert b["score"] == pytest.approx(exact, abs=2e-6) and hit["score"] == b["score"]
    # A fact no query word matches comes from the dense leg alone.
    other = m.search("What is her job?", user_id="u", limit=3)["results"]
    assert other and all(h["score_breakdown"]["cosine"] is not None for h in other)
