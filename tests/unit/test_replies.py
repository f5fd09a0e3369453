"""The reply clean-up of chat replies: repetition cutter, echo filter, stop markers, streaming."""

from __future__ import annotations

import pytest

from langmem_local.replies import (
    REPLY_SETTINGS,
    ReplyFilter,
    clean_reply,
    cut_repetition,
    strip_echo,
)

# The loop the bundled SmolLM2 wrote before the fix (issue 10), shortened.
LOOP = (
    "Hi Sarah,\n\nI hope you're doing well! I'm glad to hear you're enjoying your hiking "
    "adventures. I'm Sarah, and I'm here to help you with your hiking adventures.\n\n"
    "I'm glad to hear you're enjoying your hiking adventures. I'm Sarah, and I'm here to "
    "help you with your hiking adventures.\n\nI'm glad to hear you're enjoying your hiking "
    "adventures. I'm Sarah,"
)
SYSTEM = (
    "You are a helpful assistant with a long-term memory of the user.\n"
    "What you know about the user (most relevant first):\n\n"
    "Reply briefly and kindly, using what you know when it helps. "
    "It is Tuesday 01 December 2026, 23:30 UTC."
)


def _streamed(text: str, *, echo_of: tuple[str, ...] = (), cut: bool = False) -> tuple[str, str]:
    """Feed ``text`` one character at a time: (what was shown, the filter's final text)."""
    f = ReplyFilter(echo_of)
    shown = []
    for ch in text:
        shown.append(f.feed(ch))
        if f.stopped:
            break
    shown.append(f.close(cut=cut))
    return "".join(shown), f.text


def test_the_issue_loop_is_cut_at_the_first_repeated_sentence() -> None:
    out = cut_repetition(LOOP)
    assert out == (
        "Hi Sarah,\n\nI hope you're doing well! I'm glad to hear you're enjoying your hiking "
        "adventures. I'm Sarah, and I'm here to help you with your hiking adventures."
    )
    assert out.count("I'm glad to hear") == 1


def test_a_loop_inside_one_run_on_sentence_is_cut_at_the_repeated_clause() -> None:
    out = cut_repetition("I'm a vegetarian, I'm a vegetarian, I'm a vegetarian, I'm a non-")
    assert out == "I'm a vegetarian…"


def test_a_near_duplicate_sentence_ends_the_reply() -> None:
    text = (
        "Hiking in Colorado is a wonderful idea for you. "
        "Hiking in Colorado is a really wonderful idea for you. Bring water."
    )
    assert cut_repetition(text) == "Hiking in Colorado is a wonderful idea for you."


def test_text_without_repeats_is_kept_verbatim() -> None:
    text = "I see, that sounds fun. I see, you like trails! Bring water; it gets hot."
    assert cut_repetition(text) == text


def test_system_lines_and_sentences_copied_from_the_prompt_are_dropped() -> None:
    text = (
        "System time: 2026-12-01T23:30:00+00:00\nReply briefly and kindly, using what you "
        "know when it helps. Nice to meet you, Sarah! It is Tuesday 01 December 2026, 23:30 "
        "UTC. Enjoy the trails."
    )
    assert strip_echo(text, SYSTEM) == "Nice to meet you, Sarah! Enjoy the trails."


def test_a_paraphrased_prompt_sentence_is_dropped_before_it_is_shown() -> None:
    # Seen in the demo: the prompt's first sentence, lightly reworded.
    text = "I'm glad! You're a helpful assistant with a long memory of the user. Let's plan."
    shown, final = _streamed(text, echo_of=(SYSTEM,))
    assert final == "I'm glad! Let's plan."
    assert "helpful assistant" not in shown


def test_saying_a_memory_back_is_not_an_echo_when_memories_are_left_out() -> None:
    # The graph passes the prompt *without* the memories as echo_of.
    assert strip_echo("You love hiking on mountain trails.", SYSTEM) == (
        "You love hiking on mountain trails."
    )


@pytest.mark.parametrize(
    "marker", ["\nUser: what next?", "\nSystem: ignore", "<|im_end|>", "\nAssistant: again"]
)
def test_a_role_marker_ends_the_reply(marker: str) -> None:
    shown, text = _streamed(f"Sure, I can help with that!{marker} More text.")
    assert text == "Sure, I can help with that!"
    assert marker.strip() not in shown


def test_length_cut_ends_with_an_ellipsis_but_a_finished_sentence_does_not() -> None:
    assert clean_reply("You could hike the Maroon", cut=True) == "You could hike the Maroon…"
    assert clean_reply("You could hike.", cut=True) == "You could hike."


@pytest.mark.parametrize(
    "text",
    [
        LOOP,
        "I'm a vegetarian, I'm a vegetarian, I'm a vegetarian, I'm a non-",
        "You are a helpful assistant with a long-term memory of the user. Hi there!",
        "Great question! System time: 2026-01-01. Great question!",
        "Sure. I can help, and I can help with that. Really? Yes!\n\n1. Water.\n2. Boots.",
    ],
)
def test_streaming_shows_exactly_the_clean_reply_and_never_takes_text_back(text: str) -> None:
    shown, final = _streamed(text, echo_of=(SYSTEM,), cut=True)
    assert final == clean_reply(text, echo_of=[SYSTEM], cut=True)
    # What the user saw is the kept reply (up to whitespace before an ellipsis).
    assert " ".join(shown.replace(",…", "…").replace(", …", "…").split()) == " ".join(final.split())


def test_echo_is_held_back_while_ambiguous_then_released() -> None:
    f = ReplyFilter([SYSTEM])
    assert f.feed("You are a helpful") == ""  # might still become a copy of the prompt
    assert f.feed(" friend to have") == "You are a helpful friend to have"
    assert f.close() == ""


def test_reply_settings_bound_the_bundled_model() -> None:
    from langmem_local.backends.embedded import LlamaCppChatModel, find_default_gguf
    from langmem_local.errors import ConfigError
    from langmem_local.replies import reply_model

    try:
        find_default_gguf()
    except ConfigError as exc:
        pytest.skip(str(exc))
    base = LlamaCppChatModel()
    tuned = reply_model(base)
    assert tuned is not base and base.repeat_penalty is None and base.max_tokens == 512
    assert tuned.max_tokens == REPLY_SETTINGS["max_tokens"] < 512
    assert tuned._build_request([], None)["repeat_penalty"] == REPLY_SETTINGS["repeat_penalty"]
    assert "repeat_penalty" not in base._build_request([], None)  # extraction unchanged
    assert reply_model(LlamaCppChatModel(max_tokens=32, repeat_penalty=1.3))._build_request(
        [], None
    ) | {"messages": None} == {
        "messages": None,
        "max_tokens": 32,
        "temperature": 0.0,
        "repeat_penalty": 1.3,
        "repeat_last_n": 128,
    }
    other = object()
    assert reply_model(other) is other
