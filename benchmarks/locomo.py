"""LoCoMo retrieval quality, latency and context tokens through the real engine.

Run ``python -m benchmarks.locomo`` (raw turns, every conversation) or
``python -m benchmarks.locomo --mode facts`` (LLM extraction on a small subset).

``--mode raw``
    Each conversation is one user. Every turn is stored verbatim with
    ``LocalMemory.add([{"role": "user", "content": text, "name": speaker}],
    infer=False, metadata={"dia_id": ..., "session": n}, timestamp=<session date>)``
    (an image turn's BLIP caption is appended to its text, as in
    :func:`langmem_local.hybrid.index_text`). Each question (categories 1-5) is
    asked with ``search(question, user_id, limit=10)`` and scored against its
    evidence turns through the ``dia_id`` of each hit. The three baselines of
    :mod:`benchmarks.retrieval_lab` (BM25, dense MiniLM cosine, naive RRF) run in
    the same process on the same questions.

``--mode facts``
    Consecutive turns are added in batches (``--batch-turns``, default 2: one
    exchange) with ``infer=True``; every fact carries the ``dia_ids`` of the turns
    it came from (the engine unions them on UPDATE). A hit covers the evidence it
    cites, so the mean number of cited turns per hit is reported beside recall (a
    fact citing a whole batch gets coverage for free). The embedded SmolLM2-135M
    makes this slow and low quality; it measures the pipeline, ``--backend ollama``
    measures the real thing.

Metrics: recall@k, hit@k (k = 1, 5, 10) and MRR (first evidence hit within the
top 10) per category and over categories 1-4 (``overall_1_4``; category 5,
adversarial, is reported but not in the overall). Latency p50/p95 of ``add`` and
``search`` (embedding and LLM time shown separately from the engine's own time).
Tokens of the top-10 retrieved memory texts per question against the whole
conversation's turn texts, counted with the MiniLM WordPiece tokenizer (no
truncation, no special tokens).

``--judge ollama`` also answers each question (categories 1-4) from the retrieved
memories with the Ollama chat model and grades the answer with an LLM judge
(CORRECT / WRONG, the Mem0 paper's protocol) plus token F1 against the gold answer.
Without a reachable Ollama it prints why and exits 0.

Results: ``benchmarks/results/locomo_<mode>.{json,md,png}`` (and
``locomo_<mode>_judge.{json,md}`` with ``--judge``).
"""

from __future__ import annotations

import argparse
import json
import re
import string
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from benchmarks import locomo_split
from benchmarks.common import (
    RESULTS_DIR,
    BenchmarkError,
    LLMUsage,
    TokenCounter,
    latency_summary,
    llm_timer,
    load_average,
    make_progress,
    md_table,
    provenance_markdown,
    pyplot,
    resolve_locomo_path,
    run_header,
    save_figure,
    targets_markdown,
    write_json,
    write_text,
)
from benchmarks.locomo_data import (
    CATEGORY_NAMES,
    SCORED_CATEGORIES,
    Conversation,
    Turn,
    load_locomo,
)
from langmem_local import hybrid

K_VALUES: tuple[int, ...] = (1, 5, 10)
"""Cut-offs of recall@k and hit@k."""
MRR_DEPTH = 10
"""Reciprocal rank counts the first evidence hit within this many results."""
SEARCH_LIMIT = 10
"""``limit`` of every ``search`` call (the retrieved context of one question)."""
ALL_CATEGORIES: tuple[int, ...] = (1, 2, 3, 4, 5)
RECALL_TARGET = 0.80
"""Target recall@10 over categories 1-4 on raw turns through the plain API (issue 12)."""
MULTI_HOP_TARGET = 0.55
"""Target recall@10 of category 1 (multi-hop) through the plain API."""
SPLIT_GAP_TARGET = 0.03
"""The test half's recall@10 must lie within this of the tune half's."""


class MemoryLike(Protocol):
    """The part of :class:`langmem_local.LocalMemory` the harness uses."""

    def add(self, messages: Any, *, user_id: str, **kwargs: Any) -> dict[str, Any]:
        """Store messages."""
        ...

    def search(self, query: str, *, user_id: str, limit: int = 5) -> dict[str, Any]:
        """Ranked memories."""
        ...


# --------------------------------------------------------------------------- metrics


def score_citations(
    cited: Sequence[Iterable[str]],
    evidence: Iterable[str],
    ks: Sequence[int] = K_VALUES,
    mrr_depth: int = MRR_DEPTH,
) -> dict[str, float]:
    """Score one ranked result list against a question's evidence turns.

    Each hit *cites* turns: a raw-turn memory cites its own ``dia_id``, an
    extracted fact cites every turn it came from. A hit covers the evidence it
    cites, so ``recall@k`` is the share of evidence turns cited by the top ``k``
    hits together.

    Args:
        cited: For each hit, best first, the dia ids it cites.
        evidence: The question's evidence dia ids (non-empty).
        ks: Cut-offs for recall@k and hit@k.
        mrr_depth: Only a first evidence hit within this rank counts for MRR.

    Returns:
        ``{"recall@k", "hit@k" for each k, "mrr"}``, each in [0, 1].

    Raises:
        ValueError: ``evidence`` is empty (such questions cannot be scored).
    """
    ev = set(evidence)
    if not ev:
        msg = "a question without evidence cannot be scored"
        raise ValueError(msg)
    hits = [set(c) for c in cited]
    out: dict[str, float] = {}
    for k in ks:
        covered = set().union(*hits[:k]) & ev if hits[:k] else set()
        out[f"recall@{k}"] = len(covered) / len(ev)
        out[f"hit@{k}"] = float(bool(covered))
    out["mrr"] = 0.0
    for rank, c in enumerate(hits[:mrr_depth], start=1):
        if c & ev:
            out["mrr"] = 1.0 / rank
            break
    return out


def aggregate(
    rows: Sequence[tuple[int, dict[str, float]]],
    scored: Sequence[int] = SCORED_CATEGORIES,
    categories: Sequence[int] = ALL_CATEGORIES,
) -> dict[str, Any]:
    """Mean metrics per category and over the scored categories.

    Args:
        rows: ``(category, metrics)`` per question, metrics from :func:`score_citations`.
        scored: Categories pooled into ``overall_1_4``.
        categories: Categories reported one by one.

    Returns:
        ``{"overall_1_4": {metric: mean, "n": count}, "categories": {"1": {..., "name"}}}``;
        a group without questions has ``n = 0`` and no metric keys.
    """

    def mean(group: list[dict[str, float]]) -> dict[str, Any]:
        if not group:
            return {"n": 0}
        keys = list(group[0])
        out: dict[str, Any] = {k: float(np.mean([m[k] for m in group])) for k in keys}
        out["n"] = len(group)
        return out

    per_cat = {
        str(c): {**mean([m for cat, m in rows if cat == c]), "name": CATEGORY_NAMES.get(c, "")}
        for c in categories
    }
    return {
        "overall_1_4": mean([m for cat, m in rows if cat in scored]),
        "categories": per_cat,
    }


# --------------------------------------------------------------------------- data


def turn_text(turn: Turn) -> str:
    """The content stored for a turn: its text plus the shared image's caption.

    The speaker goes in the message's ``name``; the engine adds it to the
    indexed text itself.
    """
    return hybrid.index_text(turn.text, image_caption=turn.image_caption)


def select(
    convs: Sequence[Conversation],
    conversations: int | None = None,
    sessions: int | None = None,
) -> list[Conversation]:
    """The first ``conversations`` conversations, each cut to its first ``sessions`` sessions.

    A question is kept only when it has evidence and all of it lies in the kept
    turns, so a subset run asks nothing it never stored.

    Args:
        convs: Conversations from :func:`benchmarks.locomo_data.load_locomo`.
        conversations: How many conversations (``None``: all).
        sessions: How many sessions of each (``None``: all).

    Returns:
        New :class:`Conversation` objects (the inputs are not modified).
    """
    out: list[Conversation] = []
    for conv in list(convs)[: conversations or None]:
        numbers = sorted({t.session for t in conv.turns})
        keep = set(numbers[:sessions] if sessions else numbers)
        turns = [t for t in conv.turns if t.session in keep]
        ids = {t.dia_id for t in turns}
        questions = [q for q in conv.questions if q.evidence and set(q.evidence) <= ids]
        out.append(replace(conv, turns=turns, questions=questions))
    return out


def batches(turns: Sequence[Turn], size: int) -> list[list[Turn]]:
    """Consecutive turns in groups of ``size``; a group never spans two sessions."""
    out: list[list[Turn]] = []
    for t in turns:
        if out and len(out[-1]) < size and out[-1][-1].session == t.session:
            out[-1].append(t)
        else:
            out.append([t])
    return out


def hit_citations(hit: dict[str, Any]) -> list[str]:
    """Dia ids a search hit cites: ``metadata["dia_ids"]`` or ``[metadata["dia_id"]]``."""
    md = hit.get("metadata") or {}
    ids = md.get("dia_ids")
    if isinstance(ids, list):
        return [str(i) for i in ids]
    if md.get("dia_id") is not None:
        return [str(md["dia_id"])]
    return []


# --------------------------------------------------------------------------- timing


class TimedEmbeddings(Embeddings):
    """Delegating embeddings that record how long each call takes.

    Lets the harness report the embedder's share of ``add`` and ``search`` apart
    from the engine's own work. ``model_id`` is passed through so the engine's
    embedder manifest names the real model.
    """

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.seconds: list[float] = []
        self.model_id = getattr(inner, "model_id", None) or type(inner).__name__

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed texts through the wrapped model, timing the call."""
        start = time.perf_counter()
        try:
            return self.inner.embed_documents(texts)
        finally:
            self.seconds.append(time.perf_counter() - start)

    def embed_query(self, text: str) -> list[float]:
        """Embed one query through the wrapped model, timing the call."""
        start = time.perf_counter()
        try:
            return self.inner.embed_query(text)
        finally:
            self.seconds.append(time.perf_counter() - start)

    @property
    def total_s(self) -> float:
        """Seconds spent embedding so far."""
        return float(sum(self.seconds))


@dataclass
class Ledger:
    """Everything measured while one system ingests and answers.

    Attributes:
        rows: ``(category, metrics)`` per question.
        questions: Per-question details (question, evidence, hits) for the judge.
        add_s: Wall time of each ``add`` call.
        add_embed_s: Embedding time inside each ``add`` call.
        add_llm_s: LLM time inside each ``add`` call (extraction only).
        search_s: Wall time of each ``search`` call.
        search_embed_s: Embedding time inside each ``search`` call.
        turns_added: Turns sent to ``add``.
        llm_calls: Sum of ``llm_calls`` reported by ``add``.
        llm_timings_source: ``"engine"`` when ``add`` reported ``timings``, else
            ``"callback"`` (measured around the chat model).
        queued: Turns left queued because extraction failed.
        events: Count of ADD / UPDATE / DELETE / NONE results.
        cited_per_hit: Number of turns cited by each returned hit.
        context_tokens: Tokens of the retrieved memory texts, per question.
        conversation_tokens: Tokens of the whole (ingested) conversation, per question.
        facts_baselines: Facts mode: BM25 / dense / RRF over the stored facts
            (:mod:`benchmarks.locomo_facts`).
    """

    rows: list[tuple[int, dict[str, float]]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    add_s: list[float] = field(default_factory=list)
    add_embed_s: list[float] = field(default_factory=list)
    add_llm_s: list[float] = field(default_factory=list)
    search_s: list[float] = field(default_factory=list)
    search_embed_s: list[float] = field(default_factory=list)
    turns_added: int = 0
    llm_calls: int = 0
    llm_timings_source: str = "engine"
    queued: int = 0
    events: Counter[str] = field(default_factory=Counter)
    cited_per_hit: list[int] = field(default_factory=list)
    context_tokens: list[int] = field(default_factory=list)
    conversation_tokens: list[int] = field(default_factory=list)
    facts_baselines: dict[str, Any] = field(default_factory=dict)


Tick = Callable[[int], None]


def _no_tick(_: int) -> None:
    return None


# --------------------------------------------------------------------------- harness


def ingest_raw(
    memory: MemoryLike,
    conv: Conversation,
    ledger: Ledger,
    *,
    input_mode: str = "rich",
    embeddings: TimedEmbeddings | None = None,
    tick: Tick = _no_tick,
) -> None:
    """Store every turn of ``conv`` verbatim (``infer=False``), one ``add`` per turn.

    ``input_mode`` is ``"plain"`` (the public API as a chat log would call it) or
    ``"rich"`` (name, timestamp, session, caption); see :mod:`benchmarks.locomo_split`.
    """
    locomo_split.ingest(
        memory, conv, ledger, input_mode=input_mode, embeddings=embeddings, tick=tick
    )


def ingest_facts(
    memory: MemoryLike,
    conv: Conversation,
    ledger: Ledger,
    *,
    batch_turns: int = 2,
    speaker_b_role: str = "user",
    usage: LLMUsage | None = None,
    embeddings: TimedEmbeddings | None = None,
    tick: Tick = _no_tick,
) -> None:
    """Extract facts (``infer=True``) from batches of consecutive turns.

    Every turn is sent with its speaker's ``name``. Both LoCoMo speakers are
    people whose facts the questions ask about, and the engine keeps only facts
    grounded in ``user`` messages, so speaker B is sent as ``user`` too by
    default; ``speaker_b_role="assistant"`` sends each batch of two turns as a
    user/assistant exchange instead. Each fact carries the batch's ``dia_ids``.

    Args:
        memory: The engine.
        conv: Conversation to ingest.
        ledger: Accumulator.
        batch_turns: Turns per ``add`` call.
        speaker_b_role: Role of speaker B's messages (``"user"`` or ``"assistant"``).
        usage: LLM usage collected by a :func:`benchmarks.common.llm_timer`
            callback; used when ``add`` reports no ``timings``.
        embeddings: Timed embeddings the engine uses, if any.
        tick: Progress callback (turns done).
    """
    for group in batches(conv.turns, batch_turns):
        msgs = [
            {
                "role": "user" if t.speaker == conv.speaker_a else speaker_b_role,
                "content": turn_text(t),
                "name": t.speaker,
            }
            for t in group
        ]
        llm_before = usage.total_s if usage else 0.0
        emb_before = embeddings.total_s if embeddings else 0.0
        start = time.perf_counter()
        out = memory.add(
            msgs,
            user_id=conv.conv_id,
            metadata={"dia_ids": [t.dia_id for t in group], "session": group[0].session},
            infer=True,
            timestamp=group[0].date_time or None,
            run_id=f"session-{group[0].session}",
        )
        ledger.add_s.append(time.perf_counter() - start)
        if embeddings is not None:
            ledger.add_embed_s.append(embeddings.total_s - emb_before)
        timings = out.get("timings") or {}
        if "llm_s" in timings:
            ledger.add_llm_s.append(float(timings["llm_s"]))
        elif usage is not None:
            ledger.llm_timings_source = "callback"
            ledger.add_llm_s.append(usage.total_s - llm_before)
        ledger.llm_calls += int(out.get("llm_calls", 0) or 0)
        ledger.queued += len(out.get("queued") or [])
        ledger.events.update(str(r.get("event", "?")) for r in out.get("results", []))
        ledger.turns_added += len(group)
        tick(len(group))


def ask(
    memory: MemoryLike,
    conv: Conversation,
    ledger: Ledger,
    *,
    counter: TokenCounter | None = None,
    embeddings: TimedEmbeddings | None = None,
    tick: Tick = _no_tick,
) -> None:
    """Search every question of ``conv`` and score the hits' citations.

    Args:
        memory: The engine, already holding ``conv``.
        conv: Conversation whose questions to ask (all categories; questions
            without evidence are skipped).
        ledger: Accumulator.
        counter: Token counter for the context-size figures (skipped when ``None``).
        embeddings: Timed embeddings the engine uses, if any.
        tick: Progress callback (questions done).
    """
    conv_tokens = sum(counter.count_many([turn_text(t) for t in conv.turns])) if counter else 0
    for q in conv.questions:
        if not q.evidence:  # cannot be scored (see locomo_data.EvidenceStats)
            continue
        before = embeddings.total_s if embeddings else 0.0
        start = time.perf_counter()
        hits = memory.search(q.question, user_id=conv.conv_id, limit=SEARCH_LIMIT)["results"]
        ledger.search_s.append(time.perf_counter() - start)
        if embeddings is not None:
            ledger.search_embed_s.append(embeddings.total_s - before)
        cited = [hit_citations(h) for h in hits]
        ledger.cited_per_hit.extend(len(c) for c in cited)
        ledger.rows.append((q.category, score_citations(cited, q.evidence)))
        texts = [str(h.get("memory", "")) for h in hits]
        if counter is not None:
            ledger.context_tokens.append(sum(counter.count_many(texts)))
            ledger.conversation_tokens.append(conv_tokens)
        ledger.questions.append(
            {
                "conv_id": conv.conv_id,
                "speakers": list(conv.speakers),
                "question": q.question,
                "answer": q.answer,
                "category": q.category,
                "evidence": list(q.evidence),
                "memories": texts,
                "dates": [str(h.get("valid_from") or h.get("created_at") or "") for h in hits],
                "cited": cited,
            }
        )
        tick(1)


# --------------------------------------------------------------------------- summaries


def latency_block(ledger: Ledger) -> dict[str, Any]:
    """p50/p95 of add and search, with embedding and LLM time split from the engine's."""

    def minus(a: Sequence[float], b: Sequence[float]) -> list[float]:
        return [x - y for x, y in zip(a, b, strict=True)] if len(a) == len(b) else []

    add_other = ledger.add_s
    if ledger.add_embed_s:
        add_other = minus(add_other, ledger.add_embed_s)
    if ledger.add_llm_s:
        add_other = minus(add_other, ledger.add_llm_s)
    out: dict[str, Any] = {
        "add": latency_summary(ledger.add_s),
        "add_embedding": latency_summary(ledger.add_embed_s),
        "add_engine_overhead": latency_summary(add_other),
        "search": latency_summary(ledger.search_s),
        "search_embedding": latency_summary(ledger.search_embed_s),
        "search_engine_overhead": latency_summary(
            minus(ledger.search_s, ledger.search_embed_s) if ledger.search_embed_s else []
        ),
    }
    if ledger.add_llm_s:
        out["add_llm"] = latency_summary(ledger.add_llm_s)
        out["add_llm_source"] = ledger.llm_timings_source
    return out


def token_block(ledger: Ledger) -> dict[str, Any]:
    """Mean retrieved-context tokens per question against the whole conversation's."""
    if not ledger.context_tokens:
        return {}
    ctx = float(np.mean(ledger.context_tokens))
    full = float(np.mean(ledger.conversation_tokens))
    return {
        "tokenizer": "all-MiniLM-L6-v2 WordPiece (langmem_local/_assets/minilm_tokenizer.json), "
        "no truncation, no special tokens",
        "context": f"top-{SEARCH_LIMIT} memory texts per question",
        "mean_context_tokens": ctx,
        "p95_context_tokens": float(np.percentile(ledger.context_tokens, 95)),
        "mean_conversation_tokens": full,
        "reduction_pct": 100.0 * (1.0 - ctx / full) if full else None,
    }


def system_block(ledger: Ledger) -> dict[str, Any]:
    """Metrics, latency and tokens of one engine run."""
    block = aggregate(ledger.rows)
    conv_ids = [q["conv_id"] for q in ledger.questions]
    if len(conv_ids) == len(ledger.rows):
        block["splits"] = {
            name: aggregate(rows)
            for name, rows in locomo_split.split_rows(ledger.rows, conv_ids).items()
        }
    block["latency"] = latency_block(ledger)
    block["tokens"] = token_block(ledger)
    block["questions"] = len(ledger.rows)
    block["turns_added"] = ledger.turns_added
    block["add_calls"] = len(ledger.add_s)
    if ledger.cited_per_hit:
        block["mean_cited_turns_per_hit"] = float(np.mean(ledger.cited_per_hit))
    return block


# --------------------------------------------------------------------------- baselines


def run_baselines(
    convs: Sequence[Conversation], tick: Tick = _no_tick, *, input_mode: str = "plain"
) -> dict[str, Any]:
    """BM25, dense MiniLM cosine and naive RRF, run by :mod:`benchmarks.retrieval_lab`.

    The researcher's :func:`benchmarks.retrieval_lab.baselines` is called as is;
    a ``Lab`` subclass captures each ranking instead of scoring it, so the
    baselines are scored by :func:`score_citations` on exactly the engine's
    questions (all five categories).

    Args:
        convs: Conversations as ingested (possibly a subset).
        tick: Progress callback (one per baseline).
        input_mode: Which text the baselines index, the same the engine got
            (:func:`benchmarks.locomo_split.baseline_doc`).

    Returns:
        ``{name: {"overall_1_4", "categories", "splits", "note"}}``.
    """
    from benchmarks import retrieval_lab as lab_mod
    from benchmarks.lab_embed import CachedEmbedder

    class CapturingLab(lab_mod.Lab):  # type: ignore[misc, name-defined]
        """Records rankings instead of printing the lab's table."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.captured: dict[str, tuple[str, list[tuple[int, dict[str, float]]], list[str]]]
            self.captured = {}

        def run(
            self, name: str, rank: Callable[[Any], list[list[str]]], note: str = ""
        ) -> dict[str, Any]:
            rows: list[tuple[int, dict[str, float]]] = []
            conv_ids: list[str] = []
            for cd in self.cds:
                for q, ranked in zip(cd.questions, rank(cd), strict=True):
                    rows.append((q.category, score_citations([[d] for d in ranked], q.evidence)))
                    conv_ids.append(cd.conv.conv_id)
            self.captured[name] = (note, rows, conv_ids)
            tick(1)
            return {}

    cds = lab_mod.prepare(list(convs))
    by_id = {c.conv_id: c for c in convs}
    for cd in cds:
        # prepare() keeps categories 1-4; the engine is asked category 5 too.
        cd.questions = list(by_id[cd.conv.conv_id].questions)
    lab = CapturingLab(cds, CachedEmbedder())
    lab_mod.baselines(lab, doc=lambda t: locomo_split.baseline_doc(t, input_mode))
    lab.emb.save()
    out: dict[str, Any] = {}
    for name, (note, rows, conv_ids) in lab.captured.items():
        splits = locomo_split.split_rows(rows, conv_ids)
        out[name] = {
            **aggregate(rows),
            "splits": {k: aggregate(v) for k, v in splits.items()},
            "note": note,
        }
    return out


# --------------------------------------------------------------------------- judge

ANSWER_PROMPT = """\
You answer questions about a long conversation between {speaker_a} and {speaker_b}, \
using memories retrieved from it. Each memory has the date of the conversation \
session it comes from.

Memories:
{memories}

Instructions:
- Use only the memories. If they contradict each other, prefer the most recent one.
- Resolve relative times ("last year", "two weeks ago") against the memory's date \
and answer with the actual date, month or year.
- Answer in as few words as possible (at most six words), no explanation.

Question: {question}
Answer:"""

JUDGE_PROMPT = """\
Label a generated answer to a question as CORRECT or WRONG.
You get (1) a question that one person asks about another based on their past \
conversations, (2) the gold answer, (3) the generated answer.
Be generous: the generated answer is CORRECT when it refers to the same thing as the \
gold answer, even if it is longer or worded differently. For time questions it is \
CORRECT when it names the same date or period, whatever the format ("May 7" vs \
"7 May 2023"). Otherwise it is WRONG.

Question: {question}
Gold answer: {gold}
Generated answer: {answer}

Give a one-sentence reason, then the label as JSON: {{"label": "CORRECT"}} or \
{{"label": "WRONG"}}. Never write both labels."""

_LABEL_JSON = re.compile(r"\{[^{}]*\"label\"[^{}]*\}", re.IGNORECASE)
_LABEL_WORD = re.compile(r"\b(CORRECT|WRONG)\b", re.IGNORECASE)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def parse_judge_label(text: str) -> str | None:
    """The judge's verdict: ``"CORRECT"``, ``"WRONG"`` or ``None`` when unreadable.

    A JSON object with a ``label`` key wins (the last one, the model's final
    word); otherwise the last bare CORRECT / WRONG in the text.
    """
    for match in reversed(_LABEL_JSON.findall(text or "")):
        try:
            label = str(json.loads(match).get("label", "")).strip().upper()
        except (json.JSONDecodeError, AttributeError):
            continue
        if label in ("CORRECT", "WRONG"):
            return label
    words = _LABEL_WORD.findall(text or "")
    return words[-1].upper() if words else None


def normalise_answer(text: str) -> list[str]:
    """SQuAD-style answer tokens: lower case, no punctuation, no articles."""
    text = str(text).lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation))
    return _ARTICLES.sub(" ", text).split()


def token_f1(prediction: str, gold: str) -> float:
    """Token-overlap F1 between a generated and a gold answer (SQuAD definition)."""
    pred, ref = normalise_answer(prediction), normalise_answer(gold)
    if not pred or not ref:
        return float(pred == ref)
    common = Counter(pred) & Counter(ref)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(ref)
    return 2 * precision * recall / (precision + recall)


def _content(reply: Any) -> str:
    content = getattr(reply, "content", reply)
    if isinstance(content, list):
        content = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content).strip()


def judge_question(chat: Any, item: dict[str, Any]) -> dict[str, Any]:
    """Answer one question from its retrieved memories, then grade the answer.

    Args:
        chat: A LangChain chat model (answers and judges).
        item: A per-question record of :func:`ask` (question, answer, memories, dates).

    Returns:
        ``{"generated", "label", "correct", "f1", "judge_raw"}``.
    """
    memories = "\n".join(
        f"- [{(d or '')[:10]}] {m}" for m, d in zip(item["memories"], item["dates"], strict=True)
    )
    a, b = (item.get("speakers") or ["Speaker A", "Speaker B"])[:2]
    answer = _content(
        chat.invoke(
            ANSWER_PROMPT.format(
                speaker_a=a, speaker_b=b, memories=memories or "(none)", question=item["question"]
            )
        )
    )
    raw = _content(
        chat.invoke(
            JUDGE_PROMPT.format(question=item["question"], gold=item["answer"], answer=answer)
        )
    )
    label = parse_judge_label(raw)
    return {
        "generated": answer,
        "label": label,
        "correct": float(label == "CORRECT"),
        "f1": token_f1(answer, item["answer"]),
        "judge_raw": raw[:500],
    }


def pick_for_judge(items: Sequence[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Questions of categories 1-4, thinned evenly to ``limit`` (0 keeps all)."""
    scored = [i for i in items if i["category"] in SCORED_CATEGORIES]
    if limit <= 0 or limit >= len(scored):
        return scored
    step = len(scored) / limit
    return [scored[int(i * step)] for i in range(limit)]


def run_judge(chat: Any, items: Sequence[dict[str, Any]], tick: Tick = _no_tick) -> dict[str, Any]:
    """Judge accuracy and F1 per category and overall (categories 1-4)."""
    graded: list[dict[str, Any]] = []
    for item in items:
        graded.append({**item, **judge_question(chat, item)})
        tick(1)
    rows = [(g["category"], {"judge": g["correct"], "f1": g["f1"]}) for g in graded]
    agg = aggregate(rows, categories=SCORED_CATEGORIES)
    agg["unparsed_labels"] = sum(1 for g in graded if g["label"] is None)
    agg["items"] = [
        {k: g[k] for k in ("conv_id", "category", "question", "answer", "generated", "label", "f1")}
        for g in graded
    ]
    return agg


# --------------------------------------------------------------------------- output

SystemRows = list[tuple[str, dict[str, Any]]]


def _systems(results: dict[str, Any]) -> SystemRows:
    """Every system of a run, engine first, each input variant with its baselines."""
    blocks = [results] + [
        results[m] for m in locomo_split.INPUTS if isinstance(results.get(m), dict)
    ]
    out: SystemRows = []
    for block in blocks:
        tag = f", {block['input']} input" if block.get("input") else ""
        out.append((f"engine (LocalMemory.search){tag}", block))
        out += [(f"{name}{tag}", b) for name, b in (block.get("baselines") or {}).items()]
    if results.get("engine_raw_same_subset"):
        out.append(("engine, raw turns (same subset)", results["engine_raw_same_subset"]))
    return out


def split_markdown(results: dict[str, Any]) -> list[str]:
    """recall@10 of every system on the tune half, the test half and the whole."""
    systems = [(n, b) for n, b in _systems(results) if b.get("splits")]
    if not systems:
        return []
    names = [s for s in locomo_split.SPLITS if s in systems[0][1]["splits"]]
    heads = [f"R@10 1-4 {s}" for s in names] + [f"multi-hop {s}" for s in names]
    rows = []
    for name, b in systems:
        sp = b["splits"]
        rows.append(
            (
                name,
                *[sp[s]["overall_1_4"].get("recall@10") for s in names],
                *[sp[s]["categories"]["1"].get("recall@10") for s in names],
            )
        )
    return [
        "## Tune / test split",
        "",
        f"Tune half: {', '.join(locomo_split.TUNE_IDS)}; test half: "
        f"{', '.join(locomo_split.TEST_IDS)} (fixed, `benchmarks/locomo_split.py`). "
        "Parameters are chosen on the tune half only.",
        "",
        md_table(["system", *heads], rows),
        "",
    ]


def markdown(payload: dict[str, Any], duration_s: float) -> str:
    """The Markdown summary of one run."""
    res = payload["results"]
    mode = payload["settings"]["mode"]
    o = res["overall_1_4"]
    lines = [
        f"# LoCoMo retrieval through the engine: `--mode {mode}`",
        "",
        provenance_markdown(payload, duration_s),
        "",
        f"Conversations: {payload['settings']['conversations_used']}, turns added: "
        f"{res['turns_added']:,} in {res['add_calls']:,} `add` calls, questions: "
        f"{res['questions']:,} (categories 1-4: {o.get('n', 0):,}).",
        "",
    ]
    lines += targets_markdown(payload.get("targets") or [])
    lines += split_markdown(res)
    lines += ["## Retrieval, categories 1-4 (`overall_1_4`)", ""]
    metrics = [f"recall@{k}" for k in K_VALUES] + [f"hit@{k}" for k in K_VALUES] + ["mrr"]
    lines.append(
        md_table(
            ["system", *metrics],
            [(name, *[b["overall_1_4"].get(m) for m in metrics]) for name, b in _systems(res)],
        )
    )
    lines += ["", "## recall@10 per category", ""]
    cats = [f"{c} {CATEGORY_NAMES[c]}" for c in ALL_CATEGORIES]
    lines.append(
        md_table(
            ["system", *cats],
            [
                (name, *[b["categories"][str(c)].get("recall@10") for c in ALL_CATEGORIES])
                for name, b in _systems(res)
            ],
        )
    )
    counts = ", ".join(f"{c}: {res['categories'][str(c)].get('n', 0)}" for c in ALL_CATEGORIES)
    lines += [
        "",
        f"Questions per category: {counts}. Category 5 (adversarial) is not in `overall_1_4`.",
        "",
    ]
    if "mean_cited_turns_per_hit" in res:
        lines += [
            f"Mean turns cited per hit: **{res['mean_cited_turns_per_hit']:.2f}** "
            "(a raw turn cites 1; a fact citing its whole batch covers every turn of it).",
            "",
        ]
    lat = res["latency"]
    lines += ["## Latency (ms)", ""]
    lat_rows = []
    for key, label in (
        ("add", "add (wall)"),
        ("add_llm", f"  LLM inside add ({lat.get('add_llm_source', '-')})"),
        ("add_embedding", "  embedding inside add"),
        ("add_engine_overhead", "  engine overhead of add"),
        ("search", "search (wall)"),
        ("search_embedding", "  embedding inside search"),
        ("search_engine_overhead", "  engine overhead of search"),
    ):
        if key in lat and lat[key].get("n"):
            s = lat[key]
            lat_rows.append((label, s["n"], s["p50_ms"], s["p95_ms"], s["mean_ms"]))
    lines.append(md_table(["operation", "calls", "p50", "p95", "mean"], lat_rows, digits=1))
    if res.get("extraction"):
        e = res["extraction"]
        lines += [
            "",
            f"Extraction: {e['llm_calls_per_turn']:.2f} LLM calls per added turn "
            f"({e['llm_calls']} calls for {res['turns_added']} turns), {e['memories_stored']} "
            f"memories stored, events {e['events']}, {e['queued_turns']} add calls left queued "
            f"(extraction failed). Backend: {e['backend']}.",
        ]
    tok = res.get("tokens") or {}
    if tok and not tok["mean_context_tokens"]:
        lines += ["", "## Context tokens", "", "No memory was retrieved, so no context to count."]
    elif tok:
        lines += [
            "",
            "## Context tokens",
            "",
            f"Mean tokens of the retrieved context ({tok['context']}): "
            f"**{tok['mean_context_tokens']:,.0f}** (p95 {tok['p95_context_tokens']:,.0f}) "
            f"against **{tok['mean_conversation_tokens']:,.0f}** for the whole conversation: "
            f"**{tok['reduction_pct']:.1f}%** fewer tokens. Counted with the {tok['tokenizer']}.",
        ]
    ev = payload.get("evidence_normalisation")
    if ev:
        lines += [
            "",
            f"Evidence ids: {ev['total']} in the file, {ev['repaired']} repaired, dropped "
            f"{ev['dropped']}, {ev['questions_without_evidence']} questions without usable "
            "evidence (not scored); see `benchmarks/locomo_data.py`.",
        ]
    if payload.get("notes"):
        lines += ["", "## Notes", ""] + [f"- {n}" for n in payload["notes"]]
    server = payload["settings"].get("profile") == "server"
    lines += ["", f"![LoCoMo {mode}](locomo_{mode}{'_server' if server else ''}.png)"]
    return "\n".join(lines)


def plot(payload: dict[str, Any], path: Path) -> Path:
    """Recall@10 per category, overall recall@k, and latency, in one PNG."""
    plt = pyplot()
    res = payload["results"]
    systems = _systems(res)
    fig, axes = plt.subplots(1, 3, figsize=(16, 5.4))
    groups = [*map(str, SCORED_CATEGORIES), "overall_1_4"]
    labels = [f"{c} {CATEGORY_NAMES[int(c)]}" for c in groups[:-1]] + ["overall 1-4"]
    width = 0.8 / max(1, len(systems))
    x = np.arange(len(groups))
    for i, (name, block) in enumerate(systems):
        vals = [
            (block["overall_1_4"] if g == "overall_1_4" else block["categories"][g]).get(
                "recall@10", 0.0
            )
            for g in groups
        ]
        axes[0].bar(x + i * width - 0.4 + width / 2, vals, width, label=name)
    axes[0].axhline(RECALL_TARGET, color="k", ls="--", lw=1, label=f"target {RECALL_TARGET}")
    axes[0].set_xticks(x, labels, rotation=20, ha="right")
    axes[0].set_ylim(0, 1)
    axes[0].set_title("recall@10 by category")
    ks = list(K_VALUES)
    for name, block in systems:
        axes[1].plot(
            ks, [block["overall_1_4"].get(f"recall@{k}", 0.0) for k in ks], "o-", label=name
        )
    axes[1].set_xticks(ks)
    axes[1].set_xlabel("k")
    axes[1].set_ylim(0, 1)
    axes[1].set_title("recall@k, categories 1-4")
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", ncol=min(5, len(names)), fontsize=8)
    lat = res["latency"]
    keys = [
        k
        for k in ("add", "add_llm", "add_embedding", "search", "search_embedding")
        if k in lat and lat[k].get("n")
    ]
    xl = np.arange(len(keys))
    axes[2].bar(xl - 0.2, [lat[k]["p50_ms"] for k in keys], 0.4, label="p50")
    axes[2].bar(xl + 0.2, [lat[k]["p95_ms"] for k in keys], 0.4, label="p95")
    axes[2].set_xticks(xl, keys, rotation=20, ha="right")
    axes[2].set_ylabel("ms")
    if any(lat[k]["p95_ms"] > 20 * max(1e-9, lat[k]["p50_ms"]) for k in keys) or (
        "add_llm" in keys
    ):
        axes[2].set_yscale("log")
    axes[2].set_title("engine latency")
    axes[2].legend(fontsize=7)
    mode = payload["settings"]["mode"]
    fig.suptitle(
        f"LoCoMo, --mode {mode}: {res['questions']} questions, "
        f"{len(payload['settings']['conversations_used'])} conversation(s)"
    )
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return save_figure(fig, path, tight=False)


# --------------------------------------------------------------------------- main


def _open_memory(
    backend: str, data_dir: Path, *, need_llm: bool, database_url: str | None = None
) -> tuple[Any, TimedEmbeddings, LLMUsage]:
    """A real :class:`LocalMemory` in ``data_dir`` with timed embeddings and LLM usage.

    With ``database_url`` it runs on the server profile, in a fresh schema
    named after ``data_dir`` (dropped by :func:`_drop_schema`).
    """
    from langmem_local import LocalMemory
    from langmem_local.config import LocalMemoryConfig

    usage = LLMUsage()
    cfg = LocalMemoryConfig(data_dir=data_dir, database_url=database_url,
                            database_schema=_schema_for(data_dir))  # fmt: skip
    if not need_llm:
        from langmem_local.backends.embedded import MiniLMEmbeddings

        emb = TimedEmbeddings(MiniLMEmbeddings())
        return LocalMemory(embeddings=emb, config=cfg), emb, usage
    from langmem_local.backends import load_models

    loaded = load_models(cfg, backend)
    emb = TimedEmbeddings(loaded.embeddings)
    chat = loaded.chat_model
    if backend == "embedded":
        # Load the GGUF now (seconds), not inside the first timed add.
        chat.invoke("Hi", max_tokens=1)
    chat.callbacks = [llm_timer(usage)]
    return LocalMemory(chat_model=chat, embeddings=emb, config=cfg), emb, usage


def _schema_for(data_dir: Path) -> str:
    return "locomo_" + "".join(c if c.isalnum() else "_" for c in data_dir.name.lower())[-40:]


def _drop_schema(database_url: str | None, data_dir: Path) -> None:
    if database_url:
        import psycopg

        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{_schema_for(data_dir)}" CASCADE')


def _ollama_problem(models: Sequence[str]) -> str | None:
    """Why Ollama cannot be used (``None`` when it answers with ``models``)."""
    from langmem_local.backends.ollama import check_ollama
    from langmem_local.config import LocalMemoryConfig

    o = LocalMemoryConfig().ollama
    status = check_ollama(o.base_url, required=list(models), timeout=3.0)
    if status.reachable and not status.missing:
        return None
    return status.error or f"Ollama at {o.base_url} is not usable"


def _engine_pass(
    convs: Sequence[Conversation],
    *,
    mode: str,
    backend: str,
    batch_turns: int,
    speaker_b_role: str = "user",
    input_mode: str = "plain",
    counter: TokenCounter,
    progress: Any,
    label: str,
    database_url: str | None = None,
) -> tuple[Ledger, int, LLMUsage]:
    """Ingest and ask every conversation through one fresh engine.

    Returns:
        The ledger, the number of memories stored, and the LLM usage.
    """
    ledger = Ledger()
    with tempfile.TemporaryDirectory(prefix="langmem-locomo-") as tmp:
        memory, emb, usage = _open_memory(
            backend, Path(tmp), need_llm=mode == "facts", database_url=database_url
        )
        try:
            turns = sum(len(c.turns) for c in convs)
            questions = sum(len(c.questions) for c in convs)
            # Load the models and open the stores outside the timed calls: a user
            # with no memories makes search touch everything without writing.
            memory.search("warm up", user_id="__warmup__", limit=1)
            emb.seconds.clear()
            t_add = progress.add_task(f"{label}: add", total=turns)
            for conv in convs:

                def add_tick(n: int) -> None:
                    progress.advance(t_add, n)

                if mode == "facts":
                    ingest_facts(
                        memory,
                        conv,
                        ledger,
                        batch_turns=batch_turns,
                        speaker_b_role=speaker_b_role,
                        usage=usage,
                        embeddings=emb,
                        tick=add_tick,
                    )
                else:
                    ingest_raw(
                        memory,
                        conv,
                        ledger,
                        input_mode=input_mode,
                        embeddings=emb,
                        tick=add_tick,
                    )
            t_ask = progress.add_task(f"{label}: search", total=questions)
            for conv in convs:
                ask(
                    memory,
                    conv,
                    ledger,
                    counter=counter,
                    embeddings=emb,
                    tick=lambda n: progress.advance(t_ask, n),
                )
            stored = sum(len(memory.get_all(user_id=c.conv_id)["results"]) for c in convs)
            if mode == "facts":
                # The same baselines over the facts the engine stored: like for like.
                from benchmarks.locomo_facts import facts_baselines

                facts = {
                    c.conv_id: memory.get_all(user_id=c.conv_id, limit=10_000)["results"]
                    for c in convs
                }
                ledger.facts_baselines = facts_baselines(
                    facts,
                    convs,
                    embed=emb.embed_documents,
                    cites=hit_citations,
                    score=score_citations,
                    aggregate=aggregate,
                )
        finally:
            memory.close()
            _drop_schema(database_url, Path(tmp))
    return ledger, stored, usage


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.locomo",
        description="LoCoMo retrieval quality, latency and context tokens through LocalMemory.",
    )
    ap.add_argument(
        "--mode",
        choices=("raw", "facts"),
        default="raw",
        help="raw: every turn verbatim (default); facts: LLM extraction",
    )
    ap.add_argument(
        "--conversations",
        type=int,
        default=None,
        help="first N conversations (default: raw all 10, facts 1)",
    )
    ap.add_argument(
        "--sessions",
        type=int,
        default=None,
        help="first N sessions of each (default: raw all, facts 2)",
    )
    ap.add_argument(
        "--batch-turns",
        type=int,
        default=2,
        help="facts mode: consecutive turns per add call (default 2)",
    )
    ap.add_argument(
        "--speaker-b-role",
        choices=("user", "assistant"),
        default="user",
        help="facts mode: role of speaker B's turns (the engine grounds facts in user turns)",
    )
    ap.add_argument(
        "--backend",
        choices=("embedded", "ollama"),
        default="embedded",
        help="facts mode: extraction model (embedded SmolLM2-135M or Ollama)",
    )
    ap.add_argument(
        "--input",
        choices=("plain", "rich", "both"),
        default="both",
        help="raw mode: plain public-API turns (the headline), rich (name, timestamp, "
        "session, caption) or both (default); see benchmarks/locomo_split.py",
    )
    ap.add_argument(
        "--split",
        choices=locomo_split.SPLITS,
        default="all",
        help="conversations to run: the tune half, the test half or all (default); "
        "every report shows each half it ran",
    )
    ap.add_argument("--no-baselines", action="store_true", help="skip BM25 / dense / RRF baselines")
    ap.add_argument(
        "--judge",
        choices=("none", "ollama"),
        default="none",
        help="answer + LLM-judge each question with Ollama (exit 0 if unreachable)",
    )
    ap.add_argument(
        "--judge-limit",
        type=int,
        default=200,
        help="judge at most N questions of categories 1-4, evenly spread (0: all)",
    )
    ap.add_argument(
        "--database-url",
        default=None,
        help="run the engine on the server profile (PostgreSQL + pgvector); results go to "
        "locomo_<mode>_server.*",
    )
    ap.add_argument("--out-dir", type=Path, default=RESULTS_DIR, help="where results go")
    args = ap.parse_args(argv)
    if args.conversations is None:
        args.conversations = 1 if args.mode == "facts" else None
    if args.sessions is None:
        args.sessions = 2 if args.mode == "facts" else None
    if args.batch_turns < 1:
        ap.error("--batch-turns must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    judge_chat = None
    if args.judge == "ollama" or args.backend == "ollama":
        from langmem_local.config import LocalMemoryConfig

        o = LocalMemoryConfig().ollama
        needed = [o.chat_model] + ([o.embed_model] if args.backend == "ollama" else [])
        problem = _ollama_problem(needed)
        if problem is not None:
            what = "--judge ollama" if args.judge == "ollama" else "--backend ollama"
            print(f"SKIPPED: {what} needs a running Ollama with {', '.join(needed)}: {problem}")
            return 0
        if args.judge == "ollama":
            from langmem_local.backends.ollama import ollama_models

            judge_chat = ollama_models(o)[0]
    try:
        path = resolve_locomo_path()
    except BenchmarkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    all_convs, stats = load_locomo(path)
    convs = select(
        locomo_split.select_split(all_convs, args.split), args.conversations, args.sessions
    )
    inputs = ["plain", "rich"] if args.input == "both" else [args.input]
    if args.mode == "facts":
        inputs = ["rich"]  # the facts harness sends names and timestamps
    settings = {
        "mode": args.mode,
        "conversations": args.conversations,
        "sessions": args.sessions,
        "conversations_used": [c.conv_id for c in convs],
        "split": args.split,
        "tune_conversations": list(locomo_split.TUNE_IDS),
        "test_conversations": list(locomo_split.TEST_IDS),
        "inputs": inputs,
        "search_limit": SEARCH_LIMIT,
        "embedder": "MiniLMEmbeddings (all-MiniLM-L6-v2 int8 ONNX)"
        if args.mode == "raw" or args.backend == "embedded"
        else "Ollama embeddings",
        "data": str(path),
        "profile": "server" if args.database_url else "embedded",
    }
    if args.mode == "facts":
        settings |= {
            "batch_turns": args.batch_turns,
            "backend": args.backend,
            "speaker_b_role": args.speaker_b_role,
        }
    payload = run_header("locomo", settings, argv)
    payload["evidence_normalisation"] = {
        "total": stats.total,
        "repaired": stats.repaired,
        "dropped": dict(stats.dropped_ids),
        "questions_without_evidence": stats.questions_without_evidence,
    }
    started = time.perf_counter()
    counter = TokenCounter()
    notes: list[str] = []
    with make_progress() as progress:
        ledger, stored, usage = _engine_pass(
            convs,
            mode=args.mode,
            backend=args.backend,
            batch_turns=args.batch_turns,
            speaker_b_role=args.speaker_b_role,
            input_mode=inputs[0],
            counter=counter,
            progress=progress,
            label=f"engine {args.mode} {inputs[0]}",
            database_url=args.database_url,
        )
        results = system_block(ledger)
        results["input"] = inputs[0]
        for extra in inputs[1:]:
            extra_ledger, _, _ = _engine_pass(
                convs,
                mode="raw",
                backend=args.backend,
                batch_turns=1,
                input_mode=extra,
                counter=counter,
                progress=progress,
                label=f"engine raw {extra}",
            )
            results[extra] = {**system_block(extra_ledger), "input": extra}
        if args.mode == "facts":
            results["extraction"] = {
                "backend": args.backend,
                "llm_calls": ledger.llm_calls,
                "llm_calls_per_turn": ledger.llm_calls / max(1, ledger.turns_added),
                "llm_calls_per_add": ledger.llm_calls / max(1, len(ledger.add_s)),
                "llm_input_tokens": usage.input_tokens,
                "llm_output_tokens": usage.output_tokens,
                "llm_s_total": usage.total_s,
                "memories_stored": stored,
                "events": dict(ledger.events),
                "queued_turns": ledger.queued,
            }
            # Same questions, raw turns: what extraction gains or loses.
            raw_ledger, _, _ = _engine_pass(
                convs,
                mode="raw",
                backend=args.backend,
                batch_turns=1,
                input_mode="rich",
                counter=counter,
                progress=progress,
                label="engine raw (same subset)",
                database_url=args.database_url,
            )
            results["engine_raw_same_subset"] = system_block(raw_ledger)
        if not args.no_baselines:
            task = progress.add_task("baselines (BM25, dense, RRF)", total=3 * len(inputs))
            try:
                for input_mode in inputs:
                    block = results if input_mode == inputs[0] else results[input_mode]
                    block["baselines"] = run_baselines(
                        convs, tick=lambda n: progress.advance(task, n), input_mode=input_mode
                    )
            except Exception as exc:  # noqa: BLE001 - the researcher's lab may be mid-change
                notes.append(f"baselines failed: {type(exc).__name__}: {exc}")
                print(f"warning: baselines failed: {exc}", file=sys.stderr)
            results.setdefault("baselines", {}).update(ledger.facts_baselines)
        judge = None
        if judge_chat is not None:
            items = pick_for_judge(ledger.questions, args.judge_limit)
            task = progress.add_task("judge (Ollama)", total=len(items))
            judge = run_judge(judge_chat, items, tick=lambda n: progress.advance(task, n))
    duration = time.perf_counter() - started
    payload["duration_s"] = duration
    payload["load_average_at_end"] = load_average()
    payload["results"] = results
    payload["targets"] = targets(results, args.mode)
    if args.mode == "facts":
        notes.append(
            f"Facts mode with the {args.backend} backend on {len(convs)} conversation(s), "
            f"{args.sessions or 'all'} session(s) each; questions are kept only when all their "
            "evidence lies in the ingested turns."
        )
        if results["extraction"]["memories_stored"] == 0:
            notes.append(
                "No fact was stored: the engine's deterministic checks dropped every decision "
                "the model returned (with SmolLM2-135M: NONE with id 0 on an empty store, the "
                "prompt example's shape). The latency and LLM-call figures still measure the "
                "pipeline; use --backend ollama for retrieval quality."
            )
        notes.append(
            "A fact cites every turn of its add batch (and of later batches that UPDATE it), "
            "so recall here is an upper bound of what the facts themselves support; compare "
            "with mean cited turns per hit."
        )
        notes.append(
            'The baselines "over the stored facts" index exactly the facts the engine stored '
            "(like for like: the hybrid against BM25 / dense / RRF on the same memories); the "
            "other baselines index the raw turns (extraction and retrieval together)."
        )
    notes.append(
        "Every system of one input variant indexes the same text: plain is "
        '"Speaker: text" (no caption), rich is "Speaker: text [shares a photo of caption]" '
        "(the engine also gets the session date and the session as run_id)."
    )
    payload["notes"] = notes
    out: Path = args.out_dir
    stem = f"locomo_{args.mode}" + ("_server" if args.database_url else "")
    write_json(out / f"{stem}.json", payload)
    write_text(out / f"{stem}.md", markdown(payload, duration))
    plot(payload, out / f"{stem}.png")
    if judge is not None:
        jp = {k: payload[k] for k in ("benchmark", "command", "started_at", "git", "machine")}
        jp["settings"] = {
            **settings,
            "judge_model": getattr(judge_chat, "model", None),
            "judge_limit": args.judge_limit,
        }
        jp["results"] = judge
        write_json(out / f"{stem}_judge.json", jp)
        write_text(out / f"{stem}_judge.md", judge_markdown(jp))
    print(summary_line(results, args.mode))
    print(f"wrote {out / stem}.json, .md, .png")
    return 0


def targets(results: dict[str, Any], mode: str) -> list[dict[str, Any]]:
    """Pass/fail of the targets (raw mode only: facts depend on the model)."""
    if mode != "raw":
        return []
    tag = f" ({results['input']} input)" if results.get("input") else ""
    r10 = results["overall_1_4"].get("recall@10", 0.0)
    out = [
        {
            "target": f"recall@10 (categories 1-4) >= {RECALL_TARGET}{tag}",
            "measured": round(r10, 4),
            "pass": r10 >= RECALL_TARGET,
        }
    ]
    mh = results["categories"]["1"].get("recall@10", 0.0)
    out.append(
        {
            "target": f"multi-hop recall@10 >= {MULTI_HOP_TARGET}{tag}",
            "measured": round(mh, 4),
            "pass": mh >= MULTI_HOP_TARGET,
        }
    )
    splits = results.get("splits") or {}
    if "tune" in splits and "test" in splits:
        tune = splits["tune"]["overall_1_4"].get("recall@10", 0.0)
        test = splits["test"]["overall_1_4"].get("recall@10", 0.0)
        out.append(
            {
                "target": f"test half within {SPLIT_GAP_TARGET} of tune half "
                f"(tune {tune:.3f}, test {test:.3f}){tag}",
                "measured": round(test - tune, 4),
                "pass": abs(test - tune) <= SPLIT_GAP_TARGET,
            }
        )
    base = results.get("baselines") or {}
    if base:
        best_name, best = max(
            base.items(), key=lambda kv: kv[1]["overall_1_4"].get("recall@10", 0.0)
        )
        b10 = best["overall_1_4"].get("recall@10", 0.0)
        out.append(
            {
                "target": f"recall@10 above the best baseline ({best_name}: {b10:.3f})",
                "measured": round(r10, 4),
                "pass": r10 > b10,
            }
        )
    return out


def judge_markdown(jp: dict[str, Any]) -> str:
    """Markdown summary of a judge run."""
    r = jp["results"]
    rows = [
        (
            "overall 1-4",
            r["overall_1_4"].get("n"),
            r["overall_1_4"].get("judge"),
            r["overall_1_4"].get("f1"),
        )
    ]
    rows += [
        (
            f"{c} {CATEGORY_NAMES[c]}",
            r["categories"][str(c)].get("n"),
            r["categories"][str(c)].get("judge"),
            r["categories"][str(c)].get("f1"),
        )
        for c in SCORED_CATEGORIES
    ]
    return "\n".join(
        [
            f"# LoCoMo answer quality (LLM judge), `--mode {jp['settings']['mode']}`",
            "",
            f"Command: `{jp['command']}`; commit `{(jp['git'].get('commit') or '?')[:12]}`; "
            f"judge and answer model: {jp['settings'].get('judge_model')}.",
            "",
            md_table(["group", "questions", "judge accuracy", "token F1"], rows),
            "",
            f"Unreadable judge labels (counted WRONG): {r['unparsed_labels']}.",
        ]
    )


def summary_line(results: dict[str, Any], mode: str) -> str:
    """One line for the terminal."""
    o = results["overall_1_4"]
    lat = results["latency"]
    return (
        f"locomo {mode}: recall@10 {o.get('recall@10', float('nan')):.3f}  "
        f"recall@5 {o.get('recall@5', float('nan')):.3f}  mrr {o.get('mrr', float('nan')):.3f}  "
        f"(n={o.get('n', 0)}) | search p50 {lat['search']['p50_ms']:.1f} ms "
        f"p95 {lat['search']['p95_ms']:.1f} ms | add p50 {lat['add']['p50_ms']:.1f} ms"
    )


if __name__ == "__main__":
    raise SystemExit(main())
