"""What a task is: which columns hold the text and the labels, and each head's label set.

The label set of every head comes from here (that is, from config), never from the data, so
that a label missing from a small training file still exists in the model's output, and a
label that is not in the codebook is an error rather than a new class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from framing.errors import FramingError

SINGLE = "single"
MULTI = "multi"


@dataclass(frozen=True)
class Head:
    """One classifier output: a single-label choice or a multi-label set over `labels`."""

    name: str
    column: str
    kind: str
    labels: tuple[str, ...]
    # Labels whose mean F1 is reported as F_avg (SemEval-2016 Task 6 uses FAVOR and AGAINST).
    favg_labels: tuple[str, ...] = ()
    # The actor this head's stance is about (a key of Task.actors), for target-aware features.
    target: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {
            "name": self.name,
            "column": self.column,
            "kind": self.kind,
            "labels": list(self.labels),
            "favg_labels": list(self.favg_labels),
        }
        if self.target is not None:
            out["target"] = self.target
        return out


ROW = "row"  # a head `target` meaning: the target is given per row, by RowTarget's columns


@dataclass(frozen=True)
class RowTarget:
    """Columns that give each row its own target: its name or mention text, and optionally
    the character offsets of the mention in the text (as in target-dependent sentiment data)."""

    text_column: str
    span_columns: tuple[str, str] | None = None


@dataclass(frozen=True)
class Task:
    name: str
    heads: tuple[Head, ...]
    text_column: str = "text"
    id_column: str = "id"
    group_column: str | None = "doc_id"
    source_column: str | None = "source"
    # {actor: [alias, ...]}: how each target actor is named in text (framing.actors).
    actors: dict[str, tuple[str, ...]] | None = None
    # Phrases that contain an alias but name no actor ("South China Sea").
    ignore_phrases: tuple[str, ...] = ()
    row_target: RowTarget | None = None

    def head(self, name: str) -> Head:
        for head in self.heads:
            if head.name == name:
                return head
        raise FramingError(f"task '{self.name}' has no head '{name}' (heads: {self.head_names})")

    @property
    def head_names(self) -> list[str]:
        return [h.name for h in self.heads]

    @property
    def multi_label_columns(self) -> set[str]:
        return {h.column for h in self.heads if h.kind == MULTI}


def _string_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise FramingError(f"{where}: expected a list of strings, got {value!r}")
    items = tuple(value)
    bad = [v for v in items if not isinstance(v, str) or not v]
    if bad:
        raise FramingError(f"{where}: every entry must be a non-empty string, got {bad!r}")
    if len(set(items)) != len(items):
        raise FramingError(f"{where}: labels repeat: {list(items)}")
    return items


def task_from_config(conf: Mapping[str, Any]) -> Task:
    """Build a Task from the plain-dict form of a `task/` config, checking it thoroughly."""
    name = conf.get("name") or "task"
    heads_conf = conf.get("heads")
    if not isinstance(heads_conf, Mapping) or not heads_conf:
        raise FramingError(f"task '{name}': 'heads' must map head names to head settings")
    actors_conf = conf.get("actors") or {}
    if not isinstance(actors_conf, Mapping):
        raise FramingError(f"task '{name}': 'actors' must map actor names to alias lists")
    actors = {str(actor): _string_list(aliases, f"task '{name}', actor '{actor}'") for actor, aliases in actors_conf.items()}
    row_target = _row_target(conf.get("row_target"), name)
    heads = []
    columns = set()
    for head_name, spec in heads_conf.items():
        where = f"task '{name}', head '{head_name}'"
        if not isinstance(spec, Mapping):
            raise FramingError(f"{where}: expected a mapping with column, kind and labels")
        kind = spec.get("kind", SINGLE)
        if kind not in (SINGLE, MULTI):
            raise FramingError(f"{where}: kind must be '{SINGLE}' or '{MULTI}', got {kind!r}")
        column = spec.get("column") or head_name
        if column in columns:
            raise FramingError(f"{where}: column '{column}' is used by two heads")
        columns.add(column)
        labels = _string_list(spec.get("labels"), f"{where}, labels")
        if len(labels) < 2:
            raise FramingError(f"{where}: needs at least two labels, got {list(labels)}")
        favg = _string_list(spec.get("favg_labels") or [], f"{where}, favg_labels")
        unknown = [lab for lab in favg if lab not in labels]
        if unknown:
            raise FramingError(f"{where}: favg_labels {unknown} are not among labels {list(labels)}")
        target = spec.get("target")
        if target == ROW and row_target is None:
            raise FramingError(f"{where}: target 'row' needs the task's row_target columns")
        if target is not None and target != ROW and target not in actors:
            raise FramingError(f"{where}: target {target!r} is not among the task's actors {sorted(actors)}")
        heads.append(Head(str(head_name), str(column), kind, labels, favg, target))
    return Task(
        name=str(name),
        heads=tuple(heads),
        text_column=conf.get("text_column", "text"),
        id_column=conf.get("id_column", "id"),
        group_column=conf.get("group_column"),
        source_column=conf.get("source_column"),
        actors=actors or None,
        ignore_phrases=_string_list(conf.get("ignore_phrases") or [], f"task '{name}', ignore_phrases"),
        row_target=row_target,
    )


def _row_target(conf: Any, name: str) -> RowTarget | None:
    if not conf:
        return None
    if not isinstance(conf, Mapping) or not isinstance(conf.get("text_column"), str):
        raise FramingError(f"task '{name}': row_target needs a text_column (and optionally span_columns: [from, to])")
    spans = conf.get("span_columns")
    if spans is not None:
        spans = _string_list(spans, f"task '{name}', row_target.span_columns")
        if len(spans) != 2:
            raise FramingError(f"task '{name}': row_target.span_columns must name two columns, start and end")
    return RowTarget(conf["text_column"], tuple(spans) if spans else None)
