"""Keep everything on this machine.

Imported first by :mod:`langmem_local`, before anything imports :mod:`mem0`,
:mod:`chromadb` or :mod:`onnxruntime`: each reads its telemetry switches at
import time, so setting them later would be too late.

What each switch stops:

- ``MEM0_TELEMETRY``: Mem0's PostHog events and its remote "notices" config.
- ``ANONYMIZED_TELEMETRY``: Chroma's product telemetry.
- ``LANGCHAIN_TRACING_V2``: LangSmith tracing (would ship prompts, so memories).
- ``ORT_DISABLE_TELEMETRY``: onnxruntime's 1DS telemetry. Without it, merely
  importing onnxruntime creates ``~/.cache/Microsoft/DeveloperTools/.onnxruntime/``
  with a device id and an event queue (device, OS, CPU, Python path) that it
  tries to send to ``mobile.events.data.microsoft.com``.
- Mem0's ``~/.mem0/config.json``: at import Mem0 creates ``~/.mem0`` and
  writes a generated user id there (for telemetry only). ``MEM0_DIR`` points
  at a directory that always exists (so nothing is created) and an import hook
  turns Mem0's config writer into a no-op (so nothing is written).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

os.environ["MEM0_TELEMETRY"] = "False"
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("LANGCHAIN_TRACING_V2", "false")
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
# An existing directory of this package: Mem0's ``os.makedirs(mem0_dir)`` at
# import is then a no-op, and the hook below keeps Mem0 from writing into it.
os.environ.setdefault("MEM0_DIR", str(Path(__file__).resolve().parent / "_assets"))

_MEM0_SETUP = "mem0.memory.setup"


def _write_nothing(*args: Any, **kwargs: Any) -> None:
    """Stands in for Mem0's ``setup_config`` / ``_write_config`` (telemetry ids only)."""


def _neuter(module: ModuleType) -> None:
    module.setup_config = _write_nothing  # type: ignore[attr-defined]
    module._write_config = _write_nothing  # type: ignore[attr-defined]


class _Mem0SetupGuard(importlib.abc.MetaPathFinder):
    """Patch ``mem0.memory.setup`` right after it executes.

    That is before ``mem0.memory.main``, which calls ``setup_config()`` at import.
    """

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _MEM0_SETUP:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        loader = getattr(spec, "loader", None)
        if spec is None or loader is None or not hasattr(loader, "exec_module"):
            return spec
        original = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            original(module)
            _neuter(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if _MEM0_SETUP in sys.modules:  # mem0 was imported before us: stop further writes at least
    _neuter(sys.modules[_MEM0_SETUP])
elif not any(isinstance(f, _Mem0SetupGuard) for f in sys.meta_path):
    sys.meta_path.insert(0, _Mem0SetupGuard())


def disable_onnxruntime_telemetry() -> None:
    """Switch off onnxruntime's telemetry events; call before creating a session.

    ``ORT_DISABLE_TELEMETRY`` (set above) already stops it at import; this is
    the API switch as well, for a process that imported onnxruntime first.
    """
    import onnxruntime

    disable = getattr(onnxruntime, "disable_telemetry_events", None)
    if disable is not None:
        disable()


def disable_mem0_network_fallbacks() -> None:
    """Stop Mem0 from downloading spaCy models at run time.

    Mem0 lemmatises with spaCy when it is installed and, if the English model is
    missing, calls ``spacy.cli.download``: a network fetch in the middle of a
    write. We never use its lemmatiser (keyword search is ours), so mark both
    spaCy pipelines as failed to load; Mem0 then falls back to plain text.
    """
    try:
        from mem0.utils import spacy_models
    except ImportError:  # pragma: no cover - mem0 layout changed
        return
    spacy_models._load_failed_full = True
    spacy_models._load_failed_lemma = True
