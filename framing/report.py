"""The human-readable report of a run (`report.md`), written from its metrics alone."""

from __future__ import annotations

from typing import Any

from framing.metrics import HEADLINE


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def markdown_table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    lines += ["| " + " | ".join(_fmt(v) for v in row) + " |" for row in rows]
    return lines


def render_report(metrics: dict[str, Any]) -> str:
    run = metrics["run"]
    data = metrics["data"]
    out = [f"# Run {run['id']}", ""]
    out += [
        f"- created: {metrics['created']}  ",
        f"- seed: {run['seed']}; training took {run['fit_seconds']:.2f} s  ",
        f"- framing {run['versions']['framing']}, scikit-learn {run['versions']['scikit-learn']}, "
        f"Python {run['versions']['python']}  ",
        f"- overrides: {' '.join(metrics.get('overrides') or []) or '(none)'}",
        "",
        "## Data",
        "",
    ]
    out += markdown_table(
        ["split", "paragraphs", "source", "sha256"],
        [[name, s["n"], s["source"] or "–", s["sha256"][:12]] for name, s in data["splits"].items()],
    )
    if data.get("dropped"):
        out += ["", f"Rows dropped (data.on_invalid=drop): `{data['dropped']}`"]
    out += [
        "",
        "## Headline (test)",
        "",
        "Majority = the most frequent training label for every paragraph. Macro averages run over the "
        "labels present in the gold labels or the predictions.",
        "",
    ]
    rows = []
    for name, head in metrics["heads"].items():
        for metric in HEADLINE[head["kind"]]:
            if metric not in head["test"]:
                continue
            dev = head["dev"][metric] if head.get("dev") else None
            rows.append([name, metric, head["test"][metric], head["baseline"]["test"][metric], dev])
    out += markdown_table(["head", "metric", "model (test)", "majority (test)", "model (dev)"], rows)
    for name, head in metrics["heads"].items():
        test = head["test"]
        out += ["", f"## {name}", "", f"Majority baseline answers `{head['baseline']['label']}`.", ""]
        out += markdown_table(
            ["label", "precision", "recall", "F1", "support"],
            [[label, c["precision"], c["recall"], c["f1"], c["support"]] for label, c in test["per_class"].items()],
        )
        matrix = test["confusion_matrix"]
        caption = "primary label, " if head["kind"] == "multi" else ""
        out += ["", f"Confusion matrix ({caption}rows gold, columns predicted):", ""]
        out += markdown_table(["gold \\ predicted"] + matrix["labels"], [[label] + row for label, row in zip(matrix["labels"], matrix["matrix"])])
    return "\n".join(out) + "\n"
