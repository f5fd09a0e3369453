"""LoCoMo loading, evidence normalisation and iteration helpers.

The data set (CC BY-NC 4.0) is read in place from the shared data folder and is
never copied into the repository. ``LOCOMO_PATH`` overrides the location.

Evidence ids in ``locomo10.json`` are not all well formed: a few are joined
(``"D8:6; D9:17"``, ``"D9:1 D4:4 D4:6"``), one has a stray colon
(``"D:11:26"``), one is zero padded (``"D30:05"``), one is a bare ``"D"`` and
some point at turns that do not exist (``"D10:19"``). :func:`normalise_evidence`
splits and repairs what can be repaired and drops (and counts) the rest, so every
benchmark scores against the same evidence sets.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_LOCOMO_PATH = Path("/work/shared/data/locomo/locomo10.json")

CATEGORY_NAMES: dict[int, str] = {
    1: "multi-hop",
    2: "temporal",
    3: "open-domain",
    4: "single-hop",
    5: "adversarial",
}
"""Category numbers as they appear in the file (not the order of the paper)."""

SCORED_CATEGORIES: tuple[int, ...] = (1, 2, 3, 4)
"""Categories the Mem0 paper scores; 5 (adversarial) has no answer in the turns."""

_SESSION_KEY = re.compile(r"^session_(\d+)$")
_DIA_ID = re.compile(r"^D:?(\d+):0*(\d+)$")


@dataclass(frozen=True)
class Turn:
    """One dialogue turn: the unit stored as one memory.

    Attributes:
        conv_id: ``sample_id`` of the conversation (one user per conversation).
        dia_id: Turn id such as ``"D1:3"`` (session 1, turn 3).
        session: Session number.
        index: Position of the turn inside its session (0 based).
        speaker: Name of the speaker of this turn.
        text: What the speaker said.
        date_time: Session timestamp as written in the file (``"1:56 pm on 8 May, 2023"``).
        image_caption: BLIP caption of a shared image, when the turn shares one.
    """

    conv_id: str
    dia_id: str
    session: int
    index: int
    speaker: str
    text: str
    date_time: str
    image_caption: str | None = None


@dataclass(frozen=True)
class Question:
    """One QA item with normalised evidence.

    Attributes:
        conv_id: Conversation the question belongs to.
        question: The question text.
        answer: Reference answer (stringified; adversarial items use ``adversarial_answer``).
        category: Category number, see :data:`CATEGORY_NAMES`.
        evidence: Normalised evidence ids that exist in the conversation.
        raw_evidence: Evidence ids exactly as in the file.
    """

    conv_id: str
    question: str
    answer: str
    category: int
    evidence: tuple[str, ...]
    raw_evidence: tuple[str, ...]


@dataclass
class Conversation:
    """A conversation: its two speakers, turns in order, and questions."""

    conv_id: str
    speaker_a: str
    speaker_b: str
    turns: list[Turn]
    questions: list[Question]

    @property
    def speakers(self) -> tuple[str, str]:
        """Both speaker names."""
        return (self.speaker_a, self.speaker_b)


@dataclass
class EvidenceStats:
    """What :func:`normalise_evidence` did across the whole file.

    Attributes:
        total: Raw evidence entries seen.
        repaired: Entries that needed splitting or reformatting but resolved.
        dropped: Ids (after splitting) that do not name an existing turn.
        dropped_ids: The dropped ids with their counts.
        questions_without_evidence: Questions left with no usable evidence id
            (they are excluded from recall metrics).
    """

    total: int = 0
    repaired: int = 0
    dropped: int = 0
    dropped_ids: Counter[str] = field(default_factory=Counter)
    questions_without_evidence: int = 0


def locomo_path() -> Path:
    """Location of ``locomo10.json`` (``LOCOMO_PATH`` env var wins)."""
    env = os.environ.get("LOCOMO_PATH")
    return Path(env) if env else DEFAULT_LOCOMO_PATH


def normalise_evidence(
    raw: list[str], valid_ids: set[str], stats: EvidenceStats | None = None
) -> tuple[str, ...]:
    """Split, repair and filter raw evidence ids.

    Args:
        raw: Evidence entries as in the file.
        valid_ids: Dia ids that exist in the conversation.
        stats: Accumulator updated in place, if given.

    Returns:
        Unique, existing dia ids in first-seen order.
    """
    out: list[str] = []
    for entry in raw:
        if stats is not None:
            stats.total += 1
        # Joined ids use ';', ',' or spaces as separators.
        parts = [p for p in re.split(r"[;,\s]+", str(entry).strip()) if p]
        changed = len(parts) != 1
        resolved = False
        for part in parts:
            m = _DIA_ID.match(part)
            cand = f"D{int(m.group(1))}:{int(m.group(2))}" if m else part
            changed = changed or cand != part
            if cand in valid_ids:
                resolved = True
                if cand not in out:
                    out.append(cand)
            elif stats is not None:
                stats.dropped += 1
                stats.dropped_ids[part] += 1
        if changed and resolved and stats is not None:
            stats.repaired += 1
    return tuple(out)


def load_locomo(path: Path | None = None) -> tuple[list[Conversation], EvidenceStats]:
    """Load every conversation with normalised evidence.

    Args:
        path: ``locomo10.json``; defaults to :func:`locomo_path`.

    Returns:
        The conversations in file order and the evidence normalisation statistics.
    """
    with open(path or locomo_path(), encoding="utf-8") as fh:
        data = json.load(fh)
    stats = EvidenceStats()
    convs: list[Conversation] = []
    for sample in data:
        conv_id = str(sample["sample_id"])
        c = sample["conversation"]
        sessions = sorted(
            int(m.group(1)) for k in c if (m := _SESSION_KEY.match(k)) and isinstance(c[k], list)
        )
        turns: list[Turn] = []
        for s in sessions:
            date = str(c.get(f"session_{s}_date_time", ""))
            for i, t in enumerate(c[f"session_{s}"]):
                turns.append(
                    Turn(
                        conv_id=conv_id,
                        dia_id=str(t["dia_id"]),
                        session=s,
                        index=i,
                        speaker=str(t["speaker"]),
                        text=str(t["text"]),
                        date_time=date,
                        image_caption=t.get("blip_caption") or None,
                    )
                )
        valid = {t.dia_id for t in turns}
        questions: list[Question] = []
        for qa in sample["qa"]:
            raw = tuple(str(e) for e in qa.get("evidence", []))
            ev = normalise_evidence(list(raw), valid, stats)
            if not ev:
                stats.questions_without_evidence += 1
            answer = qa.get("answer", qa.get("adversarial_answer", ""))
            questions.append(
                Question(
                    conv_id=conv_id,
                    question=str(qa["question"]),
                    answer=str(answer),
                    category=int(qa["category"]),
                    evidence=ev,
                    raw_evidence=raw,
                )
            )
        convs.append(
            Conversation(
                conv_id=conv_id,
                speaker_a=str(c["speaker_a"]),
                speaker_b=str(c["speaker_b"]),
                turns=turns,
                questions=questions,
            )
        )
    return convs, stats


def iter_turns(conv: Conversation) -> Iterator[Turn]:
    """Turns of one conversation in dialogue order."""
    yield from conv.turns


def iter_questions(
    convs: list[Conversation],
    categories: tuple[int, ...] = SCORED_CATEGORIES,
    *,
    require_evidence: bool = True,
) -> Iterator[Question]:
    """Questions of the given categories across conversations.

    Args:
        convs: Conversations from :func:`load_locomo`.
        categories: Category numbers to keep.
        require_evidence: Skip questions whose evidence normalised to nothing.
    """
    for conv in convs:
        for q in conv.questions:
            if q.category in categories and (q.evidence or not require_evidence):
                yield q
