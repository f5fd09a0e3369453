"""Memory-quality scenarios: does the engine store the right memories?

Plays every scripted conversation of :mod:`benchmarks.scenario_data` through a
real ``LocalMemory`` (embedded: SmolLM2-135M + MiniLM + Chroma; or Ollama) and
checks the expected end state in ``get_all`` / ``search`` / ``history`` /
``as_of`` / the graph. Reports the pass rate per kind and per split (tune /
test / probe / probe2 ... probe20: :mod:`benchmarks.scenario_probe` and
``scenario_probe2`` to ``scenario_probe20``), plus a
measurement of the duplicate rule: cosine alone vs the combined slot +
content-overlap + cosine rule of :mod:`langmem_local.reconcile`, on labelled pairs.

Run::

    python -m benchmarks.scenarios                    # embedded backend
    python -m benchmarks.scenarios --backend ollama   # skipped with a line when none answers
    python -m benchmarks.scenarios --rules-only       # no model call at all (comparison)

Results: ``benchmarks/results/scenarios[_<variant>].{json,md,png}``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import common
from benchmarks.scenario_data import SCENARIOS
from benchmarks.scenario_probe import PROBE
from benchmarks.scenario_probe2 import PROBE2
from benchmarks.scenario_probe3 import PROBE3
from benchmarks.scenario_probe4 import PROBE4
from benchmarks.scenario_probe5 import PROBE5
from benchmarks.scenario_probe6 import PROBE6
from benchmarks.scenario_probe7 import PROBE7
from benchmarks.scenario_probe8 import PROBE8
from benchmarks.scenario_probe9 import PROBE9
from benchmarks.scenario_probe10 import PROBE10
from benchmarks.scenario_probe11 import PROBE11
from benchmarks.scenario_probe12 import PROBE12
from benchmarks.scenario_probe13 import PROBE13
from benchmarks.scenario_probe14 import PROBE14
from benchmarks.scenario_probe15 import PROBE15
from benchmarks.scenario_probe16 import PROBE16
from benchmarks.scenario_probe17 import PROBE17
from benchmarks.scenario_probe18 import PROBE18
from benchmarks.scenario_probe19 import PROBE19
from benchmarks.scenario_probe20 import PROBE20

#: Every scenario, split by split, and the splits in that order.
ALL_SCENARIOS: list[dict[str, Any]] = [
    *SCENARIOS,
    *PROBE,
    *PROBE2,
    *PROBE3,
    *PROBE4,
    *PROBE5,
    *PROBE6,
    *PROBE7,
    *PROBE8,
    *PROBE9,
    *PROBE10,
    *PROBE11,
    *PROBE12,
    *PROBE13,
    *PROBE14,
    *PROBE15,
    *PROBE16,
    *PROBE17,
    *PROBE18,
    *PROBE19,
    *PROBE20,
]
SPLITS: tuple[str, ...] = tuple(dict.fromkeys(s["split"] for s in ALL_SCENARIOS))

#: Labelled pairs (stored, new, same statement?) for the duplicate measurement.
DUPLICATE_PAIRS: list[tuple[str, str, bool]] = [
    ("Has a peanut allergy", "Is allergic to peanuts", True),
    ("Loves photography", "Really loves photography", True),
    ("Is vegetarian", "Is a vegetarian", True),
    ("Has a dog named Rex", "Has a dog called Rex", True),
    ("Enjoys jazz", "Enjoys jazz music", True),
    ("Plays tennis every Sunday", "Plays tennis on Sundays", True),
    ("Works as a nurse", "Works as a nurse", True),
    ("Lives in Boston", "Lives in Boston", True),
    ("Loves hiking on mountain trails", "Loves hiking", True),
    ("Has two cats", "Has 2 cats", True),
    ("Is learning Spanish", "Is studying Spanish", True),
    ("Name is Sarah", "Name is Sarah", True),
    ("Likes tea", "Likes coffee", False),
    ("Lives in Denver", "Lives in Boston", False),
    ("Has a dog", "Has a cat", False),
    ("Loves Italian food", "Loves Italian music", False),
    ("Works at Google", "Works at Microsoft", False),
    ("Drinks coffee every morning", "No longer drinks coffee", False),
    ("Is vegetarian", "Is no longer vegetarian", False),
    ("Favourite colour is blue", "Favourite colour is green", False),
    ("Sister Anna is a nurse", "Brother Sam is a nurse", False),
    ("Plays the piano", "Plays the guitar", False),
    ("Is allergic to peanuts", "Is allergic to shellfish", False),
    ("Loves mushrooms", "Hates mushrooms", False),
    ("Has a son", "Has a daughter", False),
    ("Is married", "Is divorced", False),
]

#: Statements outside the rules' first-person patterns, for the rules-vs-model measurement.
RESIDUAL_PROBES: list[str] = [
    "Anna works at the hospital with my cousin",
    "Vegetarian, by the way",
    "Big fan of the Lakers",
    "Three kids and a dog at home",
    "Going hiking with my brother this weekend",
    "Allergic to cats",
    "Photography is my passion",
    "Sarah, 34, software engineer",
    "Coffee every morning, no sugar",
    "The kids and I are flying to Rome in May",
    "Mom turns 60 next week",
    "Tennis on Sundays with my dad",
]

CHECKS = ("has", "lacks", "count", "search", "history", "as_of", "relations", "no_relations")


def _texts(memory: Any, user: str) -> list[str]:
    return [r["memory"] for r in memory.get_all(user_id=user)["results"]]


def _edges(memory: Any, user: str) -> set[tuple[str, str, str]]:
    graph = memory.graph.graph(user)
    return {
        (e["source"].lower(), e["relationship"].lower(), e["destination"].lower())
        for e in graph["edges"]
    }


def check(memory: Any, sc: dict[str, Any], user: str) -> list[str]:
    """The failed expectations of one played scenario (empty = pass)."""
    failed: list[str] = []
    texts = [t.lower() for t in _texts(memory, user)]
    for want in sc.get("has", []):
        if not any(want in t for t in texts):
            failed.append(f"has {want!r}: {texts}")
    for bad in sc.get("lacks", []):
        if any(bad in t for t in texts):
            failed.append(f"lacks {bad!r}: {texts}")
    if "count" in sc and len(texts) != sc["count"]:
        failed.append(f"count {sc['count']}: {texts}")
    for query, want in sc.get("search", []):
        hits = [h["memory"].lower() for h in memory.search(query, user_id=user, limit=3)["results"]]
        if not any(want in h for h in hits):
            failed.append(f"search {query!r} -> {want!r}: {hits}")
    if "history" in sc:
        want, events = sc["history"]
        rows = [r for r in memory.get_all(user_id=user)["results"] if want in r["memory"].lower()]
        got = [h["event"] for h in memory.history(rows[0]["id"])] if rows else None
        if got != events:
            failed.append(f"history {want!r} {events}: {got}")
    for query, when, want in sc.get("as_of", []):
        hits = [
            h["memory"].lower()
            for h in memory.search(query, user_id=user, as_of=when, limit=5)["results"]
        ]
        if not any(want in h for h in hits):
            failed.append(f"as_of {when} {query!r} -> {want!r}: {hits}")
    edges = _edges(memory, user) if ("relations" in sc or "no_relations" in sc) else set()
    for rel in sc.get("relations", []):
        if tuple(x.lower() for x in rel) not in edges:
            failed.append(f"relation {rel}: {sorted(edges)}")
    for rel in sc.get("no_relations", []):
        if tuple(x.lower() for x in rel) in edges:
            failed.append(f"no relation {rel}: {sorted(edges)}")
    return failed


def play(memory: Any, sc: dict[str, Any]) -> dict[str, Any]:
    """Play one scenario for a fresh user and check it."""
    user = "sc_" + sc["name"]
    started = time.perf_counter()
    llm_calls = 0
    queued = 0
    for turn in sc["turns"]:
        text, when = (turn, None) if isinstance(turn, str) else turn
        out = memory.add(text, user_id=user, timestamp=when)
        llm_calls += out.get("llm_calls", 0)
        queued += len(out.get("queued", []))
    failed = check(memory, sc, user)
    if queued:
        failed.append(f"{queued} turn(s) left queued")
    return {
        "name": sc["name"],
        "kind": sc["kind"],
        "split": sc["split"],
        "passed": not failed,
        "failed": failed,
        "llm_calls": llm_calls,
        "seconds": time.perf_counter() - started,
        "memories": _texts(memory, user),
    }


def duplicate_measurement(memory: Any) -> dict[str, Any]:
    """Precision / recall of cosine-only thresholds vs the combined rule, on labelled pairs."""
    from langmem_local.reconcile import compare

    texts = sorted({t for a, b, _ in DUPLICATE_PAIRS for t in (a, b)})
    vecs = np.asarray(memory.embeddings.embed_documents(texts), np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    index = {t: i for i, t in enumerate(texts)}
    cos = [float(vecs[index[a]] @ vecs[index[b]]) for a, b, _ in DUPLICATE_PAIRS]
    labels = [d for *_, d in DUPLICATE_PAIRS]

    def score(pred: list[bool]) -> dict[str, float]:
        tp = sum(p and y for p, y in zip(pred, labels, strict=True))
        fp = sum(p and not y for p, y in zip(pred, labels, strict=True))
        fn = sum(not p and y for p, y in zip(pred, labels, strict=True))
        return {
            "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0,
            "false_positives": fp,
        }

    rows = [
        {"rule": f"cosine >= {t}", **score([c >= t for c in cos])}
        for t in (0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
    ]
    combined = [
        compare(b, a, c).kind == "same" for (a, b, _), c in zip(DUPLICATE_PAIRS, cos, strict=True)
    ]
    rows.append({"rule": "combined (slots + stems + cosine)", **score(combined)})
    return {
        "pairs": len(labels),
        "duplicates": sum(labels),
        "rows": rows,
        "cosines": [
            {"a": a, "b": b, "dup": d, "cosine": round(c, 3)}
            for (a, b, d), c in zip(DUPLICATE_PAIRS, cos, strict=True)
        ],
    }


def residual_measurement(memory: Any) -> dict[str, Any]:
    """What the model and the rules each make of statements outside the first-person patterns."""
    from langmem_local import statements
    from langmem_local.facts_mode import usable_model_fact

    rows = []
    for probe in RESIDUAL_PROBES:
        started = time.perf_counter()
        try:
            raw = [
                d.text
                for d in memory._extractor.extract(
                    [], [{"role": "user", "content": probe}], when="2026-03-01"
                ).decisions
            ]
        except Exception as exc:  # noqa: BLE001 - a failed call is a result here
            raw = [f"<error: {exc}>"]
        rows.append(
            {
                "statement": probe,
                "model_facts": raw,
                "model_kept": [f for f in raw if usable_model_fact(f, probe)],
                "model_s": round(time.perf_counter() - started, 2),
                "rule_facts": [f.text for f in statements.analyse(probe).facts],
            }
        )
    return {
        "probes": len(rows),
        "model_facts": sum(len(r["model_facts"]) for r in rows),
        "model_kept": sum(len(r["model_kept"]) for r in rows),
        "probes_with_rule_fact": sum(bool(r["rule_facts"]) for r in rows),
        "probes_with_kept_model_fact": sum(bool(r["model_kept"]) for r in rows),
        "model_s_total": round(sum(r["model_s"] for r in rows), 2),
        "rows": rows,
    }


def _rates(results: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        groups[r[key]].append(r["passed"])
    return {
        k: {"passed": sum(v), "total": len(v), "rate": sum(v) / len(v)}
        for k, v in sorted(groups.items())
    }


def _residual_md(res: dict[str, Any] | None) -> list[str]:
    if not res:
        return []
    return [
        "## Rules vs the model on statements outside the first-person patterns",
        "",
        f"{res['probes']} statements; the model wrote {res['model_facts']} facts, "
        f"{res['model_kept']} passed the grounding / well-formedness filter "
        f"({res['probes_with_kept_model_fact']} statements covered, {res['model_s_total']} s "
        f"of model time); the rules wrote a fact for {res['probes_with_rule_fact']}.",
        "",
        common.md_table(
            ["statement", "model facts", "kept", "rules"],
            [
                [
                    r["statement"],
                    "; ".join(r["model_facts"]),
                    "; ".join(r["model_kept"]),
                    "; ".join(r["rule_facts"]),
                ]
                for r in res["rows"]
            ],
        ),
        "",
    ]


def _markdown(payload: dict[str, Any]) -> str:
    res = payload["results"]
    lines = [
        f"# Memory scenarios ({payload['variant']})",
        "",
        f"**{payload['passed']}/{payload['total']} scenarios pass "
        f"({payload['rate']:.0%})**; target >= 90 % on the embedded backend. "
        f"{payload['llm_calls']} model calls in all.",
        "",
        "## Per split",
        "",
        common.md_table(
            ["split", "passed", "total", "rate"],
            [
                [k, v["passed"], v["total"], f"{v['rate']:.0%}"]
                for k, v in payload["per_split"].items()
            ],
        ),
        "",
        "## Per kind",
        "",
        common.md_table(
            ["kind", "passed", "total", "rate"],
            [
                [k, v["passed"], v["total"], f"{v['rate']:.0%}"]
                for k, v in payload["per_kind"].items()
            ],
        ),
        "",
        "## Duplicate rule (labelled pairs)",
        "",
        common.md_table(
            ["rule", "precision", "recall", "false positives"],
            [
                [r["rule"], r["precision"], r["recall"], r["false_positives"]]
                for r in payload["duplicates"]["rows"]
            ],
        ),
        "",
        *_residual_md(payload.get("residual")),
        "## Failures",
        "",
    ]
    fails = [r for r in res if not r["passed"]]
    lines += [
        f"- `{r['name']}` ({r['kind']}, {r['split']}): " + "; ".join(r["failed"])[:400]
        for r in fails
    ] or ["None."]
    return "\n".join(lines) + "\n"


def _plot(payload: dict[str, Any], path: Path) -> None:
    plt = common.pyplot()
    kinds = list(payload["per_kind"])
    by = {(r["kind"], r["split"]): [] for r in payload["results"]}
    for r in payload["results"]:
        by[(r["kind"], r["split"])].append(r["passed"])
    fig, ax = plt.subplots(figsize=(10, 4))
    x = np.arange(len(kinds))
    width = 0.9 / len(SPLITS)
    for i, split in enumerate(SPLITS):
        vals = [np.mean(by.get((k, split), [0])) * 100 for k in kinds]
        ax.bar(x + (i - (len(SPLITS) - 1) / 2) * width, vals, width, label=split)
    ax.axhline(90, color="grey", linestyle="--", linewidth=1)
    ax.set_xticks(x, kinds, rotation=30, ha="right")
    ax.set_ylabel("scenarios passed (%)")
    ax.set_title(f"Memory scenarios, {payload['variant']}: {payload['rate']:.0%} pass")
    ax.legend()
    common.save_figure(fig, path)


def main(argv: list[str] | None = None) -> int:
    """Run the scenarios; write results; exit 0 (also when Ollama is skipped)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["embedded", "ollama"], default="embedded")
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="facts mode without any model call (for the comparison)",
    )
    parser.add_argument(
        "--split",
        choices=["all", *SPLITS],
        default="all",
    )
    parser.add_argument("--only", help="run only the scenario with this name")
    parser.add_argument("--data-dir", default=".langmem-data/scenarios")
    parser.add_argument("--no-write", action="store_true", help="print, write no result files")
    args = parser.parse_args(argv)
    from langmem_local import LocalMemory, facts_mode

    if args.backend == "ollama":
        from langmem_local.backends.ollama import check_ollama
        from langmem_local.config import LocalMemoryConfig

        o = LocalMemoryConfig().ollama
        status = check_ollama(o.base_url, required=(o.chat_model, o.embed_model), timeout=2.0)
        if not status.reachable or status.missing:
            print(f"skipped: no Ollama with {o.chat_model} + {o.embed_model} at {o.base_url}")
            return 0
    variant = args.backend + ("_rules_only" if args.rules_only else "")
    facts_mode.USE_MODEL = not args.rules_only
    data_dir = Path(args.data_dir) / variant
    shutil.rmtree(data_dir, ignore_errors=True)
    started = time.perf_counter()
    memory = LocalMemory(backend=args.backend, data_dir=data_dir)
    chosen = [
        s
        for s in ALL_SCENARIOS
        if args.split in ("all", s["split"]) and (not args.only or s["name"] == args.only)
    ]
    results = []
    for sc in chosen:
        r = play(memory, sc)
        results.append(r)
        mark = "PASS" if r["passed"] else "FAIL"
        print(
            f"{mark} {sc['name']:28} {sc['kind']:16} {sc['split']:6} {r['seconds']:.1f}s "
            + ("" if r["passed"] else "; ".join(r["failed"])[:300]),
            flush=True,
        )
    passed = sum(r["passed"] for r in results)
    payload = {
        **common.run_header("scenarios", vars(args), sys.argv),
        "variant": variant,
        "passed": passed,
        "total": len(results),
        "rate": passed / len(results) if results else 0.0,
        "llm_calls": sum(r["llm_calls"] for r in results),
        "per_split": _rates(results, "split"),
        "per_kind": _rates(results, "kind"),
        "duplicates": duplicate_measurement(memory),
        "results": results,
        "residual": residual_measurement(memory) if args.backend == "embedded" else None,
        "extraction_mode": memory._extractor.mode,
    }
    memory.close()
    print(
        f"{passed}/{len(results)} passed ({payload['rate']:.0%}); per split: "
        + ", ".join(f"{k} {v['passed']}/{v['total']}" for k, v in payload["per_split"].items())
    )
    if not args.no_write and not args.only:
        stem = "scenarios" if variant == "embedded" else f"scenarios_{variant}"
        payload["duration_s"] = time.perf_counter() - started
        common.write_json(common.RESULTS_DIR / f"{stem}.json", payload)
        common.write_text(common.RESULTS_DIR / f"{stem}.md", _markdown(payload))
        _plot(payload, common.RESULTS_DIR / f"{stem}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
