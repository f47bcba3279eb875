"""Training: `train(cfg) -> metrics` does the work; `main` only wires it to Hydra's CLI.

A run fits every head on the train split, evaluates on dev and test next to a majority-class
baseline, and writes a run folder under `paths.experiments_dir` holding the resolved config,
`metrics.json`, `report.md`, `predictions.jsonl` (test paragraphs with probabilities, for
paired comparisons later), `train.log` and the saved model.
"""

from __future__ import annotations

import json
import logging
import platform
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from framing import __version__
from framing.bundle import save_model
from framing.data import load_data
from framing.errors import FramingError
from framing.metrics import HEADLINE, evaluate_head, majority_label
from framing.model import MultiHeadClassifier
from framing.report import render_report
from framing.runs import METRICS_FILE, METRICS_SCHEMA, METRICS_SCHEMA_VERSION, atomic_write_json, atomic_write_text, finish_run, start_run
from framing.task import Task, task_from_config
from framing.validation import Record

log = logging.getLogger(__name__)

def build_model(conf: Mapping[str, Any], task: Task) -> MultiHeadClassifier:
    """The one place where configs become objects (`_target_` + instantiate)."""
    from hydra.utils import instantiate

    try:
        featurizer = instantiate(conf["features"], _convert_="all")
        classifier = instantiate(conf["model"], _convert_="all")
        target_conf = conf.get("target_features")
        target_featurizer = instantiate(target_conf, _convert_="all") if target_conf else None
    except Exception as exc:  # Hydra wraps import and argument errors in its own types
        raise FramingError(f"could not build the configured featurizer or model: {exc}") from exc
    heads = [{k: v for k, v in h.as_dict().items() if k in ("name", "kind", "labels", "target")} for h in task.heads]
    return MultiHeadClassifier(
        featurizer,
        classifier,
        heads=heads,
        threshold=conf["task"].get("threshold", 0.5),
        target_featurizer=target_featurizer,
        actor_aliases={actor: list(aliases) for actor, aliases in (task.actors or {}).items()} or None,
        ignore_phrases=list(task.ignore_phrases),
    )


def _evaluate(model: MultiHeadClassifier, task: Task, records: list[Record], baseline: dict[str, Any]):
    proba = model.predict_proba([r.model_input for r in records])
    predicted = model.labels_from_proba(proba)
    results = {}
    for head in task.heads:
        gold = [r.labels[head.name] for r in records]
        results[head.name] = {
            "model": evaluate_head(head, gold, predicted[head.name]),
            "baseline": evaluate_head(head, gold, [baseline[head.name]] * len(records)),
        }
    return results, proba, predicted


def _prediction_rows(task: Task, records: list[Record], proba, predicted) -> str:
    lines = []
    for i, record in enumerate(records):
        row = {
            "id": record.id,
            "source": record.source,
            "gold": {h.name: record.labels[h.name] for h in task.heads},
            "pred": {h.name: predicted[h.name][i] for h in task.heads},
            "proba": {
                h.name: {label: round(float(p), 6) for label, p in zip(h.labels, proba[h.name][i])} for h in task.heads
            },
            "text": record.text,
        }
        lines.append(json.dumps(row, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def _hydra_overrides() -> list[str]:
    try:
        from hydra.core.hydra_config import HydraConfig

        return list(HydraConfig.get().overrides.task)
    except (ImportError, ValueError):  # not running under Hydra's CLI (e.g. compose API in tests)
        return []


def train(cfg) -> dict[str, Any]:
    """Fit, evaluate and save one run described by a composed config; return its metrics."""
    from omegaconf import OmegaConf

    try:
        conf = OmegaConf.to_container(cfg, resolve=True, throw_on_missing=True)
    except Exception as exc:  # MissingMandatoryValue, interpolation errors
        raise FramingError(f"config is incomplete: {exc}") from exc
    seed = int(conf["seed"])
    np.random.seed(seed)  # for any configured component that draws from the global generator
    task = task_from_config(conf["task"])
    objective = _objective_spec(conf)
    data = load_data(conf["data"], task, seed)
    splits = data.splits
    experiments_dir = Path(conf["paths"]["experiments_dir"])
    fingerprint = run_fingerprint(conf, data.info)
    if conf.get("resume"):
        done = find_finished_run(experiments_dir, fingerprint)
        if done is not None:
            run_dir, metrics = done
            log.info("resume: an identical run is already finished, %s; not training again", run_dir)
            metrics["run_dir"] = str(run_dir)
            metrics["resumed"] = True
            return metrics

    work, final = start_run(experiments_dir, str(conf.get("name") or "run"))
    handler = logging.FileHandler(work / "train.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    package_log = logging.getLogger("framing")
    package_log.addHandler(handler)
    previous_level = package_log.level
    package_log.setLevel(min(previous_level or logging.INFO, logging.INFO))
    try:
        log.info("data: %s", {name: len(records) for name, records in splits.items()})
        model = build_model(conf, task)
        train_records = splits["train"]
        targets = {h.name: [r.labels[h.name] for r in train_records] for h in task.heads}
        started = time.perf_counter()
        try:
            model.fit([r.model_input for r in train_records], targets)
        except ValueError as exc:
            raise FramingError(f"training failed: {exc}") from exc
        fit_seconds = time.perf_counter() - started
        log.info("fitted %d heads on %d paragraphs in %.2f s", len(task.heads), len(train_records), fit_seconds)

        baseline = {h.name: majority_label(h, targets[h.name]) for h in task.heads}
        evaluated = {name: _evaluate(model, task, splits[name], baseline) for name in ("dev", "test") if splits[name]}
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        heads: dict[str, Any] = {}
        for head in task.heads:
            heads[head.name] = {
                "kind": head.kind,
                "labels": list(head.labels),
                "headline": [m for m in HEADLINE[head.kind] if m in evaluated["test"][0][head.name]["model"]],
                "test": evaluated["test"][0][head.name]["model"],
                "dev": evaluated["dev"][0][head.name]["model"] if "dev" in evaluated else None,
                "baseline": {
                    "name": "majority",
                    "label": baseline[head.name],
                    "test": evaluated["test"][0][head.name]["baseline"],
                    "dev": evaluated["dev"][0][head.name]["baseline"] if "dev" in evaluated else None,
                },
            }
        versions = {"framing": __version__, "scikit-learn": _sklearn_version(), "python": platform.python_version()}
        metrics = {
            "schema": METRICS_SCHEMA,
            "schema_version": METRICS_SCHEMA_VERSION,
            "created": created,
            "run": {
                "id": final.name,
                "name": conf.get("name"),
                "seed": seed,
                "fit_seconds": fit_seconds,
                "versions": versions,
                "fingerprint": fingerprint,
            },
            "objective": _objective_value(objective, heads),
            "overrides": _hydra_overrides(),
            "task": {"name": task.name, "heads": [h.as_dict() for h in task.heads]},
            "data": data.info,
            "heads": heads,
        }
        atomic_write_text(work / "config.yaml", OmegaConf.to_yaml(OmegaConf.create(conf)))
        _, test_proba, test_pred = evaluated["test"]
        atomic_write_text(work / "predictions.jsonl", _prediction_rows(task, splits["test"], test_proba, test_pred))
        save_model(model, work, config=conf, training_data=data.info["splits"])
        atomic_write_text(work / "report.md", render_report(metrics))
        atomic_write_json(work / METRICS_FILE, metrics)
        for head in task.heads:
            test, base = heads[head.name]["test"], heads[head.name]["baseline"]["test"]
            key = HEADLINE[head.kind][0]
            log.info("%s: test %s %.3f (majority %.3f)", head.name, key, test[key], base[key])
    except BaseException:
        # A failed run leaves nothing behind that could be mistaken for a run; what went
        # wrong has been logged and is raised to the caller.
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        package_log.removeHandler(handler)
        package_log.setLevel(previous_level)
        handler.close()
    run_dir = finish_run(work, final)
    log.info("run written to %s", run_dir)
    metrics["run_dir"] = str(run_dir)
    return metrics


# Keys that name or place a run without changing what it computes.
NOT_IN_FINGERPRINT = ("name", "paths", "resume")


def run_fingerprint(conf: Mapping[str, Any], data_info: Mapping[str, Any]) -> str:
    """What makes two runs the same computation: the resolved config (less names and paths),
    the content of the data, and the versions that compute it."""
    import hashlib

    payload = {
        "config": {k: v for k, v in conf.items() if k not in NOT_IN_FINGERPRINT},
        "data": {name: split["sha256"] for name, split in data_info["splits"].items()},
        "versions": {"framing": __version__, "scikit-learn": _sklearn_version()},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def find_finished_run(experiments_dir: Path, fingerprint: str) -> tuple[Path, dict[str, Any]] | None:
    """The newest finished run with this fingerprint, and its metrics."""
    from framing.runs import finished_runs

    for run, metrics in reversed(finished_runs(experiments_dir)):
        if metrics.get("run", {}).get("fingerprint") == fingerprint:
            return run, metrics
    return None


def _objective_spec(conf: Mapping[str, Any]) -> dict[str, Any]:
    """What a sweep maximises: a metric averaged over heads on the dev split. Test is refused:
    selecting on test turns the test score into a training score."""
    spec = dict(conf.get("objective") or {"split": "dev", "metric": "macro_f1"})
    if spec.get("split") != "dev":
        raise FramingError(f"objective.split must be 'dev' (model selection never looks at test), got {spec.get('split')!r}")
    return spec


def _objective_value(spec: Mapping[str, Any], heads: Mapping[str, Any]) -> dict[str, Any]:
    values = [head["dev"][spec["metric"]] for head in heads.values() if head.get("dev") and spec["metric"] in head["dev"]]
    value = float(np.mean(values)) if values else None
    return {"split": spec["split"], "metric": spec["metric"], "heads": len(values), "value": value}


def _sklearn_version() -> str:
    import sklearn

    return sklearn.__version__


def _hydra_app(cfg) -> float | None:
    try:
        metrics = train(cfg)
    except FramingError as exc:
        print(f"framing-train: error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    # Hydra hands the return value to sweepers (Optuna maximises it): the dev objective.
    value = metrics["objective"]["value"]
    if value is None:
        log.warning("no dev split: the run has no objective value for a sweeper to optimise")
    return value


def main() -> None:
    import hydra

    conf_dir = str(Path(__file__).resolve().parent.parent / "conf")
    hydra.main(version_base="1.3", config_path=conf_dir, config_name="train")(_hydra_app)()


if __name__ == "__main__":
    main()
