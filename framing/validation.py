"""Checking labelled rows against a task before anything is trained on them.

Each check yields a Problem that names the row (file and line), the field and what is wrong.
Whether problems stop the run or drop their rows is decided by the caller (`data.on_invalid`);
nothing here drops anything silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from framing.errors import Problem
from framing.readers import Row
from framing.task import MULTI, Head, Task


@dataclass(frozen=True)
class Record:
    """A validated labelled paragraph."""

    id: str
    text: str
    labels: dict[str, Any]  # head name -> label (single) or list of labels (multi)
    doc_id: str | None  # the article it came from, when known
    source: str | None
    locator: str
    target: str | None = None  # the row's own target, for tasks with a row_target
    span: tuple[int, int] | None = None  # where the target is mentioned in the text

    @property
    def model_input(self) -> Any:
        """What the model reads: the text, or the text with its row target."""
        from framing.model import model_input

        return model_input(self.text, self.target, self.span)

    @property
    def group(self) -> str:
        """What a split keeps together: the article, or the paragraph alone when no doc_id is given."""
        return f"doc:{self.doc_id}" if self.doc_id is not None else f"id:{self.id}"

    def as_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "text": self.text, "labels": self.labels, "doc_id": self.doc_id, "source": self.source}
        if self.target is not None:
            out["target"], out["span"] = self.target, self.span
        return out


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _check_id(value: Any) -> tuple[str | None, str | None]:
    """Return (id, error)."""
    if value is None:
        return None, "missing"
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None, f"expected a string or integer, got {_type_name(value)}"
    text = str(value).strip()
    if not text:
        return None, "empty"
    return text, None


def _check_label(head: Head, value: Any) -> tuple[Any, str | None]:
    allowed = ", ".join(head.labels)
    if value is None:
        return None, "missing"
    if head.kind == MULTI:
        if isinstance(value, str):
            return None, f"expected a list of labels, got a string ({value!r})"
        if not isinstance(value, (list, tuple)):
            return None, f"expected a list of labels, got {_type_name(value)}"
        if not value:
            return None, "empty list: at least one label is needed (the first is the primary one)"
        for item in value:
            if not isinstance(item, str):
                return None, f"expected a list of strings, found {_type_name(item)} {item!r}"
            if item not in head.labels:
                return None, f"unknown label '{item}' (allowed: {allowed})"
        if len(set(value)) != len(value):
            return None, f"a label is repeated in {list(value)}"
        return list(value), None
    if not isinstance(value, str):
        return None, f"expected a string label, got {_type_name(value)}"
    if value not in head.labels:
        return None, f"unknown label '{value}' (allowed: {allowed})"
    return value, None


def validate_rows(rows: list[Row], task: Task) -> tuple[list[Record], list[Problem]]:
    """Validate each row on its own and for duplicate ids; bad rows become problems."""
    records: list[Record] = []
    problems: list[Problem] = []
    first_seen: dict[str, str] = {}
    for locator, row in rows:
        row_problems: list[Problem] = []
        record_id, error = _check_id(row.get(task.id_column))
        if error:
            row_problems.append(Problem(locator, task.id_column, error))
        elif record_id in first_seen:
            row_problems.append(
                Problem(locator, task.id_column, f"duplicate id '{record_id}' (first at {first_seen[record_id]})")
            )
        text = row.get(task.text_column)
        if text is None:
            row_problems.append(Problem(locator, task.text_column, "missing"))
        elif not isinstance(text, str):
            row_problems.append(Problem(locator, task.text_column, f"expected a string, got {_type_name(text)}"))
        elif not text.strip():
            row_problems.append(Problem(locator, task.text_column, "empty"))
        labels: dict[str, Any] = {}
        for head in task.heads:
            value, error = _check_label(head, row.get(head.column))
            if error:
                row_problems.append(Problem(locator, head.column, error))
            labels[head.name] = value
        group = None
        if task.group_column and row.get(task.group_column) is not None:
            group, error = _check_id(row.get(task.group_column))
            if error:
                row_problems.append(Problem(locator, task.group_column, error))
        source = row.get(task.source_column) if task.source_column else None
        if source is not None and not isinstance(source, str):
            row_problems.append(Problem(locator, task.source_column, f"expected a string, got {_type_name(source)}"))
        target, span = check_row_target(task, row, text, locator, row_problems)
        if row_problems:
            problems.extend(row_problems)
            continue
        first_seen[record_id] = locator
        records.append(
            Record(
                id=record_id,
                text=text,
                labels=labels,
                doc_id=group,
                source=source,
                locator=locator,
                target=target,
                span=span,
            )
        )
    return records, problems


def check_row_target(task: Task, row: dict[str, Any], text: Any, locator: str, problems: list[Problem]):
    """The row's target and mention span, for tasks whose target varies by row."""
    spec = task.row_target
    if spec is None:
        return None, None
    target = row.get(spec.text_column)
    if target is None or (isinstance(target, str) and not target.strip()):
        problems.append(Problem(locator, spec.text_column, "missing" if target is None else "empty"))
        return None, None
    if not isinstance(target, str):
        problems.append(Problem(locator, spec.text_column, f"expected a string, got {_type_name(target)}"))
        return None, None
    if spec.span_columns is None:
        return target, None
    bounds = []
    for column in spec.span_columns:
        value = row.get(column)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)  # CSV cells are text
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem(locator, column, f"expected an integer character offset, got {_type_name(value)}"))
            return None, None
        bounds.append(value)
    start, end = bounds
    length = len(text) if isinstance(text, str) else 0
    if not 0 <= start < end <= length:
        problems.append(
            Problem(locator, spec.span_columns[0], f"span [{start}, {end}) is not inside the text (length {length})")
        )
        return None, None
    return target, (start, end)


def normalized_text(text: str) -> str:
    """The form in which two paragraphs count as the same text: case and spacing ignored."""
    return " ".join(text.casefold().split())


def cross_split_problems(splits: dict[str, list[Record]], text_field: str, id_field: str) -> dict[str, list[tuple[int, Problem]]]:
    """Ids and texts that occur in two splits. Splits are checked in the order given; the
    later occurrence (dev or test, never train) is the one reported, so dropping it keeps
    the training data whole. Returns, per split, (index of the record, problem)."""
    seen_ids: dict[str, tuple[str, str]] = {}
    seen_texts: dict[str, tuple[str, str]] = {}
    found: dict[str, list[tuple[int, Problem]]] = {name: [] for name in splits}
    for split, records in splits.items():
        for index, record in enumerate(records):
            # With row targets, one sentence can be several examples (one per target).
            key = normalized_text(record.text) + ("" if record.target is None else f"\x00{record.target}\x00{record.span}")
            if record.id in seen_ids and seen_ids[record.id][0] != split:
                other_split, other = seen_ids[record.id]
                found[split].append(
                    (index, Problem(record.locator, id_field, f"id '{record.id}' is also in the {other_split} split ({other})"))
                )
            elif key in seen_texts and seen_texts[key][0] != split:
                other_split, other = seen_texts[key]
                found[split].append(
                    (
                        index,
                        Problem(
                            record.locator,
                            text_field,
                            f"the same text is in the {other_split} split ({other}); a paragraph in two splits inflates scores",
                        ),
                    )
                )
            seen_ids.setdefault(record.id, (split, record.locator))
            seen_texts.setdefault(key, (split, record.locator))
    return found
