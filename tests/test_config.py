"""Every config file composes, instantiates, and takes the overrides the README shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from hydra.utils import instantiate
from omegaconf import OmegaConf
from sklearn.base import clone

from framing.task import task_from_config
from framing.train import build_model

from conftest import CONF_DIR

GROUP_FILES = sorted(p for p in CONF_DIR.glob("*/*.yaml"))
# Options that need a required value filled in before they resolve.
REQUIRED = {("data", "single_file"): ["data.file=some.jsonl"]}


def _override(path: Path) -> list[str]:
    group, option = path.parent.name, path.stem
    if group == "hydra":
        return [f"hydra={option}"]
    return [f"{group}={option}"] + REQUIRED.get((group, option), [])


def test_every_group_has_config_files():
    groups = {p.parent.name for p in GROUP_FILES}
    assert {"data", "task", "features", "model", "experiment", "hydra"} <= groups


@pytest.mark.parametrize("path", GROUP_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_config_file_composes_and_resolves(compose, path):
    if path.parent.name == "hydra":
        cfg = compose(_override(path), return_hydra_config=True)
        assert cfg.hydra.output_subdir is None and cfg.hydra.job.chdir is False
        assert cfg.hydra.run.dir == "."  # framing-train makes its own run folders
        assert cfg.hydra.job_logging.handlers.console["class"] == "logging.StreamHandler"
        return
    resolved = OmegaConf.to_container(compose(_override(path)), resolve=True, throw_on_missing=True)
    task = task_from_config(resolved["task"])
    model = build_model(resolved, task)
    # What config builds must be a real estimator: clone keeps every parameter.
    assert clone(model).get_params(deep=False).keys() == model.get_params(deep=False).keys()


@pytest.mark.parametrize("path", sorted(CONF_DIR.glob("features/*.yaml")), ids=lambda p: p.name)
def test_every_featurizer_config_fits(compose, path):
    cfg = compose([f"features={path.stem}"])
    featurizer = instantiate(cfg.features, _convert_="all")
    matrix = featurizer.fit_transform(["Beijing condemned the sale.", "Taipei welcomed the visit.", "Markets fell."])
    assert matrix.shape[0] == 3 and matrix.shape[1] > 0


@pytest.mark.parametrize("path", sorted(CONF_DIR.glob("experiment/*.yaml")), ids=lambda p: p.name)
def test_experiment_files_are_global_packages(path):
    assert path.read_text(encoding="utf-8").startswith("# @package _global_")


def test_overrides_reach_the_model(compose):
    cfg = compose(["seed=3", "model.C=0.3"])
    resolved = OmegaConf.to_container(cfg, resolve=True)
    model = build_model(resolved, task_from_config(resolved["task"]))
    assert model.classifier.C == 0.3
    assert model.classifier.random_state == 3


def test_no_omegaconf_objects_inside_the_model(compose):
    resolved = OmegaConf.to_container(compose(), resolve=True)
    model = build_model(resolved, task_from_config(resolved["task"]))
    for value in list(model.featurizer.get_params().values()) + list(model.classifier.get_params().values()):
        assert "omegaconf" not in type(value).__module__


def test_task_heads_come_from_config(compose):
    task = task_from_config(OmegaConf.to_container(compose(), resolve=True)["task"])
    assert task.head_names == ["stance_beijing", "stance_taipei", "stance_washington", "frames"]
    assert task.head("stance_taipei").labels == ("pro", "anti", "neutral", "absent")
    frames = task.head("frames")
    assert frames.kind == "multi" and len(frames.labels) == 15 and frames.labels[-1] == "Other"


def test_an_actor_is_added_by_config_alone(compose):
    cfg = compose(["+task.heads.stance_tokyo={column: stance_tokyo, kind: single, labels: ${task.stance_labels}}"])
    task = task_from_config(OmegaConf.to_container(cfg, resolve=True)["task"])
    assert task.head("stance_tokyo").labels == ("pro", "anti", "neutral", "absent")


def test_required_value_is_reported(compose):
    from framing.errors import FramingError
    from framing.train import train

    with pytest.raises(FramingError, match="data.file"):
        train(compose(["data=single_file"]))


@pytest.mark.parametrize(
    "heads, message",
    [
        ({}, "'heads' must map"),
        ({"h": {"labels": ["a"]}}, "at least two labels"),
        ({"h": {"labels": "a b"}}, "expected a list of strings"),
        ({"h": {"labels": ["a", "a"]}}, "labels repeat"),
        ({"h": {"labels": ["a", "b"], "kind": "ordinal"}}, "kind must be"),
        ({"h": {"labels": ["a", "b"], "favg_labels": ["c"]}}, "favg_labels"),
        ({"h": {"labels": ["a", "b"]}, "g": {"column": "h", "labels": ["a", "b"]}}, "used by two heads"),
    ],
)
def test_bad_task_configs_are_refused(heads, message):
    from framing.errors import FramingError

    with pytest.raises(FramingError, match=message):
        task_from_config({"name": "t", "heads": heads})


COMPONENT_FILES = sorted(
    p for group in ("features", "model", "target_features") for p in CONF_DIR.glob(f"{group}/*.yaml") if p.stem != "none"
)


@pytest.mark.parametrize("path", COMPONENT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_component_fits_on_tiny_data_clones_and_pickles(compose, path):
    """Each featurizer, classifier and target featurizer config, inside the full model."""
    import pickle

    import numpy as np

    from tiny import make_records

    overrides = [f"{path.parent.name}={path.stem}"]
    if path.parent.name == "features":
        overrides.append("target_features=context_window")  # the shared and the per-head blocks together
    resolved = OmegaConf.to_container(compose(overrides), resolve=True)
    task = task_from_config(resolved["task"])
    model = build_model(resolved, task)
    records = make_records(60, 5, "cfg")
    texts = [r["text"] for r in records]
    model.fit(texts, {h.name: [r[h.column] for r in records] for h in task.heads})
    fitted = pickle.loads(pickle.dumps(model))
    expected = model.predict_proba(texts[:5])
    for head, proba in fitted.predict_proba(texts[:5]).items():
        np.testing.assert_allclose(proba, expected[head])
    accuracy = np.mean([p == r["stance_taipei"] for p, r in zip(model.predict(texts)["stance_taipei"], records)])
    assert accuracy > 0.5, accuracy  # learnable tiny data: every component must learn something
    refit = clone(model).fit(texts, {h.name: [r[h.column] for r in records] for h in task.heads})
    assert refit.predict(texts[:3]) == model.predict(texts[:3])


@pytest.mark.parametrize("launcher", sorted(p.stem for p in CONF_DIR.glob("hydra/launcher/*.yaml")))
def test_launcher_configs_compose(compose, launcher):
    cfg = compose([f"hydra/launcher={launcher}"], return_hydra_config=True)
    target = cfg.hydra.launcher._target_
    assert {"local_parallel": "JoblibLauncher", "slurm": "SlurmLauncher"}[launcher] in target
    if launcher == "slurm":
        assert cfg.hydra.launcher.timeout_min == 30 and cfg.hydra.launcher.cpus_per_task == 2
        assert cfg.hydra.launcher.submitit_folder == "experiments/.submitit/%j"  # under paths.experiments_dir


def test_optuna_search_selects_on_dev(compose):
    cfg = compose(["hparams_search=optuna"], return_hydra_config=True)
    assert "OptunaSweeper" in cfg.hydra.sweeper._target_
    assert cfg.hydra.sweeper.direction == "maximize"
    assert cfg.objective.split == "dev" and cfg.resume is True
    assert "model.C" in cfg.hydra.sweeper.params
