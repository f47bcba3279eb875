"""Tiny labelled data made by the tests: short synthetic paragraphs whose labels follow
from the phrases they are built from, so a model can learn them from a few dozen rows."""

from __future__ import annotations

import json
import random
from pathlib import Path

STANCE_PHRASES = {
    "beijing": {
        "pro": "Beijing earned praise for a calm and generous offer",
        "anti": "Beijing was condemned for reckless intimidation",
        "neutral": "Beijing held its regular briefing",
    },
    "taipei": {
        "pro": "Taipei won admiration for steady leadership",
        "anti": "Taipei was blamed for stoking needless tension",
        "neutral": "Taipei released a schedule of meetings",
    },
    "washington": {
        "pro": "Washington was thanked warmly for its support",
        "anti": "Washington was accused of hypocrisy and meddling",
        "neutral": "Washington issued a short notice",
    },
}
FRAME_PHRASES = {
    "Economic": "exporters counted the cost of tariffs on trade",
    "Security_and_defense": "warships and missiles raised fears of a military clash",
    "Health_and_safety": "hospitals warned about a virus outbreak",
    "Political": "party leaders fought over the coming election",
}
FILLER = "today, on Monday, late on Friday, this week, in a statement, according to reporters, overnight".split(", ")
STANCES = ["pro", "anti", "neutral", "absent"]


def make_records(n: int, seed: int, prefix: str) -> list[dict]:
    rng = random.Random(seed)
    records = []
    frames = list(FRAME_PHRASES)
    for i in range(n):
        labels = {actor: STANCES[(i + k + seed) % 4] for k, actor in enumerate(STANCE_PHRASES)}
        chosen = rng.sample(frames, rng.choice([1, 1, 2]))
        parts = [STANCE_PHRASES[a][s] for a, s in labels.items() if s != "absent"]
        parts += [FRAME_PHRASES[f] for f in chosen]
        rng.shuffle(parts)
        text = f"{rng.choice(FILLER).capitalize()}, " + "; ".join(parts) + f" ({prefix} item {i})."
        records.append(
            {
                "id": f"{prefix}-{i}",
                "text": text,
                "stance_beijing": labels["beijing"],
                "stance_taipei": labels["taipei"],
                "stance_washington": labels["washington"],
                "frames": chosen,
                "doc_id": f"{prefix}-doc{i // 2}",
                "source": rng.choice(["wire_report", "prc_state_media", "us_congress"]),
            }
        )
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def write_splits(folder: Path, n_train: int = 48, n_dev: int = 16, n_test: int = 16) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "train": write_jsonl(folder / "train.jsonl", make_records(n_train, 1, "tr")),
        "dev": write_jsonl(folder / "dev.jsonl", make_records(n_dev, 2, "dv")),
        "test": write_jsonl(folder / "test.jsonl", make_records(n_test, 3, "te")),
    }
