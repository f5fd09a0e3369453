"""The CLI: one clear line per expected failure, memory management on a real data dir."""

from __future__ import annotations

import re
import socket

import pytest
from typer.testing import CliRunner

from langmem_local.cli import app


@pytest.fixture
def runner():
    return CliRunner()


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_ollama_down_gives_one_line_naming_the_url(runner, tmp_path, monkeypatch):
    port = _closed_port()
    monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{port}")
    out = runner.invoke(app, ["--backend", "ollama", "--data-dir", str(tmp_path), "demo"])
    assert out.exit_code == 1
    text = out.output.strip()
    assert "Traceback" not in text
    assert len(text.splitlines()) == 1
    assert f"http://127.0.0.1:{port}" in text and "ollama serve" in text


def test_bad_backend_is_refused(runner):
    out = runner.invoke(app, ["--backend", "openai", "doctor"])
    assert out.exit_code == 1 and "--backend must be auto, ollama or embedded" in out.output


def test_memories_add_list_search_history_delete(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{_closed_port()}")
    base = ["--backend", "embedded", "--data-dir", str(tmp_path)]
    out = runner.invoke(
        app, [*base, "memories", "add", "--raw", "--user", "u1", "My favourite tea is genmaicha"]
    )
    assert out.exit_code == 0, out.output
    memory_id_prefix = re.search(r"ADD ([0-9a-f]{8}) ", out.output).group(1)
    listed = runner.invoke(app, [*base, "memories", "list", "--user", "u1", "--json"])
    assert listed.exit_code == 0 and "genmaicha" in listed.output
    found = runner.invoke(app, [*base, "memories", "search", "--user", "u1", "which tea"])
    assert found.exit_code == 0 and "genmaicha" in found.output
    hist = runner.invoke(app, [*base, "memories", "history", memory_id_prefix])
    assert hist.exit_code == 0 and "ADD" in hist.output
    nothing = runner.invoke(app, [*base, "memories", "history", "ffffffff"])
    assert nothing.exit_code == 1 and "no memory with id 'ffffffff'" in nothing.output
    gone = runner.invoke(
        app, [*base, "memories", "delete", memory_id_prefix, "--user", "u1", "--yes"]
    )
    assert gone.exit_code == 0 and "deleted" in gone.output
    listed = runner.invoke(app, [*base, "memories", "list", "--user", "u1", "--json"])
    assert listed.exit_code == 0 and listed.output.strip() == "[]"


def test_unknown_memory_id_is_one_line(runner, tmp_path):
    out = runner.invoke(
        app,
        ["--backend", "embedded", "--data-dir", str(tmp_path), "memories", "delete", "0000dead"],
    )
    assert out.exit_code == 1 and "no memory has the id '0000dead'" in out.output
    assert "Traceback" not in out.output
