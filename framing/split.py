"""Splitting one labelled file into train, dev and test: seeded, stratified, grouped by article.

Paragraphs of one article share wording and often labels; letting them straddle train and
test would reward memorising the article. Groups (`doc_id`) therefore stay on one side, and
within that constraint scikit-learn's StratifiedGroupKFold keeps the label mix of a chosen
head similar across the parts.
"""

from __future__ import annotations

import warnings

from framing.errors import FramingError
from framing.validation import Record


def _one_fold(records: list[Record], fraction: float, seed: int, stratify_head: str | None) -> tuple[list[Record], list[Record]]:
    """Split off about `fraction` of the records (whole groups only); returns (rest, part)."""
    from sklearn.model_selection import StratifiedGroupKFold

    n_splits = max(2, round(1.0 / fraction))
    groups = [r.group for r in records]
    if len(set(groups)) < n_splits:
        raise FramingError(
            f"cannot split off {fraction:.0%}: only {len(set(groups))} article group(s) (doc_id) among "
            f"{len(records)} records, and groups are never divided"
        )
    if stratify_head is None:
        strata = ["all"] * len(records)
    else:
        strata = []
        for r in records:
            value = r.labels[stratify_head]
            strata.append(value[0] if isinstance(value, list) else value)
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        # A rare class with fewer members than folds is expected in small corpora; the
        # split is still valid, only less evenly stratified.
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        rest_index, part_index = next(splitter.split(records, strata, groups))
    return [records[i] for i in rest_index], [records[i] for i in part_index]


def split_records(
    records: list[Record], dev_fraction: float, test_fraction: float, seed: int, stratify_head: str | None
) -> dict[str, list[Record]]:
    """Return {"train", "dev", "test"}; fractions are met as closely as whole folds allow."""
    if not 0 < test_fraction < 1:
        raise FramingError(f"data.split.test_fraction must be between 0 and 1, got {test_fraction}")
    if not 0 <= dev_fraction < 1 or dev_fraction + test_fraction >= 1:
        raise FramingError(
            f"data.split.dev_fraction must be in [0, 1) and leave room for training, got {dev_fraction}"
        )
    rest, test = _one_fold(records, test_fraction, seed, stratify_head)
    dev: list[Record] = []
    if dev_fraction > 0:
        rest, dev = _one_fold(rest, dev_fraction / (1.0 - test_fraction), seed + 1, stratify_head)
    return {"train": rest, "dev": dev, "test": test}
