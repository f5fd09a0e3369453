"""The switches of langmem_local._privacy are in place once the package is imported."""

from __future__ import annotations

import os
from pathlib import Path

import langmem_local  # noqa: F401


def test_telemetry_switches_are_set_before_the_libraries_load():
    assert os.environ["MEM0_TELEMETRY"] == "False"
    assert os.environ["ANONYMIZED_TELEMETRY"] == "False"
    assert os.environ["ORT_DISABLE_TELEMETRY"] == "1"


def test_mem0_writes_no_config_with_a_generated_user_id():
    import mem0.memory.setup as setup

    from langmem_local import _privacy

    assert setup.setup_config is _privacy._write_nothing
    assert setup._write_config is _privacy._write_nothing
    mem0_dir = Path(setup.mem0_dir)
    assert mem0_dir.is_dir() and mem0_dir != Path.home() / ".mem0"
    setup.setup_config()
    assert not (mem0_dir / "config.json").exists()


def test_user_ids_are_opaque_not_stripped(tmp_path):
    import pytest

    from langmem_local.memory import LocalMemory
    from tests.conftest import ScriptedChatModel
    from tests.fakes import HashEmbeddings

    m = LocalMemory(
        chat_model=ScriptedChatModel(), embeddings=HashEmbeddings(), data_dir=tmp_path / "d"
    )
    try:
        m.add("I like tea", user_id="alice", infer=False)
        with pytest.raises(ValueError, match="' alice' has surrounding whitespace"):
            m.add("I like coffee", user_id=" alice", infer=False)
        with pytest.raises(ValueError, match="surrounding whitespace"):
            m.delete_all(user_id="alice ")
        assert [r["memory"] for r in m.get_all(user_id="alice")["results"]] == ["I like tea"]
        assert m.users() == ["alice"]
    finally:
        m.close()
