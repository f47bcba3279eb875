"""The benchmark tables in README.md, rendered from benchmarks/results/<name>.json.

Each benchmark script calls `update(name)` after writing its results; tests check that
README.md holds exactly what `render` makes of the results file, so no figure in those tables
is typed by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
RESULTS = ROOT / "benchmarks" / "results"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- BEGIN benchmark {name}: written by benchmarks/{name}.py -->", f"<!-- END benchmark {name} -->"


def render(result: dict) -> str:
    lines = [
        f"**{result['benchmark']}**: {result['metric']}.",
        "",
        "| system | score |",
        "|---|---|",
    ]
    lines += [f"| {system} (published) | {value:.2f} |" for system, value in result["published"].items()]
    selected = result["selected"]
    lines.append(f"| **framing**: {selected['setting']} (ours) | **{result['ours']:.2f}** |")
    lines += [
        "",
        f"Ours: trained on {result['train_size']} examples in {result['fit_seconds']:.0f} s on a 2-core CPU; setting "
        f"chosen on {selected['on']}, never on test; scored on {result['test_size']} test examples"
        + (" (reduced run)" if result.get("quick") else "")
        + ".",
    ]
    return "\n".join(lines)


def section(name: str) -> str:
    begin, end = markers(name)
    result = json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))
    return f"{begin}\n{render(result)}\n{end}"


def update(name: str) -> None:
    begin, end = markers(name)
    text = README.read_text(encoding="utf-8")
    if begin not in text or end not in text:
        raise SystemExit(f"README.md has no section for benchmark {name} ({begin} ... {end})")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    README.write_text(head + section(name) + tail, encoding="utf-8")
