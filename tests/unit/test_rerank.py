"""The reranker: its features, its model file, and its place on the search path."""

from __future__ import annotations

import json
import math
import random

import numpy as np
import pytest

from langmem_local import rerank, rerank_vectors
from langmem_local.bm25 import stem_terms


def _cand(memory_id: str, text: str, **kw: object) -> rerank.Candidate:
    fields: dict = {
        "speaker": None,
        "cosine": 0.3,
        "bm25": 0.0,
        "fused": 0.0,
        "prev_id": None,
        "next_id": None,
    }
    fields.update(kw)
    fields.setdefault("cosine_raw", fields["cosine"])
    return rerank.Candidate(memory_id=memory_id, text=text, terms=tuple(stem_terms(text)), **fields)


def _row(matrix: np.ndarray, row: int, name: str) -> float:
    return float(matrix[row, rerank.FEATURES.index(name)])


def test_features_read_coverage_question_time_and_neighbours() -> None:
    q = "When did Ann adopt the beagle?"
    a = _cand("a", "Ann: Did you adopt a dog?", speaker="Ann", bm25=2.0, fused=0.9, next_id="b")
    b = _cand(
        "b",
        "Bob: Yes, I adopted a beagle last May.",
        speaker="Bob",
        bm25=4.0,
        fused=1.0,
        prev_id="a",
        cosine=0.6,
    )
    idf = {"adopt": 1.0, "beagl": 3.0}
    m = rerank.features(q, [b, a], neighbours={"a": a, "b": b}, idf=idf, speakers=["Ann", "Bob"])
    assert _row(m, 0, "coverage") == pytest.approx(1.0)  # both terms in b's text
    assert _row(m, 1, "coverage") == pytest.approx(0.25)  # only "adopt" (idf 1 of 4)
    assert _row(m, 1, "question") == 1.0 and _row(m, 0, "question") == 0.0
    assert _row(m, 0, "when_time") == 1.0  # "When ..." and "last May"
    assert _row(m, 1, "when_time") == 0.0
    assert _row(m, 0, "prev_fused") == pytest.approx(0.9)  # b's previous is a
    assert _row(m, 1, "next_cosine") == pytest.approx(0.6)
    assert _row(m, 0, "keyword") == pytest.approx(1.0) and _row(m, 1, "keyword") == 0.5
    # Exactly one speaker named: Ann's memory gets the speaker feature, Bob's not.
    assert _row(m, 1, "speaker") == 1.0 and _row(m, 0, "speaker") == 0.0


def test_context_coverage_spans_two_previous_turns_and_own_bm25_ignores_context() -> None:
    q = "What colour is the new bike?"
    p2 = _cand("p2", "Ann: I bought a new bike", speaker="Ann")
    p1 = _cand("p1", "Bob: Nice, which one?", speaker="Bob", prev_id="p2")
    c = _cand("c", "Ann: The red one", speaker="Ann", prev_id="p1", bm25=1.0)
    other = _cand("o", "Ann: My bike has a bell and the bike is red", speaker="Ann", bm25=2.0)
    idf = {"colour": 2.0, "new": 1.0, "bike": 1.0}
    m = rerank.features(
        q,
        [c, other],
        neighbours={"p2": p2, "p1": p1, "c": c, "o": other},
        idf=idf,
        speakers=["Ann", "Bob"],
    )
    assert _row(m, 0, "coverage") == 0.0  # none of the words in "The red one"
    assert _row(m, 0, "coverage_context") == pytest.approx(0.5)  # "new bike" two turns back
    assert _row(m, 1, "keyword_own") == pytest.approx(1.0)  # says "bike" itself, twice
    assert _row(m, 0, "keyword_own") == 0.0


def test_features_without_neighbours_or_keyword_evidence_are_zero_not_errors() -> None:
    c = _cand("f1", "Prefers window seats", next_id="gone")  # neighbour not fetched
    m = rerank.features("seat preference", [c], neighbours={"f1": c}, idf={}, speakers=[])
    assert m.shape == (1, len(rerank.FEATURES))
    for name in ("next_fused", "next_cosine", "next_keyword", "prev_fused", "coverage"):
        assert _row(m, 0, name) == 0.0


def _reference_own_bm25(candidates, idf) -> list[float]:
    """The per-word count :func:`rerank._own_bm25` replaced."""
    lengths = [len(c.terms) for c in candidates]
    avg = (sum(lengths) / len(lengths)) if lengths else 1.0
    out = []
    for c, n in zip(candidates, lengths, strict=True):
        norm = 1.2 * (0.25 + 0.75 * n / (avg or 1.0))
        tf: dict[str, int] = {}
        for t in c.terms:
            if t in idf:
                tf[t] = tf.get(t, 0) + 1
        out.append(sum(idf[t] * f * 2.2 / (f + norm) for t, f in tf.items()))
    return out


def _reference_features(query, candidates, *, neighbours, idf, speakers) -> np.ndarray:
    """The row-by-row computation :func:`rerank.features` replaced (kept to check it)."""
    named = rerank.hybrid.named_speakers(query, speakers)
    target = named[0].lower() if len(named) == 1 else None
    best_bm25 = max((c.bm25 for c in candidates), default=0.0) or 1.0
    total_idf = sum(idf.values()) or 1.0
    when = rerank.asks_when(query)
    own = _reference_own_bm25(candidates, idf)
    best_own = max(own, default=0.0) or 1.0
    out = np.zeros((len(candidates), len(rerank.FEATURES)))
    for row, c in enumerate(candidates):
        prev = neighbours.get(c.prev_id) if c.prev_id else None
        nxt = neighbours.get(c.next_id) if c.next_id else None
        terms = set(c.terms)
        context = terms | set(prev.terms) if prev is not None else terms
        prev2 = neighbours.get(prev.prev_id) if prev is not None and prev.prev_id else None
        if prev2 is not None:
            context |= set(prev2.terms)
        out[row] = (
            c.fused,
            c.bm25 / best_bm25,
            c.cosine if c.cosine_context is None else c.cosine_context,
            sum(w for t, w in idf.items() if t in terms) / total_idf,
            sum(w for t, w in idf.items() if t in context) / total_idf,
            1.0 if target and c.speaker and c.speaker.lower() == target else 0.0,
            1.0 if "?" in c.text else 0.0,
            math.log1p(len(c.text.split())),
            nxt.fused if nxt else 0.0,
            prev.fused if prev else 0.0,
            nxt.cosine if nxt else 0.0,
            prev.cosine if prev else 0.0,
            nxt.bm25 / best_bm25 if nxt else 0.0,
            prev.bm25 / best_bm25 if prev else 0.0,
            1.0 if when and rerank._TIME.search(c.text) else 0.0,
            own[row] / best_own,
            c.cosine_raw,
            prev.cosine_raw if prev else 0.0,
            nxt.cosine_raw if nxt else 0.0,
        )
    return out


@pytest.mark.parametrize("seed", range(40))
def test_vectorised_features_equal_the_row_by_row_reference(seed: int) -> None:
    rng = random.Random(seed)
    words = "ann bob paint lake bike red new week last may adopt dog when how long ? 2023".split()
    speakers = ["Ann", "Bob"]
    n = rng.randint(0, 70)
    ids = [f"m{i}" for i in range(n + 10)]
    pool = {}
    for i, memory_id in enumerate(ids):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 14)))
        turn = rng.random() < 0.7
        pool[memory_id] = _cand(
            memory_id,
            text,
            speaker=rng.choice(speakers) if turn else None,
            cosine=rng.uniform(-0.2, 0.9),
            cosine_raw=rng.uniform(-0.2, 0.9),
            cosine_context=rng.uniform(-0.2, 0.9) if turn and rng.random() < 0.8 else None,
            bm25=rng.choice([0.0, rng.uniform(0, 9)]),
            fused=rng.choice([0.0, rng.random()]),
            prev_id=ids[i - 1] if turn and i and rng.random() < 0.8 else None,
            next_id=ids[i + 1] if turn and i + 1 < len(ids) and rng.random() < 0.8 else None,
        )
    cands = [pool[i] for i in rng.sample(ids, n)]
    neighbours = {i: c for i, c in pool.items() if rng.random() < 0.9 or c in cands}
    idf = {t: rng.choice([1e-6, rng.uniform(0.1, 5)]) for t in rng.sample(words[:12], 5)}
    query = rng.choice(["When did Ann paint the lake?", "how long bob bike", "red dog"])
    kw = {"neighbours": neighbours, "idf": idf, "speakers": speakers}
    got = rerank.features(query, cands, **kw)
    want = _reference_features(query, cands, **kw)
    assert got.shape == want.shape == (n, len(rerank.FEATURES))
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)
    assert np.array_equal(got, want)  # bit for bit: the ranking cannot move


def test_rerank_orders_by_model_and_scales_best_to_one() -> None:
    q = "What did Ann paint?"
    weak = _cand("w", "Ann: What did you paint?", fused=1.0, bm25=3.0, cosine=0.5)
    strong = _cand(
        "s", "Ann: I painted a sunrise over the lake.", fused=0.8, bm25=2.5, cosine=0.6, prev_id="w"
    )
    idf = {"paint": 2.0}
    out = rerank.rerank(
        q, [weak, strong], neighbours={"w": weak, "s": strong}, idf=idf, speakers=["Ann"]
    )
    assert [i for i, _ in out] == ["s", "w"]  # the answer beats the echoed question
    assert out[0][1] == pytest.approx(1.0)
    assert 0.0 < out[1][1] < 1.0
    assert rerank.rerank(q, [], neighbours={}, idf={}, speakers=[]) == []


def test_model_file_matches_features_and_reports_both_halves() -> None:
    data = json.loads(rerank._WEIGHTS_FILE.read_text())
    assert data["features"] == list(rerank.FEATURES)
    assert len(data["weights"]) == len(data["mean"]) == len(data["scale"]) == len(rerank.FEATURES)
    fit = data["fit"]
    assert fit["split"]["tune"] and fit["split"]["test"]
    assert set(fit["recall@10 reranked"]) >= {"tune", "test", "all"}
    # The fit may only claim what it measured: reranking beat fusion on the test half.
    assert fit["recall@10 reranked"]["test"] > fit["recall@10 fused"]["test"]


def test_a_model_file_for_other_features_is_refused_with_the_fix(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "rerank.json"
    bad.write_text(
        json.dumps({"features": ["fused"], "mean": [0], "scale": [1], "weights": [1], "fit": {}})
    )
    monkeypatch.setattr(rerank, "_WEIGHTS_FILE", bad)
    with pytest.raises(RuntimeError, match="refit with `python -m benchmarks.rerank_fit`"):
        rerank._load()


CHAT = [
    ("Ann", "Hi Bob, long time no see!"),
    ("Bob", "Hey Ann! I went to the pottery fair last weekend."),
    ("Ann", "Nice. What did you paint at the art class?"),
    ("Bob", "I painted a sunrise over the lake, my first landscape."),
    ("Ann", "Lovely. My cat knocked over my coffee this morning."),
    ("Bob", "Ha, cats. I am also training for a half marathon in June."),
]


def _ingest(memory) -> None:
    for speaker, text in CHAT:
        memory.add(
            [{"role": "user", "content": f"{speaker}: {text}"}],
            user_id="u1",
            metadata={"speaker": speaker},
            infer=False,
        )


@pytest.mark.profiles
def test_search_reranks_on_both_profiles_and_keeps_the_breakdown(make_memory) -> None:
    memory = make_memory()
    _ingest(memory)
    assert memory.config.ranking.rerank is True
    hits = memory.search("What did Bob paint?", user_id="u1", limit=3)["results"]
    assert hits[0]["memory"] == f"Bob: {CHAT[3][1]}"
    breakdown = hits[0]["score_breakdown"]
    assert breakdown["cosine"] is not None and breakdown["bm25"] is not None
    # Nobody else's memories reach the reranker (it reads neighbours and vectors).
    assert memory.search("What did Bob paint?", user_id="u2", limit=3)["results"] == []


@pytest.mark.profiles
def test_rerank_off_keeps_the_fused_order_and_same_hit_set(make_memory) -> None:
    memory = make_memory()
    _ingest(memory)
    on = memory.search("When is Bob's half marathon?", user_id="u1", limit=6)["results"]
    memory.config.ranking.rerank = False
    off = memory.search("When is Bob's half marathon?", user_id="u1", limit=6)["results"]
    assert {h["id"] for h in on} == {h["id"] for h in off}  # same candidates, maybe reordered
    assert off[0]["memory"].endswith("half marathon in June.")
    assert on[0]["memory"].endswith("half marathon in June.")


def _unit(*xs: float) -> np.ndarray:
    v = np.asarray(xs, dtype=np.float64)
    return v / np.linalg.norm(v)


def test_context_cosine_sums_the_turn_with_its_neighbours() -> None:
    q = _unit(1, 0, 0)
    units = {"a": _unit(1, 0, 0), "b": _unit(0, 1, 0), "c": _unit(0, 0, 1), "lone": _unit(0, 1, 0)}
    out = rerank_vectors.context_cosines(
        q, units, ["b", "c", "lone", "gone"], prev_of={"b": "a", "c": "b"}, next_of={"b": "c"}
    )
    # b = (0,1,0) between a = (1,0,0) and c = (0,0,1): the sum (1,1,1) / sqrt(3).
    assert out["b"] == pytest.approx(1 / np.sqrt(3))
    # c has only a previous turn: (0,1,1), orthogonal to the query.
    assert out["c"] == pytest.approx(0.0)
    # No neighbour, or no vector: left out, the reranker uses the plain cosine.
    assert "lone" not in out and "gone" not in out


@pytest.mark.parametrize("seed", range(20))
def test_context_cosines_equal_the_turn_by_turn_loop_bit_for_bit(seed: int) -> None:
    """All turns in one product give each turn's own ``total @ q / norm(total)``."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    mat = rng.standard_normal((n, 384)).astype(np.float32)
    mat /= np.sqrt(np.einsum("ij,ij->i", mat, mat))[:, None]
    q = mat[0] if seed % 5 == 0 else _unit(*rng.standard_normal(384)).astype(np.float32)
    ids = [f"m{i}" for i in range(n)]
    units = dict(zip(ids, mat, strict=True))
    prev_of = {i: rng.choice(ids) for i in ids if rng.random() < 0.6}
    next_of = {i: rng.choice([*ids, "gone"]) for i in ids if rng.random() < 0.6}
    want = {}
    for i in [*ids, "gone"]:  # the loop the vectorised version replaced
        around = [units.get(prev_of.get(i, "")), units.get(next_of.get(i, ""))]
        around = [v for v in around if v is not None]
        if i in units and around:
            total = units[i] + sum(around)
            want[i] = float(total @ q) / (float(np.linalg.norm(total)) or 1.0)
    got = rerank_vectors.context_cosines(q, units, [*ids, "gone"], prev_of=prev_of, next_of=next_of)
    assert list(got) == list(want)
    assert all(got[i] == want[i] for i in want)  # ==, not approx


def test_cosine_context_column_falls_back_to_the_plain_cosine() -> None:
    turn = _cand("t", "Bob: Yes, twice last summer!", speaker="Bob", cosine=0.1, cosine_context=0.7)
    fact = _cand("f", "Bob likes kayaking", cosine=0.4)
    m = rerank.features("How often?", [turn, fact], neighbours={}, idf={}, speakers=["Bob"])
    assert _row(m, 0, "cosine_context") == pytest.approx(0.7)
    assert _row(m, 1, "cosine_context") == pytest.approx(0.4)


@pytest.mark.profiles
def test_search_path_gives_turns_a_context_cosine_and_facts_none(make_memory) -> None:
    memory = make_memory()
    _ingest(memory)
    memory.add("Bob's sister lives in Lisbon", user_id="u1", infer=False)
    inputs = memory._retrieval.rerank_inputs("What did Bob paint?", "u1", 10)
    by_text = {c.text: c for c in inputs.candidates}
    painted = by_text[f"Bob: {CHAT[3][1]}"]
    assert painted.prev_id is not None and painted.cosine_context is not None
    # Its context vector mixes in the question before it and the cat turn after it.
    assert painted.cosine_context != pytest.approx(painted.cosine)
    fact = by_text.get("Bob's sister lives in Lisbon")
    assert fact is None or fact.cosine_context is None
