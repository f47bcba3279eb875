"""The errors framing reports to users: each carries a message meant to be read as is."""

from __future__ import annotations

from dataclasses import dataclass


class FramingError(Exception):
    """An error whose message is complete enough to show a user without a traceback."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input row: where it is, which field, and what is wrong."""

    locator: str  # "data/train.jsonl:17" or "data/train.parquet: row 17"
    field: str | None
    message: str

    def __str__(self) -> str:
        if self.field is None:
            return f"{self.locator}: {self.message}"
        return f"{self.locator}: field '{self.field}': {self.message}"


class DataError(FramingError):
    """Input data that cannot be used; lists every problem found, not just the first."""

    MAX_SHOWN = 20

    def __init__(self, problems: list[Problem], hint: str = ""):
        self.problems = list(problems)
        shown = [str(p) for p in self.problems[: self.MAX_SHOWN]]
        more = len(self.problems) - len(shown)
        lines = [f"{len(self.problems)} problem(s) in the input data:"] + [f"  {s}" for s in shown]
        if more:
            lines.append(f"  ... and {more} more")
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines))


class ModelLoadError(FramingError):
    """A saved model that is missing, damaged, or was made by incompatible versions."""
