"""SemEval-2016 Task 6, subtask A, trained and scored through framing's own configs.

    python benchmarks/semeval2016.py [--data DIR] [--quick]

1. Converts the official files (read from ../shared/benchmarks/semeval2016_task6, or --data,
   or $FRAMING_BENCHMARKS/semeval2016_task6) to JSON Lines in benchmarks/.data/semeval2016/:
   train+trial tweets (the official training set, 2,914) split into train and a seeded,
   stratified 15% dev split; the 1,249 subtask-A test tweets as test.
2. Trains each candidate setting (experiment=semeval2016 with overrides) on train and picks
   the best by dev F_avg. The test file is not looked at for this.
3. Retrains the chosen setting on all 2,914 training tweets and scores the test tweets.
4. Prints "published vs ours" and writes benchmarks/results/semeval2016.json.

F_avg is the official metric: mean F1 of FAVOR and AGAINST over all test tweets pooled.
Exits 0 without doing anything (and says so) when the data is not there.
"""

from __future__ import annotations

import csv
import json
import logging
import random
import sys
from pathlib import Path

from common import ROOT, data_dir, finish, parser, run

CONVERTED = ROOT / "benchmarks" / ".data" / "semeval2016"
PUBLISHED = {
    "SVM word 1-3 + char 2-5 n-grams, one per target (organisers)": 68.98,
    "MITRE (best team)": 67.82,
    "TweetEval SVM": 67.3,
    "TweetEval BERTweet": 71.2,
}
# Candidate settings, each a list of overrides on top of experiment=semeval2016.
CANDIDATES = {
    "target blocks, C=3": ["model.C=3.0"],
    "target blocks, C=10": ["model.C=10.0"],
    "target blocks, C=1": ["model.C=1.0"],
    "pooled, no blocks, C=3": ["target_features=none"],
}
QUICK = ["target blocks, C=3"]


def read_official(path: Path, prefix: str) -> list[dict]:
    # The training file is not valid UTF-8 (stray bytes); latin-1 reads every byte.
    with path.open(encoding="latin-1", newline="") as handle:
        return [
            {"id": f"{prefix}-{row['ID']}", "text": row["Tweet"], "target": row["Target"], "stance": row["Stance"]}
            for row in csv.DictReader(handle, delimiter="\t")
        ]


def write_jsonl(path: Path, rows: list[dict]) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def convert(source: Path) -> dict[str, str]:
    training = read_official(source / "trainingdata-all-annotations.txt", "train") + read_official(
        source / "trialdata-all-annotations.txt", "trial"
    )
    test = read_official(source / "testdata-taskA-all-annotations.txt", "test")
    # Dev: 15% of each (target, stance) stratum, seeded.
    rng = random.Random(2016)
    strata: dict[tuple[str, str], list[dict]] = {}
    for row in training:
        strata.setdefault((row["target"], row["stance"]), []).append(row)
    dev_ids = set()
    for rows in strata.values():
        dev_ids.update(r["id"] for r in rng.sample(rows, round(0.15 * len(rows))))
    return {
        "all_train": write_jsonl(CONVERTED / "all_train.jsonl", training),
        "train": write_jsonl(CONVERTED / "train.jsonl", [r for r in training if r["id"] not in dev_ids]),
        "dev": write_jsonl(CONVERTED / "dev.jsonl", [r for r in training if r["id"] in dev_ids]),
        "test": write_jsonl(CONVERTED / "test.jsonl", test),
    }


def main(argv: list[str] | None = None) -> int:
    args = parser(__doc__, "folder with the official SemEval-2016 Task 6 files").parse_args(argv)
    source = data_dir("semeval2016_task6", args.data)
    if not (source / "testdata-taskA-all-annotations.txt").is_file():
        print(f"SemEval-2016 Task 6 data not found in {source}; skipping")
        return 0
    logging.basicConfig(level=logging.WARNING)
    files = convert(source)
    experiments = Path(args.experiments)
    data = [f"data.train={files['train']}", f"data.dev={files['dev']}", f"data.test={files['test']}"]
    dev_scores = {}
    for name in QUICK if args.quick else CANDIDATES:
        metrics = run("semeval2016", CANDIDATES[name] + data, experiments)
        dev_scores[name] = 100 * metrics["heads"]["stance"]["dev"]["f_avg"]
        print(f"  {name:20s} dev F_avg {dev_scores[name]:.2f}", flush=True)
    best = max(dev_scores, key=dev_scores.get)
    final = run("semeval2016", CANDIDATES[best] + [f"data.train={files['all_train']}", "~data.dev", f"data.test={files['test']}"], experiments)
    ours = 100 * final["heads"]["stance"]["test"]["f_avg"]
    result = {
        "benchmark": "SemEval-2016 Task 6, subtask A",
        "metric": "F_avg (mean F1 of FAVOR and AGAINST, all test tweets pooled), percent",
        "ours": round(ours, 2),
        "published": PUBLISHED,
        "selected": {"setting": best, "overrides": CANDIDATES[best], "on": "dev (15% of the training tweets)", "dev_f_avg": dev_scores},
        "train_size": final["data"]["splits"]["train"]["n"],
        "test_size": final["data"]["splits"]["test"]["n"],
        "fit_seconds": round(final["run"]["fit_seconds"], 1),
        "run": final["run"]["id"],
        "quick": bool(args.quick),
    }
    finish("semeval2016", result, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
