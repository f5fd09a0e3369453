"""``langmem-local chat`` driven through a real terminal (tmux) on the bundled model.

What a user sees: the reply streams within seconds and never repeats a
sentence, Ctrl-C during a reply returns to the prompt with the typed message
saved, and a new chat process recalls what the interrupted turn said.
Real llama.cpp (SmolLM2-135M), MiniLM, Chroma and SQLite; about a minute.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("tmux") is None, reason="tmux is not installed (apt-get install -y tmux)"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
PROMPT = "you>"


class Terminal:
    """One tmux session on a private server socket (the user's tmux is never touched)."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        cmd = ["tmux", "-L", self.socket, "-f", "/dev/null", *args]
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout

    def start(self, command: str) -> None:
        # The shell stays after the command so its exit status can be read.
        script = f"{command}; echo __EXIT__=$?; sleep 600"
        self.tmux("new-session", "-d", "-s", "t", "-x", "200", "-y", "60", script)

    def screen(self) -> str:
        """The whole scrollback, wrapped lines joined."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-5000", "-t", "t")

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "t", "-l", text)
        self.tmux("send-keys", "-t", "t", "Enter")

    def key(self, key: str) -> None:
        self.tmux("send-keys", "-t", "t", key)

    def wait(self, check: Callable[[str], object], timeout: float, what: str) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.1)
        pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}; screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(f"langmem-test-{uuid.uuid4().hex[:8]}")
    yield term
    term.close()


def _chat_command(data_dir: Path) -> str:
    env = {
        "PYTHONPATH": str(ROOT),
        "OLLAMA_HOST": "127.0.0.1:9",  # never reaches a real server
        "LANGMEM_BACKEND": "embedded",
        "COLUMNS": "200",
    }
    args = [
        sys.executable,
        "-m",
        "langmem_local.cli",
        "--backend",
        "embedded",
        "--data-dir",
        str(data_dir),
        "chat",
        "--user",
        "tmux-user",
    ]
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    return f"cd {shlex.quote(str(ROOT))} && env {exports} {shlex.join(args)}"


def _prompts(screen: str) -> int:
    return sum(1 for line in screen.splitlines() if line.startswith(PROMPT))


def _reply_after(screen: str, typed: str) -> str:
    """The agent's reply text after the line where ``typed`` was entered (so far)."""
    after = screen.split(f"{PROMPT} {typed}", 1)[1]
    if "agent>" not in after:
        return ""
    reply = after.split("agent>", 1)[1]
    reply = re.split(rf"^(?:{PROMPT}|\(reply stopped)", reply, maxsplit=1, flags=re.M)[0]
    return reply.strip()


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?…])\s+|\n+", text)
    return [" ".join(re.findall(r"[a-z0-9]+", p.lower())) for p in parts if p.strip()]


def test_chat_streams_survives_ctrl_c_and_a_new_chat_recalls(terminal, tmp_path):
    data_dir = tmp_path / "data"
    terminal.start(_chat_command(data_dir))
    screen = terminal.wait(lambda s: _prompts(s) >= 1, 240, "the first prompt")
    assert "Offline preview" in screen and "--backend ollama" in screen
    assert screen.count("Offline preview") == 1

    # 1. The reply streams: words appear within seconds, before the reply is complete.
    # A question that asks for several sentences: a one-line greeting can come
    # back as a single chunk, which would prove nothing about streaming.
    first = "Hi, my name is Sarah and I live in Denver. Can you suggest three hikes near Denver?"
    terminal.type(first)
    sent = time.monotonic()
    terminal.wait(lambda s: _reply_after(s, first), 60, "the first words of a reply")
    first_words_s = time.monotonic() - sent
    snapshots: list[str] = []  # the reply as seen while it was being written
    done = terminal.wait(
        lambda s: _prompts(s) >= 2 or snapshots.append(_reply_after(s, first)),
        120,
        "the reply to end",
    )
    reply = _reply_after(done, first)
    assert first_words_s < 10, f"first words after {first_words_s:.1f}s"
    growing = [r for r in dict.fromkeys(snapshots) if r]
    assert len(growing) >= 2 and all(reply.startswith(r) for r in growing), (
        f"the reply did not stream: {growing}"
    )
    counts = Counter(_sentences(reply))
    assert max(counts.values()) == 1, f"a sentence repeats: {counts.most_common(2)}"
    assert "System" not in reply and "You are a helpful assistant" not in reply

    # 2. Ctrl-C during a reply: back at the prompt, the typed message saved, no traceback.
    second = "My favourite colour is green."
    terminal.type(second)
    terminal.wait(lambda s: _reply_after(s, second), 60, "the second reply to start")
    terminal.key("C-c")
    screen = terminal.wait(lambda s: _prompts(s) >= 3, 60, "the prompt after Ctrl-C")
    assert "reply stopped; your message is saved" in screen
    assert "Traceback" not in screen

    # Ctrl-D leaves (saving what is still being extracted).
    terminal.key("C-d")
    screen = terminal.wait(lambda s: "__EXIT__=" in s, 120, "the chat to exit")
    assert "__EXIT__=0" in screen and "Traceback" not in screen
    terminal.close()

    # 3. A new chat process recalls the interrupted turn.
    again = Terminal(f"{terminal.socket}-2")
    try:
        again.start(_chat_command(data_dir))
        again.wait(lambda s: _prompts(s) >= 1, 240, "the prompt of the new chat")
        question = "What is my favourite colour?"
        again.type(question)
        screen = again.wait(lambda s: _prompts(s) >= 2, 120, "the new chat's reply")
        recalled = screen.split(f"{PROMPT} {question}", 1)[1].split("agent>", 1)[0]
        assert "recalled:" in recalled and "green" in recalled.lower(), screen
        again.type("exit")
        assert "__EXIT__=0" in again.wait(lambda s: "__EXIT__=" in s, 120, "exit")
    finally:
        again.close()
