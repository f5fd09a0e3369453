"""The LoCoMo tune/test split and the two ways of feeding turns to the engine.

**Split.** LoCoMo has ten conversations and no held-out part, so every retrieval
parameter tuned on it is also scored on it. The split is by conversation, fixed
and declared here: the first five conversations of ``locomo10.json`` (in file
order) are the *tune* half, on which parameters may be chosen; the last five are
the *test* half, which is only ever reported. Every run reports both halves and
the whole. A rule that helps only on the tune half does not generalise.

**Inputs.** Every system in one report sees the same text.

``plain`` (the headline)
    What a user with their own chat log would call: one
    ``add([{"role": "user", "content": "Speaker: text"}], metadata={"dia_id",
    "session", "date_time", "speaker"}, infer=False)`` per turn: no message
    ``name``, no ``timestamp``, no ``run_id``, no image caption. Baselines index
    the same ``"Speaker: text"``.
``rich``
    Everything LoCoMo offers: the speaker as the message ``name``, the session
    date as ``timestamp``, the session as ``run_id`` and the image's BLIP caption
    appended to the text. Baselines index ``"Speaker: text [caption]"``.

Example:
    >>> split_of("conv-26"), split_of("conv-50")
    ('tune', 'test')
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks.locomo_data import Conversation, Turn
from langmem_local import hybrid

__all__ = [
    "INPUTS",
    "SPLITS",
    "TEST_IDS",
    "TUNE_IDS",
    "add_call",
    "select_split",
    "baseline_doc",
    "ingest",
    "split_of",
    "split_rows",
]

TUNE_IDS: tuple[str, ...] = ("conv-26", "conv-30", "conv-41", "conv-42", "conv-43")
"""The first five conversations of ``locomo10.json``: parameters may be tuned on these."""

TEST_IDS: tuple[str, ...] = ("conv-44", "conv-47", "conv-48", "conv-49", "conv-50")
"""The last five: only reported, never tuned on."""

SPLITS: tuple[str, ...] = ("tune", "test", "all")
"""Report groups: each half and the whole data set."""

INPUTS: tuple[str, ...] = ("plain", "rich")
"""Ingestion variants, headline first."""


def split_of(conv_id: str) -> str:
    """``"tune"`` or ``"test"`` for a conversation id.

    Raises:
        ValueError: The id is in neither half (the split must be declared, not guessed).
    """
    if conv_id in TUNE_IDS:
        return "tune"
    if conv_id in TEST_IDS:
        return "test"
    msg = (
        f"conversation {conv_id!r} is in neither half of the LoCoMo split; "
        "add it to TUNE_IDS or TEST_IDS in benchmarks/locomo_split.py"
    )
    raise ValueError(msg)


def select_split(convs: Sequence[Conversation], split: str) -> list[Conversation]:
    """The conversations of one half (``"all"``: every conversation, in file order)."""
    if split not in SPLITS:
        msg = f"unknown split {split!r}; use one of {', '.join(SPLITS)}"
        raise ValueError(msg)
    return [c for c in convs if split == "all" or split_of(c.conv_id) == split]


def split_rows(
    rows: Sequence[tuple[int, dict[str, float]]], conv_ids: Sequence[str]
) -> dict[str, list[tuple[int, dict[str, float]]]]:
    """Per-question rows grouped by split (``conv_ids[i]`` is the conversation of ``rows[i]``).

    Groups without questions are left out, so a tune-only run reports no test figure.
    A conversation in neither half (synthetic test data) counts only in ``"all"``.
    """
    if len(rows) != len(conv_ids):
        msg = f"{len(rows)} rows but {len(conv_ids)} conversation ids; pass one id per row"
        raise ValueError(msg)
    out: dict[str, list[tuple[int, dict[str, float]]]] = {"tune": [], "test": [], "all": []}
    for row, conv_id in zip(rows, conv_ids, strict=True):
        if conv_id in TUNE_IDS or conv_id in TEST_IDS:
            out[split_of(conv_id)].append(row)
        out["all"].append(row)
    return {k: v for k, v in out.items() if v}


def baseline_doc(turn: Turn, input_mode: str) -> str:
    """The text a baseline indexes for ``turn``: exactly what the engine was given."""
    if input_mode == "plain":
        return f"{turn.speaker}: {turn.text}"
    return hybrid.index_text(turn.text, speaker=turn.speaker, image_caption=turn.image_caption)


def add_call(turn: Turn, input_mode: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``(messages, keyword arguments)`` of the one ``add`` call that stores ``turn``.

    Args:
        turn: The LoCoMo turn.
        input_mode: ``"plain"`` or ``"rich"`` (see the module docstring).

    Returns:
        The messages list and the other arguments (``metadata``, ``infer``, and for
        ``rich`` also ``timestamp`` and ``run_id``); ``user_id`` is the caller's.
    """
    if input_mode == "plain":
        messages = [{"role": "user", "content": f"{turn.speaker}: {turn.text}"}]
        metadata = {
            "dia_id": turn.dia_id,
            "session": turn.session,
            "date_time": turn.date_time,
            "speaker": turn.speaker,
        }
        return messages, {"metadata": metadata, "infer": False}
    if input_mode == "rich":
        text = hybrid.index_text(turn.text, image_caption=turn.image_caption)
        messages = [{"role": "user", "content": text, "name": turn.speaker}]
        return messages, {
            "metadata": {"dia_id": turn.dia_id, "session": turn.session},
            "infer": False,
            "timestamp": turn.date_time or None,
            # The session: keyword context and neighbours stay within it.
            "run_id": f"session-{turn.session}",
        }
    msg = f"unknown input mode {input_mode!r}; use one of {', '.join(INPUTS)}"
    raise ValueError(msg)


def ingest(
    memory: Any,
    conv: Conversation,
    ledger: Any,
    *,
    input_mode: str = "plain",
    embeddings: Any = None,
    tick: Callable[[int], None] = lambda _: None,
) -> None:
    """Store every turn of ``conv`` verbatim, one ``add`` per turn, as ``input_mode`` says.

    Args:
        memory: The engine (anything with ``add``).
        conv: Conversation to ingest; its id is the ``user_id``.
        ledger: A :class:`benchmarks.locomo.Ledger` (add timings, turns added).
        input_mode: ``"plain"`` or ``"rich"``.
        embeddings: Timed embeddings the engine uses, to split embedding time out.
        tick: Progress callback (turns done).
    """
    for t in conv.turns:
        messages, kwargs = add_call(t, input_mode)
        before = embeddings.total_s if embeddings is not None else 0.0
        start = time.perf_counter()
        memory.add(messages, user_id=conv.conv_id, **kwargs)
        ledger.add_s.append(time.perf_counter() - start)
        if embeddings is not None:
            ledger.add_embed_s.append(embeddings.total_s - before)
        ledger.turns_added += 1
        tick(1)
