from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONF_DIR = ROOT / "conf"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tiny import write_splits  # noqa: E402


@pytest.fixture
def tiny_splits(tmp_path: Path) -> dict[str, Path]:
    return write_splits(tmp_path / "data")


@pytest.fixture
def compose():
    """Compose the training config as framing-train would, with overrides."""
    from hydra import compose as hydra_compose
    from hydra import initialize_config_dir

    def _compose(overrides=(), return_hydra_config=False):
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
            return hydra_compose("train", overrides=list(overrides), return_hydra_config=return_hydra_config)

    return _compose


@pytest.fixture
def tiny_overrides(tiny_splits, tmp_path):
    return [
        f"data.train={tiny_splits['train']}",
        f"data.dev={tiny_splits['dev']}",
        f"data.test={tiny_splits['test']}",
        f"paths.experiments_dir={tmp_path / 'experiments'}",
    ]


@pytest.fixture
def trained_run(compose, tiny_overrides):
    """A finished run on tiny data: (run folder, metrics)."""
    from framing.train import train

    metrics = train(compose(tiny_overrides))
    return Path(metrics["run_dir"]), metrics
