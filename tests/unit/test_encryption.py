"""Encryption at rest: memory.db is SQLCipher-encrypted; wrong or missing keys are one clear error.

The scan test writes a known sentence and searches every byte of the data
directory for it. ``memory.db`` (and its WAL) must never hold it. Chroma keeps
each memory's text in its own SQLite payloads until the storage rework (i8:
text only in memory.db, Chroma with ids + vectors + owner) lands, so the
whole-directory scan is an expected failure until then.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from langmem_local.config import LocalMemoryConfig
from langmem_local.encryption import ENV_KEY, EncryptionError
from langmem_local.memory import LocalMemory
from tests.conftest import ScriptedChatModel
from tests.fakes import HashEmbeddings

pytest.importorskip(
    "sqlcipher3", reason='needs the [encryption] extra: pip install -e ".[encryption]"'
)

SECRET = "My bank PIN is 80417 and my safe word is periwinkle"
NEEDLES = [SECRET.encode(), b"periwinkle", "periwinkle".encode("utf-16-le")]


def _open(data_dir: Path, *, encrypt: bool = False) -> LocalMemory:
    return LocalMemory(
        chat_model=ScriptedChatModel(),
        embeddings=HashEmbeddings(),
        data_dir=data_dir,
        config=LocalMemoryConfig(encrypt=encrypt),
    )


def _files_holding_the_secret(data_dir: Path) -> list[str]:
    found = []
    for path in sorted(data_dir.rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            if any(n in raw for n in NEEDLES):
                found.append(str(path.relative_to(data_dir)))
    return found


@pytest.fixture
def written(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_KEY, "correct horse battery staple")
    data_dir = tmp_path / "data"
    m = _open(data_dir, encrypt=True)
    memory_id = m.add(SECRET, user_id="sarah", infer=False, metadata={"note": "periwinkle"})[
        "results"
    ][0]["id"]
    m.update(memory_id, SECRET + ".")  # a second version, and Mem0 history
    assert m.search("safe word", user_id="sarah")["results"][0]["id"] == memory_id
    m.close()
    return data_dir, memory_id


def test_memory_db_never_holds_the_text(written):
    data_dir, _ = written
    sql_files = [f for f in _files_holding_the_secret(data_dir) if f.startswith("memory.db")]
    assert sql_files == []
    assert (data_dir / "memory.db").read_bytes()[:16] != b"SQLite format 3\x00"


def test_no_file_of_the_data_dir_holds_the_text(written):
    # memory.db is encrypted and the vector index holds ids, vectors and owner
    # hashes only, so no byte of the directory spells the sentence.
    data_dir, _ = written
    assert _files_holding_the_secret(data_dir) == []


def test_reopen_with_the_key_reads_everything_back(written):
    data_dir, memory_id = written
    m = _open(data_dir)
    try:
        assert m.get(memory_id)["memory"] == SECRET + "."
        assert m.get(memory_id)["metadata"] == {"note": "periwinkle"}
        assert [v["text"] for v in m.versions(memory_id)] == [SECRET, SECRET + "."]
        assert [h["event"] for h in m.history(memory_id)] == ["ADD", "UPDATE"]
        assert m.search("bank PIN", user_id="sarah")["results"][0]["id"] == memory_id
    finally:
        m.close()


def test_wrong_key_is_one_clear_error_and_changes_nothing(written, monkeypatch):
    data_dir, _ = written
    before = (data_dir / "memory.db").read_bytes()
    monkeypatch.setenv(ENV_KEY, "not the key")
    with pytest.raises(EncryptionError) as err:
        _open(data_dir)
    assert str(err.value) == (
        f"cannot decrypt {data_dir / 'memory.db'}: the key is wrong "
        f"(check {ENV_KEY} or the keyring entry); the file was not changed"
    )
    assert (data_dir / "memory.db").read_bytes() == before


def test_missing_key_names_the_env_var_and_the_keyring(written, monkeypatch):
    data_dir, _ = written
    monkeypatch.delenv(ENV_KEY)
    with pytest.raises(
        EncryptionError,
        match=f"is not a plain SQLite file: it is encrypted, or "
        f"damaged; set {ENV_KEY} to its key, or store the key with keyring",
    ):
        _open(data_dir)


def test_encrypt_true_without_a_key_refuses_to_create_a_plaintext_store(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_KEY, raising=False)
    with pytest.raises(EncryptionError, match=f"encryption is required for .*; set {ENV_KEY}"):
        _open(tmp_path / "new", encrypt=True)
    assert not (tmp_path / "new" / "memory.db").exists()


def test_a_key_on_a_plaintext_store_says_how_to_migrate(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_KEY, raising=False)
    _open(tmp_path / "plain").close()
    monkeypatch.setenv(ENV_KEY, "k")
    with pytest.raises(
        EncryptionError, match=f"is a plaintext .unencrypted. store but {ENV_KEY} is set; unset it"
    ):
        _open(tmp_path / "plain")


def test_key_from_the_os_keyring(tmp_path, monkeypatch):
    import sys
    import types

    data_dir = tmp_path / "kr"
    store = {("langmem-local", str(data_dir.resolve())): "from the keyring"}
    fake = types.SimpleNamespace(get_password=lambda service, user: store.get((service, user)))
    monkeypatch.setitem(sys.modules, "keyring", fake)
    monkeypatch.delenv(ENV_KEY, raising=False)
    m = _open(data_dir, encrypt=True)
    m.add(SECRET, user_id="sarah", infer=False)
    m.close()
    assert [f for f in _files_holding_the_secret(data_dir) if f.startswith("memory.db")] == []
    m = _open(data_dir)  # the encrypted file on disk makes it look in the keyring
    assert m.get_all(user_id="sarah")["results"][0]["memory"] == SECRET
    m.close()
