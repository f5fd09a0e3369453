"""Keep everything on this machine.

Imported first by :mod:`langmem_local`, before anything imports :mod:`mem0` or
:mod:`chromadb`: both read their telemetry switches at import time, so setting
the variables later would be too late.
"""

from __future__ import annotations

import os

# Mem0 sends usage events to PostHog and fetches a "notices" config from GitHub
# unless MEM0_TELEMETRY is false *when mem0 is imported*.
os.environ["MEM0_TELEMETRY"] = "False"
# Chroma's own product telemetry.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# LangSmith tracing would ship prompts (and so memories) to a server.
os.environ.setdefault("LANGCHAIN_TRACING_V2", "false")


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
