"""Reading labelled tables from JSONL, CSV, Parquet, `save_to_disk` folders or the hub.

Every row comes back with a locator ("data/train.jsonl:17", "x.parquet: row 17") so that a
problem found later can name where it is.

JSON Lines and CSV are read with the standard library rather than with `datasets`, whose
Arrow readers coerce or reject a whole block of rows with mixed types without saying which
line broke; here a wrong type is reported with its exact line. Columnar formats (Parquet,
Arrow folders written by `Dataset.save_to_disk`, hub data sets) have types enforced by their
schema and go through `datasets`, imported only when such a source is used.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any, Iterable

from framing.errors import DataError, FramingError, Problem

Row = tuple[str, dict[str, Any]]

JSONL_SUFFIXES = {".jsonl", ".json", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
KNOWN_SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES | PARQUET_SUFFIXES

OFFLINE_HINT = (
    "framing runs offline and does not download data sets: pass a local path "
    "(JSONL, CSV, Parquet, or a folder written by datasets' save_to_disk)"
)


def read_rows(spec: str, multi_label_columns: Iterable[str] = (), allow_hub: bool = False) -> tuple[list[Row], list[Problem]]:
    """Read every row of `spec`; rows that cannot be parsed come back as problems instead."""
    path = Path(spec)
    if path.is_dir():
        return _read_arrow_folder(path), []
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            return _read_jsonl(path)
        if suffix in CSV_SUFFIXES:
            return _read_csv(path, set(multi_label_columns))
        if suffix in PARQUET_SUFFIXES:
            return _read_parquet(path), []
        raise FramingError(
            f"{spec}: unknown file type '{suffix}'; use .jsonl, .csv, .tsv, .parquet or a save_to_disk folder"
        )
    if _looks_like_local_path(spec):
        raise FramingError(f"{spec}: file not found (relative paths are read from {os.getcwd()})")
    return _read_hub(spec, allow_hub), []


def _looks_like_local_path(spec: str) -> bool:
    # A hub name is "name" or "owner/name"; anything with a file suffix, a drive, a leading
    # ./ or / or ~, or more than one slash can only have meant a local file.
    return (
        Path(spec).suffix.lower() in KNOWN_SUFFIXES
        or spec.startswith((".", "/", "~", "\\"))
        or spec.count("/") > 1
        or "\\" in spec
        or ":" in spec
    )


def parse_jsonl(lines: Iterable[bytes], name: str) -> tuple[list[Row], list[Problem]]:
    """JSON Lines from raw byte lines: one object per non-blank line, each with its locator
    ("name:line"); a line that is not UTF-8, not JSON or not an object becomes a problem."""
    rows: list[Row] = []
    problems: list[Problem] = []
    for line_no, raw in enumerate(lines, start=1):
        locator = f"{name}:{line_no}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(locator, None, f"not valid UTF-8 ({exc.reason} at byte {exc.start})"))
            continue
        if line_no == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            record, error = None, f"invalid JSON: {exc.msg} (column {exc.colno})"
        else:
            error = None
        if line_no == 1 and line.lstrip().startswith("[") and not isinstance(record, dict):
            # A whole file written as one JSON array (on one line or many).
            problems.append(Problem(locator, None, "a JSON array; write one JSON object per line (JSON Lines)"))
            break
        if error:
            problems.append(Problem(locator, None, error))
            continue
        if not isinstance(record, dict):
            problems.append(Problem(locator, None, f"expected a JSON object, got {type(record).__name__}"))
            continue
        rows.append((locator, record))
    return rows, problems


def _read_jsonl(path: Path) -> tuple[list[Row], list[Problem]]:
    with path.open("rb") as handle:
        return parse_jsonl(handle, str(path))


def _parse_multi_label_cell(cell: str) -> Any:
    """A CSV cell holding a label list: a JSON list, or labels separated by ';' or '|'."""
    text = cell.strip()
    if not text:
        return None
    if text.startswith("["):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text  # reported by validation as a wrong type
    separator = ";" if ";" in text else "|"
    return [part.strip() for part in text.split(separator) if part.strip()]


def _read_csv(path: Path, multi_label_columns: set[str]) -> tuple[list[Row], list[Problem]]:
    rows: list[Row] = []
    problems: list[Problem] = []
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
        with handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            for record in reader:
                # line_num is the line where the record ends (a quoted cell may span lines).
                locator = f"{path}:{reader.line_num}"
                if None in record:
                    problems.append(Problem(locator, None, "more cells than the header has columns"))
                    continue
                clean: dict[str, Any] = {}
                for key, value in record.items():
                    if value is None or value == "":
                        continue  # an empty cell is a missing value
                    clean[key] = _parse_multi_label_cell(value) if key in multi_label_columns else value
                rows.append((locator, clean))
    except UnicodeDecodeError as exc:
        raise DataError([Problem(str(path), None, f"not valid UTF-8 ({exc.reason} at byte {exc.start})")]) from exc
    except csv.Error as exc:
        raise DataError([Problem(str(path), None, f"malformed CSV: {exc}")]) from exc
    return rows, problems


def _rows_from_dataset(dataset: Any, name: str) -> list[Row]:
    return [(f"{name}: row {i}", dict(record)) for i, record in enumerate(dataset, start=1)]


def _read_parquet(path: Path) -> list[Row]:
    _offline_environment()
    import datasets

    dataset = datasets.Dataset.from_parquet(str(path), keep_in_memory=True)
    return _rows_from_dataset(dataset, str(path))


def _read_arrow_folder(path: Path) -> list[Row]:
    _offline_environment()
    import datasets

    if (path / "dataset_dict.json").is_file():
        splits = json.loads((path / "dataset_dict.json").read_text(encoding="utf-8")).get("splits", [])
        raise FramingError(
            f"{path}: holds a DatasetDict with splits {splits}; point data.train, data.dev and data.test "
            f"at its split folders (e.g. {path / (splits[0] if splits else 'train')})"
        )
    if not (path / "dataset_info.json").is_file() and not (path / "state.json").is_file():
        raise FramingError(f"{path}: a folder, but not one written by datasets' save_to_disk")
    dataset = datasets.load_from_disk(str(path), keep_in_memory=True)
    return _rows_from_dataset(dataset, str(path))


def _offline_environment() -> None:
    # Set before `datasets` is imported so that no code path tries the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")


def _read_hub(name: str, allow_hub: bool) -> list[Row]:
    offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0") or os.environ.get(
        "HF_DATASETS_OFFLINE", ""
    ) not in ("", "0")
    if not allow_hub or offline:
        reason = "hub data sets are off (data.allow_hub=false)" if not allow_hub else "HF_HUB_OFFLINE is set"
        raise FramingError(f"'{name}' is not a local file or folder and {reason}. {OFFLINE_HINT}")
    import datasets

    try:
        dataset = datasets.load_dataset(name, split="train")
    except Exception as exc:  # the hub client raises many types; all mean "could not load"
        raise FramingError(f"could not load '{name}' from the hub ({exc}). {OFFLINE_HINT}") from exc
    return _rows_from_dataset(dataset, name)
