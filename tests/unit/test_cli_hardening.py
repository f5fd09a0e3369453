"""The CLI cannot surprise: destructive commands ask, fixable conditions are one line.

Each case asserts the exact line printed and that nothing stored changed
(memories and queued turns read straight from ``memory.db``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from langmem_local import cli
from langmem_local.cli import app
from langmem_local.memory import LocalMemory
from tests.conftest import ScriptedChatModel
from tests.fakes import HashEmbeddings


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A data dir with two users; the CLI opens it with fake models (no model load)."""
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9")
    data_dir = tmp_path / "data"
    chat = ScriptedChatModel()
    opened: list[LocalMemory] = []

    def _open(*, quiet: bool = False) -> LocalMemory:
        problem = cli.check_data_dir(cli._data_dir())
        if problem is not None:
            cli._fail(problem)
        m = LocalMemory(chat_model=chat, embeddings=HashEmbeddings(), data_dir=cli._data_dir())
        opened.append(m)
        return m

    seed = LocalMemory(chat_model=chat, embeddings=HashEmbeddings(), data_dir=data_dir)
    ids = {
        "u1": [
            r["id"]
            for r in seed.add(
                [
                    {"role": "user", "content": "I like green tea"},
                    {"role": "user", "content": "I live in Boston"},
                ],
                user_id="u1",
                infer=False,
            )["results"]
        ],
        "u2": [r["id"] for r in seed.add("u2 likes coffee", user_id="u2", infer=False)["results"]],
    }
    seed.close()
    monkeypatch.setattr(cli, "_open", _open)
    yield {
        "dir": data_dir,
        "ids": ids,
        "chat": chat,
        "base": ["--backend", "embedded", "--data-dir", str(data_dir)],
    }
    for m in opened:
        try:
            m.close()
        except Exception:
            pass


def stored(data_dir: Path) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """Every memory (id, user, text) and queued turn (id, status), read-only."""
    conn = sqlite3.connect(f"file:{data_dir / 'memory.db'}?mode=ro", uri=True)
    try:
        mems = conn.execute("SELECT id, user_id, text FROM memories ORDER BY id").fetchall()
        turns = conn.execute("SELECT id, status FROM turns ORDER BY id").fetchall()
    finally:
        conn.close()
    return mems, turns


def lines(result: Any) -> list[str]:
    return [line for line in result.output.splitlines() if line.strip()]


# ------------------------------------------------------------ destructive ids
def test_delete_with_a_one_character_prefix_deletes_nothing(runner, data):
    before = stored(data["dir"])
    prefix = data["ids"]["u1"][0][0]
    out = runner.invoke(app, [*data["base"], "memories", "delete", prefix])
    assert out.exit_code == 1
    assert lines(out) == [
        f"error: no memory has the id {prefix!r}; to use an id prefix, "
        "say whose memory it is with --user U"
    ]
    out = runner.invoke(app, [*data["base"], "memories", "delete", prefix, "--user", "u1"])
    assert lines(out) == [
        f"error: id prefix {prefix!r} is too short; give at least 8 "
        "characters of the id (list ids with `langmem-local memories list "
        "--user u1`)"
    ]
    assert stored(data["dir"]) == before


def test_delete_with_an_empty_id_says_an_id_is_required(runner, data):
    before = stored(data["dir"])
    out = runner.invoke(app, [*data["base"], "memories", "delete", "", "--user", "u1"])
    assert out.exit_code == 1
    assert lines(out) == [
        "error: a memory id is required; pass the full id or its first 8 "
        "characters, e.g. `langmem-local memories delete 1a2b3c4d --user alice`"
    ]
    assert stored(data["dir"]) == before


def test_delete_prefix_matches_only_within_the_user(runner, data):
    before = stored(data["dir"])
    other = data["ids"]["u2"][0]
    out = runner.invoke(app, [*data["base"], "memories", "delete", other[:8], "--user", "u1"])
    assert lines(out) == [
        f"error: no memory of 'u1' has an id starting with {other[:8]!r}; "
        "list ids with `langmem-local memories list --user u1`"
    ]
    assert stored(data["dir"]) == before


def test_delete_shows_what_will_go_and_asks(runner, data):
    before = stored(data["dir"])
    target = data["ids"]["u1"][0]
    out = runner.invoke(
        app, [*data["base"], "memories", "delete", target[:8], "--user", "u1"], input="n\n"
    )
    assert out.exit_code == 1
    assert lines(out) == [
        f"will delete {target} of 'u1': I like green tea",
        "Delete it? [y/N]: n",
        "nothing changed",
    ]
    assert stored(data["dir"]) == before
    out = runner.invoke(
        app, [*data["base"], "memories", "delete", target[:8], "--user", "u1", "--yes"]
    )
    assert out.exit_code == 0
    assert lines(out) == [f"will delete {target} of 'u1': I like green tea", f"deleted {target}"]
    mems, _ = stored(data["dir"])
    assert mems == [m for m in before[0] if m[0] != target]


def test_reset_of_a_user_shows_the_count_and_asks(runner, data):
    before = stored(data["dir"])
    out = runner.invoke(app, [*data["base"], "memories", "reset", "--user", "u1"], input="n\n")
    assert out.exit_code == 1
    assert lines(out) == [
        "will erase 2 memories of 'u1'",
        "Erase them? [y/N]: n",
        "nothing changed",
    ]
    assert stored(data["dir"]) == before


def test_prune_delete_shows_what_will_go_and_asks(runner, data):
    before = stored(data["dir"])
    out = runner.invoke(
        app, [*data["base"], "memories", "prune", "--delete", "--threshold", "1.0"], input="n\n"
    )
    assert out.exit_code == 1
    assert lines(out)[0] == "will delete 3 memories:"
    assert lines(out)[-2:] == ["Delete them? [y/N]: n", "nothing changed"]
    assert stored(data["dir"]) == before


def test_consolidate_shows_the_groups_and_asks(runner, data, monkeypatch):
    from langmem_local import maintenance

    seed = LocalMemory(
        chat_model=ScriptedChatModel(), embeddings=HashEmbeddings(), data_dir=data["dir"]
    )
    dup = seed.add("I like green tea a lot", user_id="u1", infer=False)["results"][0]["id"]
    seed.close()
    before = stored(data["dir"])
    out = runner.invoke(
        app,
        [*data["base"], "memories", "consolidate", "--user", "u1", "--similarity", "0.5"],
        input="n\n",
    )
    assert out.exit_code == 1, out.output
    first = lines(out)[0]
    assert first.startswith("will merge ") and first.endswith("memories of 'u1' into 1:")
    assert any(dup[:8] in line for line in lines(out))
    assert lines(out)[-2:] == ["Merge them? [y/N]: n", "nothing changed"]
    assert stored(data["dir"]) == before
    assert maintenance  # the real consolidate ran (dry run) to build the plan


# ------------------------------------------------------- fixable conditions
def test_data_dir_that_is_a_file(runner, tmp_path):
    path = tmp_path / "afile"
    path.write_text("not a directory")
    out = runner.invoke(
        app, ["--backend", "embedded", "--data-dir", str(path), "memories", "list", "--user", "u1"]
    )
    assert out.exit_code == 1
    assert lines(out) == [
        f"error: the data directory {path} is a file, not a directory; move "
        "the file away, or pass --data-dir (or LANGMEM_DATA_DIR) pointing to "
        "a directory"
    ]
    assert path.read_text() == "not a directory"


def test_unreadable_data_dir(runner, data, monkeypatch):
    before = stored(data["dir"])
    if os.geteuid() == 0:
        # root reads any directory: deny it the way the OS would for a normal user.
        from langmem_local import cli_errors

        real = os.access
        monkeypatch.setattr(
            cli_errors,
            "_access",
            lambda p, mode: False if Path(p) == data["dir"] else real(p, mode),
        )
    else:
        data["dir"].chmod(0)
    try:
        out = runner.invoke(app, [*data["base"], "memories", "list", "--user", "u1"])
    finally:
        data["dir"].chmod(0o755)
    assert out.exit_code == 1
    assert lines(out) == [
        f"error: cannot read the data directory {data['dir']} (permission "
        f"denied); fix its permissions (chmod u+rwx {data['dir']}) or pass "
        "--data-dir"
    ]
    assert stored(data["dir"]) == before


def _read_only_run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real CLI on a read-only view of data_dir (a read-only bind mount as root)."""
    cmd = [
        sys.executable,
        "-m",
        "langmem_local.cli",
        "--backend",
        "embedded",
        "--data-dir",
        str(data_dir),
        *args,
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "OLLAMA_HOST": "127.0.0.1:9"}
    if os.geteuid() != 0:
        data_dir.chmod(0o555)
        try:
            return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        finally:
            data_dir.chmod(0o755)
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("root without unshare cannot make a read-only directory")
    script = (
        f'mount --bind "{data_dir}" "{data_dir}" && '
        f'mount -o remount,bind,ro "{data_dir}" && exec "$@"'
    )
    proc = subprocess.run(
        [unshare, "-m", "sh", "-c", script, "sh", *cmd],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if "mount:" in proc.stderr:
        pytest.skip(f"cannot bind-mount read-only here: {proc.stderr.strip()}")
    return proc


def test_read_only_data_dir_even_for_list(data):
    before = stored(data["dir"])
    proc = _read_only_run(data["dir"], "memories", "list", "--user", "u1")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"error: the data directory {data['dir']} is read-only; SQLite must write its journal "
        f"there even to read, so make it writable (chmod u+w {data['dir']}, or remount it "
        "read-write) or copy it to a writable place and pass --data-dir"
    ]
    assert stored(data["dir"]) == before


def _corrupt(db: Path) -> bytes:
    raw = bytearray(db.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)  # page 1's schema b-tree; the header stays
    db.write_bytes(bytes(raw))
    return bytes(raw)


def test_corrupted_memory_db_is_one_line_for_list(runner, data):
    db = data["dir"] / "memory.db"
    for extra in ("-wal", "-shm"):
        (data["dir"] / f"memory.db{extra}").unlink(missing_ok=True)
    raw = _corrupt(db)
    out = runner.invoke(app, [*data["base"], "memories", "list", "--user", "u1"])
    assert out.exit_code == 1
    assert lines(out) == [
        f"error: {db} is corrupted (database disk image is malformed); run "
        "`langmem-local doctor --repair` to recover what is readable into a "
        "new file (the damaged one is kept as a backup), or restore from a "
        "`langmem-local memories export` file with `memories import`"
    ]
    assert db.read_bytes() == raw


def test_doctor_diagnoses_a_corrupted_store_and_repair_recovers_it(runner, data):
    db = data["dir"] / "memory.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = bytearray(db.read_bytes())
    page = 4096
    # Damage one page in the middle (not the header, not page 1's schema).
    raw[page * 5 : page * 5 + 200] = b"\xff" * 200
    db.write_bytes(bytes(raw))
    out = runner.invoke(cli.app, [*data["base"], "doctor"])
    assert out.exit_code == 1
    diag = [line for line in lines(out) if "memory.db" in line]
    assert len(diag) == 1 and diag[0].startswith(f"✗ {db} is corrupted (")
    assert diag[0].endswith(
        "Recover: run `langmem-local doctor --repair` (copies every "
        "readable row into a new file and keeps the damaged one as a "
        "backup), or restore from a `langmem-local memories export` file "
        "with `memories import`"
    )
    assert db.read_bytes() == bytes(raw)  # diagnosing writes nothing
    out = runner.invoke(cli.app, [*data["base"], "doctor", "--repair"])
    repaired = [line for line in lines(out) if line.startswith("✓ repaired")]
    assert len(repaired) == 1, out.output
    backups = [
        b for b in data["dir"].glob("memory.db.damaged-*") if not b.name.endswith(("-wal", "-shm"))
    ]
    assert [b.read_bytes() for b in backups] == [bytes(raw)]
    assert repaired[0].endswith(f"the damaged file is kept as {backups[0]}")
    check = sqlite3.connect(db)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()


# ----------------------------------------------------------- pending turns
def _queue_failing_turns(data: dict[str, Any]) -> list[str]:
    chat = ScriptedChatModel().script(
        RuntimeError("model down"),
        RuntimeError("model down"),
        RuntimeError("model down"),
        RuntimeError("model down"),
    )
    m = LocalMemory(chat_model=chat, embeddings=HashEmbeddings(), data_dir=data["dir"])
    try:
        return [m.add(t, user_id="u1")["queued"][0] for t in ("I own a bike", "I own a car")]
    finally:
        m.close()


def test_pending_lists_and_drop_pending_asks(runner, data):
    queued = _queue_failing_turns(data)
    before = stored(data["dir"])
    out = runner.invoke(app, [*data["base"], "memories", "pending"])
    assert out.exit_code == 0 and queued[0][:8] in out.output and "model down" in out.output
    out = runner.invoke(
        app, [*data["base"], "memories", "drop-pending", queued[0][:8]], input="n\n"
    )
    assert lines(out) == [
        f"will drop pending turn {queued[0]} of 'u1': I own a bike",
        "Drop it? [y/N]: n",
        "nothing changed",
    ]
    assert stored(data["dir"]) == before
    out = runner.invoke(app, [*data["base"], "memories", "drop-pending", queued[0], "--yes"])
    assert out.exit_code == 0 and lines(out)[-1] == f"dropped {queued[0]}"
    assert [t[0] for t in stored(data["dir"])[1] if t[1] == "pending"] == [queued[1]]


def test_retry_goes_on_past_a_failing_turn_and_reports_it(runner, data):
    queued = _queue_failing_turns(data)
    # First turn: the model fails again; second: it answers with one fact.
    data["chat"].script(
        RuntimeError("still down"),
        {
            "memories": [
                {"event": "ADD", "id": -1, "text": "Owns a car", "importance": 3, "relations": []}
            ]
        },
    )
    out = runner.invoke(app, [*data["base"], "memories", "retry"])
    assert out.exit_code == 1
    assert lines(out) == [
        "   ADD Owns a car",
        f"failed: turn {queued[0][:8]} of 'u1': still down",
        "error: 1 turn(s) still queued; inspect them with `langmem-local memories pending`, "
        "drop one with `langmem-local memories drop-pending ID`",
    ]
    pending = [t[0] for t in stored(data["dir"])[1] if t[1] == "pending"]
    assert pending == [queued[0]]


def test_retry_with_nothing_pending_says_so(runner, data):
    before = stored(data["dir"])
    out = runner.invoke(app, [*data["base"], "memories", "retry"])
    assert out.exit_code == 0 and lines(out) == ["nothing pending"]
    out = runner.invoke(app, [*data["base"], "memories", "pending"])
    assert out.exit_code == 0 and lines(out) == ["nothing pending"]
    assert stored(data["dir"]) == before


def test_retry_api_skips_a_turn_whose_processing_raises(data):
    class Exploding(HashEmbeddings):
        def embed_documents(self, texts):
            if any("BOOM" in t for t in texts):
                raise RuntimeError("TextEncodeInput must be Union[...]")
            return super().embed_documents(texts)

    chat = ScriptedChatModel().script(RuntimeError("model down"))
    m = LocalMemory(chat_model=chat, embeddings=Exploding(), data_dir=data["dir"])
    with pytest.raises(RuntimeError, match="TextEncodeInput"):
        m.add("BOOM goes the turn", user_id="u3")  # persisted first, then the embedder fails
    [bad] = [t["id"] for t in m.pending("u3")]
    good = m.add("I like hiking", user_id="u3")["queued"][0]
    chat.script(
        {
            "memories": [
                {"event": "ADD", "id": -1, "text": "Likes hiking", "importance": 3, "relations": []}
            ]
        }
    )
    out = m.retry_pending()
    m.close()
    assert [r["memory"] for r in out["results"]] == ["Likes hiking"]
    assert out["queued"] == [bad] and good not in out["queued"]
    assert out["failed"][0]["turn_id"] == bad
    assert "TextEncodeInput" in out["failed"][0]["error"]


# ------------------------------------------------------------- add and text
def test_add_dash_reads_stdin(runner, data):
    out = runner.invoke(
        app,
        [*data["base"], "memories", "add", "-", "--user", "u9", "--raw"],
        input="I keep bees\non the roof\n",
    )
    assert out.exit_code == 0, out.output
    texts = [m[2] for m in stored(data["dir"])[0] if m[1] == "u9"]
    assert texts == ["I keep bees\non the roof"]


def test_add_that_extracts_nothing_says_so(runner, data):
    data["chat"].script({"memories": []})
    before = stored(data["dir"])
    out = runner.invoke(app, [*data["base"], "memories", "add", "--user", "u1", "hello there"])
    assert out.exit_code == 0
    assert lines(out) == [
        "no facts extracted; nothing stored (use --raw to store the text verbatim)"
    ]
    assert stored(data["dir"])[0] == before[0]


def test_add_refuses_undecodable_text_before_queueing(runner, data):
    before = stored(data["dir"])
    out = runner.invoke(app, [*data["base"], "memories", "add", "--user", "u1", "tea \udcff"])
    assert out.exit_code == 1
    assert lines(out) == [
        "error: the text is not valid UTF-8 text (undecodable character at "
        "position 4); pass text decoded as UTF-8"
    ]
    assert stored(data["dir"]) == before


def test_add_refuses_a_turn_too_long_for_the_model_context(runner, data):
    data["chat"].__dict__["n_ctx"] = 4096  # as LlamaCppChatModel says
    before = stored(data["dir"])
    out = runner.invoke(
        app, [*data["base"], "memories", "add", "-", "--user", "u1"], input="word " * 24_000
    )
    assert out.exit_code == 1
    assert lines(out) == [
        "error: this turn is 119,999 characters (about 29,999 tokens), more "
        "than the chat model's whole context window of 4,096 tokens, so "
        "extraction can never succeed; split it into smaller turns, or store "
        "it verbatim with --raw"
    ]
    assert stored(data["dir"]) == before


def test_errors_keep_their_quotes_and_speak_cli(runner, data):
    before = stored(data["dir"])
    out = runner.invoke(app, [*data["base"], "memories", "list", "--user", ""])
    assert lines(out) == ["error: --user must be a non-empty string, got ''; pass --user alice"]
    out = runner.invoke(app, [*data["base"], "memories", "list", "--user", " alice"])
    assert lines(out) == [
        "error: --user ' alice' has surrounding whitespace; ids are used "
        "exactly as given, so pass it without (e.g. 'alice')"
    ]
    out = runner.invoke(app, [*data["base"], "memories", "history", "ffffffff"])
    assert lines(out) == [
        "error: no memory with id 'ffffffff' has any history; list ids with "
        "`langmem-local memories list --user U`"
    ]
    assert stored(data["dir"]) == before


# ---------------------------------------------------------------- from_config
def test_from_config_accepts_backend_and_defaults_to_embedded(tmp_path, monkeypatch):
    seen: list[str] = []

    def fake_load(config, backend):
        seen.append(backend)
        from langmem_local.backends import LoadedModels

        return LoadedModels(
            chat_model=ScriptedChatModel(), embeddings=HashEmbeddings(), backend="embedded", note=""
        )

    monkeypatch.setattr("langmem_local.backends.load_models", fake_load)
    cfg = {"vector_store": {"provider": "chroma", "config": {"path": str(tmp_path / "a" / "c")}}}
    LocalMemory.from_config(cfg, backend="embedded").close()
    LocalMemory.from_config({"data_dir": str(tmp_path / "b")}).close()
    assert seen == ["embedded", "embedded"]
