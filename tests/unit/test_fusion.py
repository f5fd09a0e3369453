"""Array fusion (:mod:`langmem_local.fusion`) against the dict path in `hybrid`."""

from __future__ import annotations

import random

import pytest

from langmem_local import fusion, hybrid


def _dict_path(query, dense, keyword, *, speaker_of, speakers, k, alpha=hybrid.ALPHA):
    """Steps 5-7 of :mod:`langmem_local.hybrid` as they ran before the array path."""
    hits = hybrid.fuse(dense, keyword, alpha=alpha)
    hits = hybrid.speaker_boost(hits, query, speaker_of, speakers)
    hits = hybrid.expand_neighbours(hits, prev_of={}, next_of={}, beta=0.0)
    return hits[: max(0, k)]


def _lists(rng: random.Random) -> tuple[list, list, dict]:
    ids = [f"m{rng.randint(0, 400):03d}" for _ in range(rng.randint(0, 120))]
    ids = list(dict.fromkeys(ids))
    rng.shuffle(ids)
    # Few distinct values: ties (broken by id) are common.
    values = [rng.choice([0.0, 0.25, 0.5, 1.0, rng.random(), -rng.random()]) for _ in ids]
    cut = rng.randint(0, len(ids))
    dense = list(zip(ids[:cut], values[:cut], strict=True))
    overlap = rng.randint(0, cut)
    kw_ids = ids[cut - overlap :]
    keyword = [(i, rng.choice([1.0, 2.5, rng.uniform(0, 9)])) for i in kw_ids]
    rng.shuffle(keyword)
    speaker_of = {i: rng.choice(["Ann", "Bob", "ann", None]) for i in ids if rng.random() < 0.8}
    return dense, keyword, speaker_of


@pytest.mark.parametrize("seed", range(200))
def test_array_fusion_equals_the_dict_path_bit_for_bit(seed: int) -> None:
    rng = random.Random(seed)
    dense, keyword, speaker_of = _lists(rng)
    query = rng.choice(["What did Ann paint?", "Ann and Bob", "the lake", "bob's dog"])
    speakers = ["Ann", "Bob"]
    k = rng.choice([0, 1, 5, 60, 500])
    alpha = rng.choice([hybrid.ALPHA, 0.0, 1.0, 1.5])
    want = _dict_path(
        query, dense, keyword, speaker_of=speaker_of, speakers=speakers, k=k, alpha=alpha
    )
    got = hybrid.retrieve(
        query,
        dense,
        keyword,
        speaker_of=speaker_of,
        speakers=speakers,
        prev_of={},
        next_of={},
        k=k,
        alpha=alpha,
    )
    assert got == want  # ids, order and floats: ==, not approx
    assert all(type(s) is float for _, s in got)


def test_duplicate_ids_go_to_the_dict_path() -> None:
    dense = [("a", 0.9), ("b", 0.5), ("a", 0.1)]
    keyword = [("b", 3.0)]
    args = {"k": 10, "alpha": 0.8, "boost": 2.0}
    assert fusion.fused_head(dense, keyword, [], {}, **args) is None
    got = hybrid.retrieve(
        "q", dense, keyword, speaker_of={}, speakers=[], prev_of={}, next_of={}, k=10
    )
    assert got == _dict_path("q", dense, keyword, speaker_of={}, speakers=[], k=10)


def test_empty_and_all_zero_inputs() -> None:
    args = {"k": 10, "alpha": 0.8, "boost": 2.0}
    assert fusion.fused_head([], [], [], {}, **args) == []
    zero = [("a", 0.0), ("b", 0.0)]
    assert fusion.fused_head(zero, [], [], {}, **{**args, "alpha": 1.0}) == [
        ("a", 0.0),
        ("b", 0.0),
    ]
    assert fusion.fused_head(zero, [], [], {}, **{**args, "k": 0}) == []
