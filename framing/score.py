"""framing-score: label new paragraphs with a saved model.

    framing-score "Beijing condemned the arms sale."
    framing-score --input article.txt            # plain text, split into paragraphs
    framing-score --input paragraphs.jsonl --format jsonl
    cat article.txt | framing-score --model experiments/<run>

This is a plain CLI: it imports neither Hydra nor `datasets`, so that starting it costs about
what importing scikit-learn costs. Bad input rows are reported (file and line) and skipped;
the good ones are still scored, and the exit status says whether anything was skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence, TextIO

from framing.errors import FramingError, Problem
from framing.readers import parse_jsonl
from framing.runs import write_output

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_SKIPPED = 3  # scored what could be scored, but some input rows were skipped

DEFAULT_EXPERIMENTS = os.environ.get("FRAMING_EXPERIMENTS", "experiments")


@dataclass(frozen=True)
class Paragraph:
    id: str
    text: str
    target: str | None = None  # for models whose heads read a target per paragraph
    span: tuple[int, int] | None = None

    @property
    def model_input(self) -> Any:
        from framing.model import model_input

        return model_input(self.text, self.target, self.span)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain-text article: blocks separated by blank lines, their lines joined.
    A text with no blank line at all is taken to have one paragraph per line, as wire copy
    and many exported articles do."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
        return [" ".join(line.strip() for line in block.splitlines() if line.strip()) for block in blocks if block.strip()]
    return [line.strip() for line in text.splitlines() if line.strip()]


def read_plain_text(text: str, prefix: str) -> list[Paragraph]:
    return [Paragraph(f"{prefix}{i}", p) for i, p in enumerate(split_paragraphs(text), start=1)]


def read_jsonl(lines: Iterable[bytes], name: str, task: Any = None) -> tuple[list[Paragraph], list[Problem]]:
    """Paragraphs from JSON Lines with `text` and (optionally) `id`; a missing id becomes
    the line number. For a model that reads a target per paragraph, `task` names the target
    (and offset) columns each row must have. Bad lines are returned as problems, never
    dropped silently."""
    rows, problems = parse_jsonl(lines, name)
    if task is not None:
        from framing.validation import check_row_target
    paragraphs: list[Paragraph] = []
    seen: dict[str, str] = {}
    for locator, record in rows:
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            what = "missing" if text is None else ("empty" if isinstance(text, str) else f"expected a string, got {type(text).__name__}")
            problems.append(Problem(locator, "text", what))
            continue
        pid = record.get("id", locator.rsplit(":", 1)[1])
        if isinstance(pid, bool) or not isinstance(pid, (str, int)) or not str(pid).strip():
            problems.append(Problem(locator, "id", f"expected a non-empty string or integer, got {pid!r}"))
            continue
        pid = str(pid)
        if pid in seen:
            problems.append(Problem(locator, "id", f"duplicate id '{pid}' (first at {seen[pid]})"))
            continue
        target, span = None, None
        if task is not None:
            found: list[Problem] = []
            target, span = check_row_target(task, record, text, locator, found)
            if found:
                problems.extend(found)
                continue
        seen[pid] = locator
        paragraphs.append(Paragraph(pid, text, target, span))
    # Report problems in input order, whichever stage found them.
    problems.sort(key=lambda p: int(p.locator.rsplit(":", 1)[1]))
    return paragraphs, problems


def check_input_args(args: argparse.Namespace) -> None:
    """Argument mistakes that are clear before any model is loaded."""
    if args.text and args.input:
        raise FramingError("give either TEXT arguments or --input, not both")
    if args.input and args.input != "-" and not Path(args.input).is_file():
        raise FramingError(f"{args.input}: no such file")


def collect_input(args: argparse.Namespace, stdin: TextIO, task: Any = None) -> tuple[list[Paragraph], list[Problem]]:
    """The paragraphs to score (`args` already passed check_input_args). `task` is set for
    models that read a target per paragraph: only JSONL input can carry one."""
    is_jsonl = bool(args.input) and Path(args.input).suffix.lower() in (".jsonl", ".ndjson")
    if task is not None and not is_jsonl:
        spec = task.row_target
        columns = [spec.text_column] + list(spec.span_columns or [])
        raise FramingError(
            f"this model reads a target per paragraph: give --input JSONL whose rows have 'text' and {columns}"
        )
    if args.text:
        paragraphs: list[Paragraph] = []
        for text in args.text:
            paragraphs += read_plain_text(text, "p")
        # Several arguments each with one paragraph: number them across arguments.
        return [Paragraph(f"p{i}", p.text) for i, p in enumerate(paragraphs, start=1)], []
    if args.input and args.input != "-":
        path = Path(args.input)
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            with path.open("rb") as handle:
                return read_jsonl(handle, str(path), task)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise FramingError(f"{path}: not valid UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        return read_plain_text(text, f"{path.name}#p"), []
    if stdin.isatty() and args.input != "-":
        raise FramingError("nothing to score: give a TEXT argument, --input FILE, or pipe text on stdin")
    return read_plain_text(stdin.read(), "p"), []


def score(model: Any, paragraphs: Sequence[Paragraph]) -> list[dict[str, Any]]:
    """One output row per paragraph: a label (or label list) per head, and probabilities."""
    if not paragraphs:
        return []
    proba = model.predict_proba([p.model_input for p in paragraphs])
    labels = model.labels_from_proba(proba)
    rows = []
    for i, paragraph in enumerate(paragraphs):
        row: dict[str, Any] = {"id": paragraph.id}
        for spec in model.heads_:
            row[spec["name"]] = labels[spec["name"]][i]
        row["proba"] = {
            spec["name"]: {label: round(float(p), 4) for label, p in zip(spec["labels"], proba[spec["name"]][i])}
            for spec in model.heads_
        }
        rows.append(row)
    return rows


def _short(value: Any, proba: dict[str, float]) -> str:
    if isinstance(value, list):
        return ", ".join(f"{label} {proba[label]:.2f}" for label in value)
    return f"{value} {proba[value]:.2f}"


def format_table(rows: Sequence[dict[str, Any]], heads: Sequence[dict[str, Any]]) -> str:
    names = [spec["name"] for spec in heads]
    header = ["id"] + names
    body = [[row["id"]] + [_short(row[name], row["proba"][name]) for name in names] for row in rows]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *body)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip() for line in [header] + body]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"


def format_jsonl(rows: Sequence[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def resolve_model_path(model: str | None, experiments: str) -> Path:
    if model:
        return Path(model)
    from framing.runs import newest_run

    return newest_run(Path(experiments))


def _row_target_task(model: Any, manifest: dict[str, Any]) -> Any:
    """The task, for a model with heads that read a target per paragraph; else None."""
    from framing.task import ROW, task_from_config

    if not any(spec.get("target") == ROW for spec in model.heads_):
        return None

    return task_from_config(manifest["config"]["task"])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing-score",
        description="Label paragraphs with stance toward each actor and their frames, using a saved model.",
        epilog=f"Exit status: {EXIT_OK} all scored; {EXIT_SKIPPED} scored, but some input rows were skipped "
        f"(listed on stderr); {EXIT_ERROR} error; 2 bad arguments.",
    )
    parser.add_argument("text", nargs="*", help="paragraph text(s) to score; blank lines separate paragraphs")
    parser.add_argument("--input", "-i", help="a plain-text article (split into paragraphs) or JSONL with 'id' and 'text'; '-' for stdin")
    parser.add_argument("--model", "-m", help="a run folder or a model file (default: the newest run under --experiments)")
    parser.add_argument("--experiments", default=DEFAULT_EXPERIMENTS, help="where runs are looked for (default: %(default)s, or $FRAMING_EXPERIMENTS)")
    parser.add_argument("--format", "-f", choices=("table", "jsonl"), default="table", help="output format (default: %(default)s)")
    parser.add_argument("--output", "-o", help="write here (atomically) instead of stdout")
    parser.add_argument("--ignore-version-mismatch", action="store_true", help="load a model saved by other framing/scikit-learn/Python versions anyway")
    return parser


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        check_input_args(args)
        from framing.bundle import load_model

        model, manifest = load_model(resolve_model_path(args.model, args.experiments), check_versions=not args.ignore_version_mismatch)
        paragraphs, problems = collect_input(args, stdin, _row_target_task(model, manifest))
        rows = score(model, paragraphs)
        text = format_jsonl(rows) if args.format == "jsonl" else format_table(rows, model.heads_)
        write_output(text, args.output, stdout)
    except FramingError as exc:
        print(f"framing-score: error: {exc}", file=stderr)
        return EXIT_ERROR
    for problem in problems:
        print(f"framing-score: skipped {problem}", file=stderr)
    if not rows:
        print("framing-score: error: nothing to score: no usable paragraph in the input", file=stderr)
        return EXIT_ERROR
    if problems:
        print(f"framing-score: scored {len(rows)} paragraph(s), skipped {len(problems)} bad row(s)", file=stderr)
        return EXIT_SKIPPED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
