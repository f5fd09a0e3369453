"""Execute every notebook in ``notebooks/`` offline (embedded backend) and check key outputs.

Run with ``pytest -m notebooks tests/notebooks``. Each notebook takes well under
two minutes on a 2-core CPU; the whole set a few minutes.

The same code regenerates the committed outputs::

    python tests/notebooks/test_notebooks.py            # every notebook
    python tests/notebooks/test_notebooks.py 02 04      # names containing "02" or "04"

The kernel is the ``python3`` kernelspec run by *this* interpreter: if the
kernelspec found on the Jupyter path would start another Python (a user-wide
``python3`` spec, say), its command is replaced by ``sys.executable -m
ipykernel_launcher``, so no ``ipykernel install`` is ever needed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT_S = 300
KERNEL_NAME = "python3"

EXPECTED_NOTEBOOKS = [
    "01_quickstart.ipynb",
    "02_agent_middleware.ipynb",
    "03_langgraph_store.ipynb",
    "04_inspect_edit_delete.ipynb",
]

# Per notebook: cell tag -> groups of strings; the tagged cell's text output must
# contain at least one string of every group (case-insensitive). Alternatives cover
# the different wordings the tiny extraction model may choose.
EXPECTED_OUTPUTS: dict[str, dict[str, list[tuple[str, ...]]]] = {
    "01_quickstart.ipynb": {
        "session-1": [("Sarah: Hi, I'm Sarah",), ("+ ",)],
        # Session 2 (a new LocalMemory on the same directory) recalls session 1.
        "recall": [("Recalled into the prompt:\n  - ",), ("hik", "photograph", "colorado")],
        "search": [("score_breakdown", "rel"), ("hik", "photograph")],
        "get_all": [("memories in",), ("hik", "photograph", "colorado")],
    },
    "02_agent_middleware.ipynb": {
        "turn-1": [("Stored for 'alice'",), ("vegetarian", "peanut")],
        # The second, fresh conversation gets the memory in its system message.
        "turn-2": [("<memories>\n- ",), ("vegetarian", "peanut")],
        "async": [("Stored for 'alice'",)],
        "no-user": [("ConfigError: no user_id",)],
    },
    "03_langgraph_store.ipynb": {
        "namespace": [("sarah@example%2Ecom",), ("sarah@example.com",)],
        "put-get": [("'content': 'Sarah is vegetarian'",)],
        "search": [("diet    Sarah is vegetarian",)],
        "namespaces": [("('memories', 'bob@example%2Ecom')",), ("None",)],
        "graph": [("Noted: my camera is a Fujifilm X-T5",), ("fits: my camera is a Fujifilm",)],
    },
    "04_inspect_edit_delete.ipynb": {
        "get_all": [("I live in Denver",), ("My sister Anna lives in Berlin",)],
        "search": [("recomputed score of the top hit",), ('"relevance"',)],
        "filter": [
            ("source=onboarding:  My sister Anna", "source=onboarding:  I'm vegetarian"),
        ],
        "history": [("ADD     None",), ("UPDATE  'I live in Denver'",)],
        "versions": [
            ("as of 2024-06-01: ['I live in Denver']",),
            ("now:              ['Lives in Boston",),
        ],
        "delete": [("get: None",), ("history: DELETE",), ("MemoryNotFoundError",)],
        "audit": [("ERASE",), ("UPDATE",)],
        "delete_all": [("sarah: []",), ("bob:   ['I prefer window seats']",), ("ERASE_USER",)],
    },
}


def kernel_manager() -> Any:
    """A manager for the ``python3`` kernel, started by this interpreter."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=KERNEL_NAME)
    spec = km.kernel_spec  # cached on the manager: editing it changes what is started
    assert spec is not None, f"no {KERNEL_NAME} kernelspec"
    # jupyter_client itself runs sys.executable for a bare "python"/"python3" command.
    major, minor = sys.version_info[:2]
    bare = {"python", f"python{major}", f"python{major}.{minor}"}
    cmd = spec.argv[0] if spec.argv else ""
    if cmd not in bare and Path(shutil.which(cmd) or cmd) != Path(sys.executable):
        spec.argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    return km


def execute_notebook(path: Path) -> Any:
    """Run a notebook top to bottom in a fresh kernel (cwd: notebooks/); return it."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        km=kernel_manager(),
        kernel_name=KERNEL_NAME,
        timeout=CELL_TIMEOUT_S,
        allow_errors=False,
        record_timing=False,  # keep committed notebooks free of run timestamps
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return nb


def cell_text(cell: Any) -> str:
    """All text a code cell printed or displayed."""
    parts: list[str] = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif out.get("output_type") in ("execute_result", "display_data"):
            parts.append(out.get("data", {}).get("text/plain", ""))
        elif out.get("output_type") == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
    return "".join(parts)


def check_outputs(nb: Any, name: str) -> None:
    """No cell errored; every tagged cell shows what :data:`EXPECTED_OUTPUTS` says."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{name} cell {i} errored: {cell_text(cell)}"
        assert cell.get("execution_count") is not None, f"{name} cell {i} was not executed"
    tagged = {
        tag: cell
        for cell in nb.cells
        if cell.cell_type == "code"
        for tag in cell.get("metadata", {}).get("tags", [])
    }
    for tag, groups in EXPECTED_OUTPUTS.get(name, {}).items():
        assert tag in tagged, f"{name}: no cell tagged {tag!r}"
        text = cell_text(tagged[tag])
        for group in groups:
            assert any(s.lower() in text.lower() for s in group), (
                f"{name} [{tag}]: none of {group} in output:\n{text}"
            )


def test_every_notebook_is_present_and_listed() -> None:
    assert [p.name for p in NOTEBOOKS] == EXPECTED_NOTEBOOKS
    readme = (NOTEBOOK_DIR / "README.md").read_text(encoding="utf-8")
    for name in EXPECTED_NOTEBOOKS:
        assert name in readme, f"{name} is not listed in notebooks/README.md"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_has_its_outputs(path: Path) -> None:
    """The committed file was executed top to bottom and its outputs are the expected ones."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: run it top to bottom"
    check_outputs(nb, path.name)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes_offline(path: Path) -> None:
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = execute_notebook(path)
    check_outputs(nb, path.name)


def test_kernel_runs_this_interpreter() -> None:
    argv = kernel_manager().format_kernel_cmd()
    assert Path(argv[0]) == Path(sys.executable), argv
    assert argv[1:3] == ["-m", "ipykernel_launcher"], argv


if __name__ == "__main__":
    import time

    wanted = sys.argv[1:]
    for nb_path in NOTEBOOKS:
        if wanted and not any(w in nb_path.name for w in wanted):
            continue
        started = time.perf_counter()
        executed = execute_notebook(nb_path)
        seconds = time.perf_counter() - started
        check_outputs(executed, nb_path.name)
        nbformat.write(executed, nb_path)
        print(f"{nb_path.name}: executed in {seconds:.0f} s, outputs saved", flush=True)
