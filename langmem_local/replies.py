"""Chat replies a small model cannot spoil: generation settings and a streaming clean-up.

A 135M model (the bundled SmolLM2) left alone loops ("I'm glad to hear … I'm
glad to hear …" until ``max_tokens``), rambles for hundreds of tokens and
parrots its system prompt. Three layers keep a reply usable:

* :func:`reply_model`: the chat model with reply settings (a repetition
  penalty and a short length cap) where the model supports them; the
  extraction calls keep their own settings, since a repetition penalty would
  bend schema-constrained JSON.
* :data:`REPLY_STOPS`: stop sequences that end a reply where the model starts
  writing the next turn or a system line itself.
* :class:`ReplyFilter`: cleans the text *as it streams*: it cuts the reply at
  the first repeated sentence or clause, drops sentences copied from the
  system prompt ("System time: …") and stops at a role marker. Text that might
  still turn out to be a repeat or an echo is held back until it is clear, so
  what was shown never has to be taken back.

Example:
    .. code-block:: python

        from langmem_local.replies import ReplyFilter, clean_reply

        clean_reply("I'm glad. I love hiking. I'm glad. I love")  # "I'm glad. I love hiking."
        f = ReplyFilter(echo_of=["You are a helpful assistant."])
        shown = "".join(f.feed(chunk) for chunk in ["You are a help", "ful assistant. Hi!"])
        shown + f.close()  # "Hi!"

"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

REPLY_STOPS: tuple[str, ...] = (
    "\nUser:",
    "\nuser:",
    "\nHuman:",
    "\nAssistant:",
    "\nAI:",
    "\nAgent:",
    "\nSystem:",
    "<|im_end|>",
    "<|im_start|>",
    "<|endoftext|>",
)
"""Where a reply ends: the model starting another turn or a role tag. A system line
*opening* a reply ("System time: …") is dropped by the echo filter instead, so
the rest of the reply survives."""

REPLY_SETTINGS: dict[str, Any] = {
    "max_tokens": 96,
    "repeat_penalty": 1.15,
    "repeat_last_n": 128,
}
"""llama.cpp settings of a chat reply on the embedded backend.

Measured on SmolLM2-135M (greedy): without a penalty 5 of 5 test prompts looped
until the cap; 1.1-1.18 stopped the loops, 1.3 and frequency/presence
penalties turned replies into run-on word salad. 96 tokens (about four
sentences, ~3 s on one core) is the cap; extraction keeps ``max_tokens=512``."""

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+|\n+")
_CLAUSE_END = re.compile(r"[,;:—]\s+")
_WORD = re.compile(r"[a-z0-9]+")
_ECHO_LINE = re.compile(r"^\s*(?:system(?:\s+\w+)?\s*:|</?memories>|\[?system\]?\s*$)", re.I)
_MIN_CLAUSE_WORDS = 4
"""A clause this long seen twice is a loop; shorter ones ("I see,") recur legitimately."""
_MIN_ECHO_WORDS = 4
"""A sentence this long found verbatim in the system prompt is an echo."""
_NEAR_DUPLICATE = 0.8
"""Word-set overlap (Jaccard) above which two sentences of 5+ words count as one repeated."""
_NEAR_ECHO = 0.6
"""Word-set overlap with one system-prompt sentence above which a 5+ word sentence is a
paraphrased echo ("You're a helpful assistant with a long memory of the user")."""
_CONTRACTIONS = (
    ("n't", " not"),
    ("'re", " are"),
    ("'m", " am"),
    ("'ve", " have"),
    ("'ll", " will"),
    ("’", "'"),
)


def _norm(text: str) -> str:
    """Lowercase words, for verbatim comparisons (also of unfinished text)."""
    return " ".join(_WORD.findall(text.lower()))


def _words(text: str) -> set[str]:
    """The set of words with contractions spelled out, for overlap comparisons."""
    text = text.lower()
    for short, long in _CONTRACTIONS[::-1]:
        text = text.replace(short, long)
    return set(_WORD.findall(text))


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


class ReplyFilter:
    """Clean a reply chunk by chunk; see the module docstring for the rules.

    ``feed`` returns the text that is safe to show now, ``close`` the rest;
    :attr:`stopped` turns ``True`` when the reply should end (a repeat or a
    role marker), so the caller can stop generating. :attr:`text` is
    everything shown, which is also the reply to keep.

    Args:
        echo_of: Texts the reply must not copy (the system prompt's
            instructions). Memories should not be in them: repeating a memory
            back is a legitimate answer.
        stops: Markers after which nothing is shown (defaults to
            :data:`REPLY_STOPS`).

    Example:
        .. code-block:: python

            f = ReplyFilter()
            for chunk in model.stream(messages):
                print(f.feed(chunk.text), end="")
                if f.stopped:
                    break
            print(f.close())

    """

    def __init__(self, echo_of: Iterable[str] = (), *, stops: Sequence[str] = REPLY_STOPS) -> None:
        texts = [t for t in echo_of if t]
        self._echo = " ".join(_norm(t) for t in texts)
        self._echo_sentences = [
            _words(part) for t in texts for part in _SENTENCE_END.split(t) if _words(part)
        ]
        self._stops = tuple(stops)
        self._seen_sentences: list[str] = []
        self._seen_clauses: set[str] = set()
        self._raw = ""  # everything generated (stop markers may span sentences)
        self._consumed = 0  # characters of _raw moved into _sentence
        self._sentence = ""  # the sentence being written (not yet complete)
        self._clause_start = 0  # where its current clause begins
        self._sentence_shown = 0  # characters of it already shown
        self._parts: list[str] = []
        self._cut_mid_sentence = False  # a loop began inside a sentence
        self._closed = False
        self.stopped = False
        """The reply should end here: a repeat or a role marker was met."""

    @property
    def text(self) -> str:
        """Everything shown so far (the cleaned reply)."""
        return re.sub(r"[\s,;:—]+…$", "…", "".join(self._parts).rstrip())

    def feed(self, chunk: str) -> str:
        """Add generated text; return what can be shown now (possibly ``""``)."""
        if self.stopped or not chunk:
            return ""
        before = len(self._parts)
        self._raw += chunk
        found = [i for i in (self._raw.find(s) for s in self._stops) if i >= 0]
        if found:
            limit = min(found)
        else:
            # Hold back a tail that may be the start of a stop marker ("\nUs").
            keep = max(
                (n for s in self._stops for n in range(1, len(s)) if self._raw.endswith(s[:n])),
                default=0,
            )
            limit = len(self._raw) - keep
        self._take(limit)
        if found and not self.stopped:
            self._finish_sentence()
            self.stopped = True
        if not self.stopped:
            self._show_unambiguous_prefix()
        return "".join(self._parts[before:])

    def close(self, *, cut: bool = False) -> str:
        """End the reply; return the last text to show.

        Args:
            cut: The model stopped at its length cap: an unfinished last
                sentence then ends with an ellipsis.

        """
        if self._closed:
            return ""
        self._closed = True
        before = len(self._parts)
        if not self.stopped:
            self._take(len(self._raw))
            if not self.stopped:
                self._finish_sentence()
        self.stopped = True
        text = self.text
        if (cut or self._cut_mid_sentence) and text and text[-1] not in ".!?…\"')":
            self._parts.append("…")
        return "".join(self._parts[before:])

    # ------------------------------------------------------------ internals
    def _take(self, limit: int) -> None:
        """Move generated text up to ``limit`` into the sentence; finish whole sentences."""
        if limit <= self._consumed:
            return
        self._sentence += self._raw[self._consumed : limit]
        self._consumed = limit
        while not self.stopped:
            self._check_clauses()
            match = _SENTENCE_END.search(self._sentence)
            if self.stopped or match is None:
                return
            rest = self._sentence[match.end() :]
            self._sentence = self._sentence[: match.end()]
            self._finish_sentence()
            self._sentence = rest

    def _check_clauses(self) -> None:
        """Stop at a clause (4+ words) seen before, even inside one run-on sentence."""
        while not self.stopped:
            end = _SENTENCE_END.search(self._sentence, self._clause_start)
            upto = end.start() if end else len(self._sentence)
            match = _CLAUSE_END.search(self._sentence, self._clause_start, upto)
            if match is None:
                return
            self._clause_seen(self._sentence[self._clause_start : match.start()])
            if not self.stopped:
                self._clause_start = match.end()

    def _clause_seen(self, clause: str) -> None:
        norm = _norm(clause)
        if len(norm.split()) < _MIN_CLAUSE_WORDS:
            return
        if norm in self._seen_clauses:
            # Keep the sentence up to this clause; the loop starts here.
            kept = self._sentence[: self._clause_start]
            self._emit(kept[self._sentence_shown :])
            self._cut_mid_sentence = bool(_norm(kept))
            self.stopped = True
            return
        self._seen_clauses.add(norm)

    def _finish_sentence(self) -> None:
        """A complete sentence: show its unshown rest, drop it, or stop the reply."""
        sentence, shown = self._sentence, self._sentence_shown
        last_clause = sentence[self._clause_start :]
        self._sentence, self._sentence_shown, self._clause_start = "", 0, 0
        norm = _norm(sentence)
        if not norm:
            self._emit(sentence[shown:])
            return
        if self._repeats(sentence, norm):
            self.stopped = True
            return
        self._sentence = sentence  # _clause_seen cuts relative to it
        self._clause_start = len(sentence) - len(last_clause)
        self._sentence_shown = shown
        self._clause_seen(re.sub(r"[.!?…\s\"')\]]+$", "", last_clause))
        self._sentence, self._sentence_shown, self._clause_start = "", 0, 0
        if self.stopped:
            return
        if shown == 0 and self._is_echo(sentence, norm):
            return
        self._seen_sentences.append(norm)
        self._emit(sentence[shown:])

    def _repeats(self, sentence: str, norm: str) -> bool:
        if norm in self._seen_sentences:
            return True
        words = _words(sentence)
        if len(words) >= 5:
            for seen in self._seen_sentences:
                other = set(seen.split())
                if len(other) >= 5 and _overlap(words, other) >= _NEAR_DUPLICATE:
                    return True
        return False

    def _is_echo(self, sentence: str, norm: str) -> bool:
        if _ECHO_LINE.match(sentence):
            return True
        if len(norm.split()) >= _MIN_ECHO_WORDS and f" {norm} " in f" {self._echo} ":
            return True
        words = _words(sentence)
        return len(words) >= 5 and any(
            _overlap(words, e) >= _NEAR_ECHO for e in self._echo_sentences
        )

    def _show_unambiguous_prefix(self) -> None:
        """Show the unfinished sentence unless it may still become a repeat or an echo."""
        if self._sentence_shown >= len(self._sentence) or self._ambiguous():
            return
        self._emit(self._sentence[self._sentence_shown :])
        self._sentence_shown = len(self._sentence)

    def _ambiguous(self) -> bool:
        partial = self._sentence
        norm = _norm(partial)
        if not norm:
            return True
        head = partial.strip().lower()
        if "system".startswith(head) or re.fullmatch(r"system(\s+\w*)?\s*:?", head):
            return True
        if _ECHO_LINE.match(partial):  # a system line: held until its end, then dropped
            return True
        if any(seen.startswith(norm) for seen in self._seen_sentences):
            return True
        clause = _norm(partial[self._clause_start :])
        if clause and any(seen.startswith(clause) for seen in self._seen_clauses):
            return True
        # Still a verbatim piece of the system prompt: may become an echo.
        if self._echo and f" {norm}" in f" {self._echo} ":
            return True
        # Or a paraphrase of one of its sentences: most finished words are its words.
        if len(partial.split()) < 2:  # the first word is still being written
            first = norm.split()[0]
            return any(w.startswith(first) for e in self._echo_sentences for w in e)
        done = _words(partial.rsplit(maxsplit=1)[0])
        return any(len(done & e) >= 0.8 * len(done) for e in self._echo_sentences)

    def _emit(self, text: str) -> None:
        if not self._parts:
            text = text.lstrip()  # the model's leading newlines
        if text:
            self._parts.append(text)


def clean_reply(text: str, *, echo_of: Iterable[str] = (), cut: bool = False) -> str:
    """Clean a whole reply with the rules of :class:`ReplyFilter`.

    Example:
        .. code-block:: python

            clean_reply("Hi! System time: 2026-01-01. Hi!")  # "Hi!"

    """
    f = ReplyFilter(echo_of)
    f.feed(text)
    f.close(cut=cut)
    return f.text


def cut_repetition(text: str) -> str:
    """Cut ``text`` at its first repeated sentence (or repeated clause of 4+ words)."""
    return clean_reply(text)


def strip_echo(text: str, system_prompt: str) -> str:
    """Drop the sentences of ``text`` copied from ``system_prompt``, and system lines."""
    return clean_reply(text, echo_of=[system_prompt])


def reply_model(model: Any) -> Any:
    """``model`` with :data:`REPLY_SETTINGS` when it is the embedded llama.cpp model.

    A lower ``max_tokens`` or a penalty already set on ``model`` are kept.

    The copy shares the loaded model file (llama.cpp loads it once per
    process); other models are returned unchanged, since a capable model needs
    neither a penalty nor a tight cap.
    """
    from langmem_local.backends.embedded import LlamaCppChatModel

    if isinstance(model, LlamaCppChatModel):
        # Settings the caller chose win: a lower cap, their own penalty.
        update = {
            "max_tokens": min(model.max_tokens, REPLY_SETTINGS["max_tokens"]),
            **{k: v for k, v in REPLY_SETTINGS.items() if getattr(model, k) is None},
        }
        return model.model_copy(update=update)
    return model
