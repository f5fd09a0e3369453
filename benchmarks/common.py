"""Shared benchmark helpers: timing, percentiles, machine info, result files, plots.

Every benchmark writes three files into ``benchmarks/results/``: a JSON payload
(settings, machine, git commit, raw figures), a Markdown summary and a PNG plot.
:func:`run_header` builds the common part of the JSON so that every result can be
traced back to the commit and machine that produced it.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import numpy as np

T = TypeVar("T")

REPO_ROOT = Path(__file__).resolve().parents[1]
"""Repository root (the folder holding ``benchmarks/`` and ``langmem_local/``)."""

RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"
"""Where every benchmark writes its JSON, Markdown and PNG files (committed)."""

TOKENIZER_PATH = REPO_ROOT / "langmem_local" / "_assets" / "minilm_tokenizer.json"
"""The MiniLM WordPiece tokenizer shipped with the package; used to count tokens."""

LOCOMO_RELATIVE = Path("..") / "shared" / "data" / "locomo" / "locomo10.json"
"""Default location of ``locomo10.json``, relative to the repository root."""

#: Packages whose versions go into every result file.
TRACKED_PACKAGES: tuple[str, ...] = (
    "langmem-local",
    "mem0ai",
    "chromadb",
    "langchain-core",
    "onnxruntime",
    "tokenizers",
    "xllamacpp",
    "numpy",
)


class BenchmarkError(RuntimeError):
    """A benchmark cannot run (missing data, unusable settings); the message says why."""


# --------------------------------------------------------------------------- data


def resolve_locomo_path() -> Path:
    """Location of ``locomo10.json``: ``LOCOMO_PATH`` or ``../shared/data/locomo/``.

    The data set is CC BY-NC, so it is read where it lies and never copied into
    the repository.

    Returns:
        An existing file path.

    Raises:
        BenchmarkError: The file does not exist; the message says where it was
            looked for and how to point at it.
    """
    env = os.environ.get("LOCOMO_PATH")
    path = Path(env).expanduser() if env else (REPO_ROOT / LOCOMO_RELATIVE).resolve()
    if not path.is_file():
        where = f"LOCOMO_PATH={env}" if env else f"{path} (repo-relative {LOCOMO_RELATIVE})"
        msg = (
            f"LoCoMo data not found at {where}. Download locomo10.json from "
            "https://github.com/snap-research/locomo (CC BY-NC 4.0) and set "
            "LOCOMO_PATH=/path/to/locomo10.json (do not copy it into the repository)."
        )
        raise BenchmarkError(msg)
    return path


# --------------------------------------------------------------------------- timing


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100, linear interpolation); ``nan`` when empty."""
    if len(values) == 0:
        return float("nan")
    return float(np.percentile(np.asarray(values, dtype=np.float64), q))


@contextmanager
def gc_pauses() -> Iterator[dict[str, Any]]:
    """Count and time the garbage collector's runs, by generation, while inside."""
    out: dict[str, Any] = {"count": [0, 0, 0], "ms": [0.0, 0.0, 0.0], "longest_ms": 0.0}
    started: list[float] = []

    def callback(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            ms = (time.perf_counter() - started.pop()) * 1e3
            gen = int(info.get("generation", 0))
            out["count"][gen] += 1
            out["ms"][gen] = round(out["ms"][gen] + ms, 3)
            out["longest_ms"] = round(max(out["longest_ms"], ms), 3)

    gc.callbacks.append(callback)
    try:
        yield out
    finally:
        gc.callbacks.remove(callback)


def settle_blas(seconds: float = 0.5) -> None:
    """Wait until a NumPy scan's BLAS threads have stopped spinning.

    After a matrix product OpenBLAS keeps its threads spinning for a while,
    waiting for more work, on CPUs that searches timed next then lack: at 100k
    memories the first 15 searches after the scan's warm-up had a median of
    4.9 ms against 3.6 ms after them (lab). About 0.15 s was measured; 0.5 s
    leaves room.
    """
    time.sleep(seconds)


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50 / p95 / mean / max in milliseconds of a list of durations in seconds.

    Args:
        seconds: Durations, one per call.

    Returns:
        ``{"n", "p50_ms", "p95_ms", "mean_ms", "max_ms"}``; the timings are
        ``nan`` when ``seconds`` is empty.
    """
    ms = [s * 1000.0 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "mean_ms": float(np.mean(ms)) if ms else float("nan"),
        "max_ms": float(np.max(ms)) if ms else float("nan"),
    }


@contextmanager
def timed(sink: list[float]) -> Iterator[None]:
    """Append the wall-clock duration (seconds) of the ``with`` block to ``sink``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        sink.append(time.perf_counter() - start)


# --------------------------------------------------------------------------- LLM timing


@dataclass
class LLMUsage:
    """Time and tokens spent in chat-model calls, collected by :func:`llm_timer`."""

    calls: int = 0
    seconds: list[float] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0

    @property
    def total_s(self) -> float:
        """Seconds spent inside the model, all calls together."""
        return float(sum(self.seconds))


def llm_timer(usage: LLMUsage) -> Any:
    """A LangChain callback handler that records every chat-model call into ``usage``.

    Attach it with ``model.callbacks = [llm_timer(usage)]``; it works for any
    LangChain chat model, so the LLM's share of ``add`` can be separated from the
    engine's own time even when the engine reports no timings.

    Args:
        usage: Accumulator updated in place.

    Returns:
        A ``BaseCallbackHandler``.
    """
    from langchain_core.callbacks import BaseCallbackHandler

    class _Timer(BaseCallbackHandler):
        def __init__(self) -> None:
            self._started: dict[UUID, float] = {}

        def on_chat_model_start(
            self, serialized: Any, messages: Any, *, run_id: UUID, **kwargs: Any
        ) -> None:
            self._started[run_id] = time.perf_counter()

        def on_llm_end(self, response: Any, *, run_id: UUID, **kwargs: Any) -> None:
            start = self._started.pop(run_id, None)
            if start is not None:
                usage.calls += 1
                usage.seconds.append(time.perf_counter() - start)
            for gens in getattr(response, "generations", []) or []:
                for gen in gens:
                    meta = getattr(getattr(gen, "message", None), "usage_metadata", None) or {}
                    usage.input_tokens += int(meta.get("input_tokens", 0) or 0)
                    usage.output_tokens += int(meta.get("output_tokens", 0) or 0)

        def on_llm_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
            start = self._started.pop(run_id, None)
            if start is not None:
                usage.calls += 1
                usage.seconds.append(time.perf_counter() - start)

    return _Timer()


# --------------------------------------------------------------------------- resources


def rss_bytes() -> int | None:
    """Resident set size of this process in bytes (``None`` where unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:  # not a dependency: used only when /proc is missing (macOS)
        import psutil

        return int(psutil.Process().memory_info().rss)
    except Exception:  # noqa: BLE001 - unknown is a valid answer
        return None


def dir_bytes(path: Path) -> int:
    """Total size in bytes of the regular files under ``path``."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:  # a file removed while walking (WAL, journals)
                continue
    return total


# --------------------------------------------------------------------------- tokens


class TokenCounter:
    """Counts tokens with the MiniLM WordPiece tokenizer shipped in the package.

    No truncation and no special tokens (``[CLS]``/``[SEP]``) are applied, so a
    long text is counted in full. WordPiece counts differ from any chat model's
    BPE counts, but the *ratio* of two texts is what the benchmarks report.
    """

    def __init__(self, path: Path = TOKENIZER_PATH) -> None:
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(path))
        self._tok.no_truncation()
        self._tok.no_padding()

    def count(self, text: str) -> int:
        """Number of tokens in ``text``."""
        if not text:
            return 0
        return len(self._tok.encode(text, add_special_tokens=False).ids)

    def count_many(self, texts: Sequence[str]) -> list[int]:
        """Token counts of many texts (one batched call)."""
        if not texts:
            return []
        return [len(e.ids) for e in self._tok.encode_batch(list(texts), add_special_tokens=False)]


# --------------------------------------------------------------------------- provenance


def git_info(repo: Path = REPO_ROOT) -> dict[str, Any]:
    """Commit hash and whether the working tree had uncommitted changes (read-only)."""

    def run(*args: str) -> str | None:
        try:
            out = subprocess.run(
                ["git", *args], cwd=repo, capture_output=True, text=True, timeout=10, check=True
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip()

    commit = run("rev-parse", "HEAD")
    status = run("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def package_versions(names: Iterable[str] = TRACKED_PACKAGES) -> dict[str, str | None]:
    """Installed versions of ``names`` (``None`` when not installed)."""
    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def machine_info() -> dict[str, Any]:
    """CPU count, memory, OS, Python and package versions of this machine."""
    mem_total = None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    mem_total = int(line.split()[1]) * 1024
                    break
    except OSError:
        pass
    cpu_model = None
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu_model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    # Other work on the machine skews latency figures; the load says how busy it was.
    load = load_average()
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(affinity) if affinity is not None else os.cpu_count(),
        "cpu_model": cpu_model or platform.processor() or None,
        "memory_bytes": mem_total,
        "load_average_1_5_15m": load,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "packages": package_versions(),
    }


def run_header(benchmark: str, settings: dict[str, Any], argv: Sequence[str]) -> dict[str, Any]:
    """The provenance block at the top of every result file."""
    return {
        "benchmark": benchmark,
        "command": "python -m benchmarks." + benchmark + (" " + " ".join(argv) if argv else ""),
        "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "git": git_info(),
        "machine": machine_info(),
        "settings": settings,
    }


# --------------------------------------------------------------------------- output


def _json_default(value: Any) -> Any:
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    msg = f"cannot serialise {type(value).__name__}"
    raise TypeError(msg)


def _clean(value: Any) -> Any:
    """Replace NaN/inf (invalid JSON) by ``None``, recursively."""
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def write_json(path: Path, payload: dict[str, Any]) -> Path:
    """Write ``payload`` as indented, strictly valid JSON (NaN becomes ``null``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(_clean(payload), indent=2, default=_json_default, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def write_text(path: Path, text: str) -> Path:
    """Write a text file (creating folders), ending with exactly one newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    return path


def fmt(value: Any, digits: int = 3) -> str:
    """Format a number for a Markdown table (``-`` for missing / NaN)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not np.isfinite(value):
            return "-"
        return f"{value:,.{digits}f}"
    return str(value)


def md_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], digits: int = 3) -> str:
    """A GitHub Markdown table; numbers are formatted with :func:`fmt`."""
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(fmt(c, digits) for c in row) + " |")
    return "\n".join(lines)


def targets_markdown(
    targets: Sequence[dict[str, Any]],
    *,
    extra: tuple[str, str] | None = None,
    digits: int = 3,
) -> list[str]:
    """The "## Targets" section: one row per target with PASS/FAIL (NO VERDICT for None).

    Args:
        targets: Dicts with ``target``, ``measured``, ``pass`` (and the ``extra`` key).
        extra: ``(column header, dict key)`` of one more column before "pass".
        digits: Decimals for numbers.

    Returns:
        Markdown lines (empty when there are no targets).
    """
    if not targets:
        return []
    headers = ["target", "measured", *([extra[0]] if extra else []), "pass"]
    rows = [
        (
            t["target"],
            t["measured"],
            *([t[extra[1]]] if extra else []),
            "NO VERDICT" if t["pass"] is None else "PASS" if t["pass"] else "FAIL",
        )
        for t in targets
    ]
    return ["## Targets", "", md_table(headers, rows, digits=digits), ""]


def run_and_write(
    name: str,
    args: Any,
    argv: Sequence[str],
    run: Callable[[Any, Any], dict[str, Any]],
    markdown: Callable[[dict[str, Any], float], str],
    plot: Callable[[dict[str, Any], Path], Path],
) -> dict[str, Any]:
    """Run a benchmark under a progress bar and write its JSON, Markdown and PNG.

    Args:
        name: The module name under ``benchmarks`` (and the result files' stem).
        args: Parsed options; their values are the payload's settings, and
            ``args.out_dir`` is where the files go.
        argv: The command line, for the payload's provenance.
        run: ``run(args, progress)``: the results.
        markdown: ``markdown(payload, duration_s)``: the report.
        plot: ``plot(payload, path)``: the figure.

    Returns:
        The payload written.
    """
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    payload = run_header(name, settings, argv)
    started = time.perf_counter()
    with make_progress() as progress:
        payload["results"] = run(args, progress)
    duration = time.perf_counter() - started
    payload["duration_s"] = duration
    out: Path = args.out_dir
    write_json(out / f"{name}.json", payload)
    write_text(out / f"{name}.md", markdown(payload, duration))
    plot(payload, out / f"{name}.png")
    return payload


def provenance_markdown(header: dict[str, Any], duration_s: float) -> str:
    """A short Markdown paragraph naming the command, commit and machine."""
    m = header["machine"]
    git = header["git"]
    commit = (git.get("commit") or "unknown")[:12] + (
        " (+ uncommitted changes)" if git.get("dirty") else ""
    )
    mem = f"{m['memory_bytes'] / 2**30:.0f} GiB" if m.get("memory_bytes") else "? GiB"
    pkgs = ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    load = m.get("load_average_1_5_15m")
    end = header.get("load_average_at_end")
    busy = (
        f"  \nLoad average (1/5/15 min) at start {load}, at end {end}: other processes "
        "shared the CPUs, so latencies are upper bounds."
        if load and max(load[0], (end or [0])[0]) > 1.0
        else ""
    )
    return (
        f"Command: `{header['command']}`  \n"
        f"Commit: `{commit}`; run {header['started_at']}, took {duration_s:.0f} s.  \n"
        f"Machine: {m['cpus_usable']} CPUs ({m.get('cpu_model') or 'unknown CPU'}), {mem}, "
        f"{m['platform']}, Python {m['python']}.  \n"
        f"Packages: {pkgs}.{busy}"
    )


def load_average() -> list[float] | None:
    """1, 5 and 15 minute load averages (``None`` where unknown)."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def make_progress() -> Any:
    """A Rich progress bar with count, rate and ETA (to stderr, so logs stay clean)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )


def pyplot() -> Any:
    """``matplotlib.pyplot`` on the non-interactive Agg backend (``bench`` extra).

    Raises:
        BenchmarkError: matplotlib is not installed.
    """
    try:
        import matplotlib
    except ImportError as exc:
        msg = "plots need matplotlib: pip install 'langmem-local[bench]'"
        raise BenchmarkError(msg) from exc
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save_figure(fig: Any, path: Path, *, tight: bool = True) -> Path:
    """Save and close a matplotlib figure as PNG (``tight``: apply ``tight_layout`` first)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if tight:
        fig.tight_layout()
    fig.savefig(path, dpi=110)
    pyplot().close(fig)
    return path


# --------------------------------------------------------------------------- profiling


def _site(path: str) -> str:
    """Shorten a source path to ``package/module.py`` for profile tables."""
    for marker in ("site-packages/", "/work/main/", str(REPO_ROOT) + "/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def profile_call(fn: Callable[[], T], top: int = 15) -> tuple[T, dict[str, Any]]:
    """Run ``fn`` under cProfile; return its result and the top functions.

    Args:
        fn: The work to profile.
        top: Rows kept in each table.

    Returns:
        ``(result, {"total_s", "by_cumulative": [...], "by_own_time": [...]})``; each
        row has ``function``, ``calls``, ``own_s`` and ``cumulative_s``.
    """
    import cProfile
    import pstats

    prof = cProfile.Profile()
    result = prof.runcall(fn)
    stats = pstats.Stats(prof)
    rows = []
    for (path, line, name), (_cc, ncalls, own, cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{_site(path)}:{line}({name})" if line else name
        rows.append({"function": where, "calls": ncalls, "own_s": own, "cumulative_s": cum})
    total = float(stats.total_tt)  # type: ignore[attr-defined]
    # The profiled lambda and profiler plumbing are 100% by definition: noise.
    rows = [r for r in rows if "benchmarks/" not in r["function"] and "lsprof" not in r["function"]]
    by_cum = sorted(rows, key=lambda r: -r["cumulative_s"])[:top]
    by_own = sorted(rows, key=lambda r: -r["own_s"])[:top]
    return result, {"total_s": total, "by_cumulative": by_cum, "by_own_time": by_own}


def profile_markdown(profile: dict[str, Any], calls: int, what: str, plural: str = "") -> str:
    """Two Markdown tables (cumulative and own time) of a :func:`profile_call` result.

    Args:
        profile: What :func:`profile_call` returned.
        calls: How many units of work were profiled (times are shown per unit).
        what: The unit, singular ("query").
        plural: The unit, plural ("queries"); default ``what + "s"``.
    """
    per = 1000.0 / max(1, calls)
    plural = plural or what + "s"
    head = ["function", "calls", "cumulative ms per " + what, "own ms per " + what]

    def rows(key: str) -> list[tuple[Any, ...]]:
        return [
            (f"`{r['function']}`", r["calls"], r["cumulative_s"] * per, r["own_s"] * per)
            for r in profile[key]
        ]

    return "\n".join(
        [
            f"By cumulative time ({calls} {plural}, {profile['total_s']:.2f} s profiled):",
            "",
            md_table(head, rows("by_cumulative"), digits=2),
            "",
            "By own time:",
            "",
            md_table(head, rows("by_own_time"), digits=2),
        ]
    )
