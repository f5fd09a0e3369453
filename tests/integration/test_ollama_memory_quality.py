"""The memory scenarios on Ollama (decide mode); skipped unless Ollama runs."""

from __future__ import annotations

import pytest

from benchmarks.scenario_data import SCENARIOS
from benchmarks.scenario_probe import PROBE
from benchmarks.scenario_probe2 import PROBE2
from benchmarks.scenarios import play
from langmem_local.config import OllamaSettings

pytestmark = pytest.mark.ollama

NAMES = [
    "denver_vegetarian",
    "snickers_question",
    "readme_denver_boston",
    "forget_sushi",
    "p_forget_address",
    "q_retr_address",
]


@pytest.fixture(scope="module")
def memory(ollama_settings: OllamaSettings, tmp_path_factory):
    from langmem_local import LocalMemory

    m = LocalMemory(backend="ollama", data_dir=tmp_path_factory.mktemp("ollama_quality"))
    yield m
    m.close()


@pytest.mark.parametrize("name", NAMES)
def test_scenario_end_state_on_ollama(memory, name):
    [scenario] = [s for s in [*SCENARIOS, *PROBE, *PROBE2] if s["name"] == name]
    result = play(memory, scenario)
    assert result["passed"], result["failed"]
