"""Loading the train, dev and test splits a run needs, validated against the task.

`load_data(data_conf, task, seed)` reads the files named in the `data/` config (three files,
or one file to split), validates them, and either stops with every problem listed or, when
`on_invalid: drop`, drops the bad rows and logs and counts each one.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping

from framing.errors import DataError, FramingError, Problem
from framing.readers import read_rows
from framing.split import split_records
from framing.task import Task
from framing.validation import Record, cross_split_problems, validate_rows

log = logging.getLogger(__name__)

SPLITS = ("train", "dev", "test")
ON_INVALID = ("error", "drop")


@dataclass
class LoadedData:
    splits: dict[str, list[Record]]
    info: dict[str, Any] = field(default_factory=dict)


def records_sha256(records: list[Record]) -> str:
    """A hash of the records' content (not of the file bytes), so the same data in JSONL or
    Parquet hashes the same and compare can tell whether two runs saw the same test set."""
    digest = hashlib.sha256()
    for record in records:
        digest.update(json.dumps(record.as_dict(), sort_keys=True, ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def _read_and_validate(spec: str, task: Task, allow_hub: bool) -> tuple[list[Record], list[Problem]]:
    rows, problems = read_rows(spec, task.multi_label_columns, allow_hub=allow_hub)
    records, row_problems = validate_rows(rows, task)
    return records, problems + row_problems


def _articles_across_splits(splits: dict[str, list[Record]], sources: dict[str, str | None]) -> list[str]:
    """Articles (doc_id) with paragraphs in two splits. Not an error, since given files may
    be split that way on purpose, but scores then partly measure memory of the article."""
    warnings = []
    groups = {name: {r.doc_id for r in records if r.doc_id is not None} for name, records in splits.items()}
    for i, first in enumerate(SPLITS):
        for second in SPLITS[i + 1 :]:
            shared = sorted(groups.get(first, set()) & groups.get(second, set()))
            if shared:
                warnings.append(
                    f"{len(shared)} article(s) have paragraphs in both {first} ({sources.get(first)}) and "
                    f"{second} ({sources.get(second)}), e.g. doc_id {shared[0]!r}"
                )
    return warnings


def load_data(conf: Mapping[str, Any], task: Task, seed: int) -> LoadedData:
    on_invalid = conf.get("on_invalid", "error")
    if on_invalid not in ON_INVALID:
        raise FramingError(f"data.on_invalid must be one of {ON_INVALID}, got {on_invalid!r}")
    allow_hub = bool(conf.get("allow_hub", False))
    on_leak = conf.get("on_leak") or on_invalid
    if on_leak not in ON_INVALID + ("warn",):
        raise FramingError(f"data.on_leak must be one of {ON_INVALID + ('warn',)}, got {on_leak!r}")
    problems: dict[str, list[Problem]] = {}
    sources: dict[str, str | None] = {}
    splits: dict[str, list[Record]] = {}

    if conf.get("file"):
        spec = str(conf["file"])
        given = [name for name in SPLITS if conf.get(name)]
        if given:
            raise FramingError(f"data: give either 'file' (split for you) or train/dev/test files, not both ({given})")
        records, found = _read_and_validate(spec, task, allow_hub)
        problems["file"] = found
        split_conf = conf.get("split") or {}
        splits = split_records(
            records,
            dev_fraction=float(split_conf.get("dev_fraction", 0.1)),
            test_fraction=float(split_conf.get("test_fraction", 0.15)),
            seed=seed,
            stratify_head=split_conf.get("stratify_head"),
        )
        sources = {name: f"{spec} (split, seed {seed})" for name in SPLITS}
    else:
        for name in SPLITS:
            spec = conf.get(name)
            if not spec:
                if name != "dev":
                    raise FramingError(f"data.{name} is not set: name a file, or set data.file to split one file")
                splits[name], sources[name] = [], None
                continue
            splits[name], problems[name] = _read_and_validate(str(spec), task, allow_hub)
            sources[name] = str(spec)

    # Cross-split leaks are problems of the dev or test row, so dropping them keeps train whole.
    # A published benchmark's test set must stay as published, leaks included: on_leak=warn
    # keeps the rows and records every leak as a warning instead.
    leaks = cross_split_problems(splits, task.text_column, task.id_column)
    leak_warnings = []
    if on_leak == "warn":
        leak_warnings = [f"kept (data.on_leak=warn): {problem}" for found in leaks.values() for _, problem in found]
        leaks = {}
    errors = [p for found in problems.values() for p in found] if on_invalid == "error" else []
    if on_leak == "error":
        errors += [problem for found in leaks.values() for _, problem in found]
    if errors:
        raise DataError(
            errors,
            hint="Fix the rows above, or set data.on_invalid=drop (bad rows) or data.on_leak=drop (rows also in "
            "another split) to drop them; each dropped row is logged and counted.",
        )
    for name, found in leaks.items():  # on_leak=drop: a leaked row is dropped like an invalid one
        problems.setdefault(name, []).extend(problem for _, problem in found)

    dropped: dict[str, dict[str, int]] = {}
    for name, found in problems.items():
        if not found:
            continue
        for problem in found:
            log.warning("dropped row: %s", problem)
        dropped[name] = {
            "rows": len({p.locator for p in found}),
            "by_field": dict(Counter(p.field or "row" for p in found)),
        }
    for name, found in leaks.items():
        leaked = {index for index, _ in found}
        if leaked:
            splits[name] = [r for i, r in enumerate(splits[name]) if i not in leaked]
    if dropped:
        log.warning("dropped rows by split and field: %s", dropped)

    warnings = leak_warnings + _articles_across_splits(splits, sources)
    for warning in warnings:
        log.warning(warning)
    for name in ("train", "test"):
        if not splits[name]:
            raise FramingError(f"the {name} split is empty after validation ({sources.get(name)})")
    info = {
        "splits": {
            name: {"source": sources.get(name), "n": len(splits[name]), "sha256": records_sha256(splits[name])}
            for name in SPLITS
        },
        "dropped": dropped,
        "on_invalid": on_invalid,
        "warnings": warnings,
    }
    return LoadedData(splits=splits, info=info)
