"""Saving and loading the trained model: one joblib file for all heads, plus a manifest.

The manifest (`model.json`) records what the model is (heads and label sets, the config it
was trained with, hashes of its training data) and what made it (framing, scikit-learn and
Python versions), and the sha256 of the joblib file. Loading checks the hash before
unpickling, so a damaged or swapped file is refused rather than half-loaded, and refuses a
model made by other versions, whose pickles can load and then predict wrongly.
"""

from __future__ import annotations

import hashlib
import io
import platform
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from framing import __version__
from framing.errors import ModelLoadError
from framing.runs import atomic_write_bytes, atomic_write_json, read_versioned_json

MODEL_FILE = "model.joblib"
MANIFEST_FILE = "model.json"
FORMAT = "framing-model"
FORMAT_VERSION = 1


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _versions() -> dict[str, str]:
    import sklearn

    return {
        "framing": __version__,
        "scikit-learn": sklearn.__version__,
        "python": platform.python_version(),
    }


def save_model(model: Any, folder: Path, config: dict[str, Any], training_data: dict[str, Any]) -> dict[str, Any]:
    import joblib

    folder = Path(folder)
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    data = buffer.getvalue()
    atomic_write_bytes(folder / MODEL_FILE, data)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "versions": _versions(),
        "heads": [dict(spec) for spec in model.heads_],
        "config": config,
        "training_data": training_data,
        "model_file": MODEL_FILE,
        "model_sha256": hashlib.sha256(data).hexdigest(),
    }
    atomic_write_json(folder / MANIFEST_FILE, manifest)
    return manifest


def _locate(path: Path) -> tuple[Path, Path]:
    """(model file, manifest) for a run folder, a model folder, a model file or a manifest."""
    path = Path(path)
    if path.is_dir():
        return path / MODEL_FILE, path / MANIFEST_FILE
    if path.suffix == ".json":
        return path.with_name(MODEL_FILE), path
    return path, path.with_name(MANIFEST_FILE)


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def load_model(path: Path, check_versions: bool = True) -> tuple[Any, dict[str, Any]]:
    """Load a saved model and its manifest, refusing anything that does not check out."""
    model_file, manifest_file = _locate(path)
    if not Path(path).exists():
        raise ModelLoadError(f"{path}: no such model file or run folder")
    if not manifest_file.is_file():
        raise ModelLoadError(f"{manifest_file}: manifest missing; a framing model is {MODEL_FILE} with {MANIFEST_FILE} beside it")
    manifest = read_versioned_json(
        manifest_file, ("format", FORMAT), ("format_version", FORMAT_VERSION), "model manifest", ModelLoadError
    )
    model_file = manifest_file.with_name(manifest.get("model_file", MODEL_FILE))
    if not model_file.is_file():
        raise ModelLoadError(f"{model_file}: model file missing (the manifest {manifest_file} names it)")
    actual = _sha256_file(model_file)
    if actual != manifest.get("model_sha256"):
        raise ModelLoadError(
            f"{model_file}: damaged or changed after it was saved (sha256 {actual[:12]}..., "
            f"manifest says {str(manifest.get('model_sha256'))[:12]}...); retrain or restore the file"
        )
    if check_versions:
        saved, here = manifest.get("versions", {}), _versions()
        mismatched = [
            f"{name} {saved.get(name)} (here {here[name]})"
            for name in ("framing", "scikit-learn")
            if saved.get(name) != here[name]
        ]
        if _minor(str(saved.get("python", ""))) != _minor(here["python"]):
            mismatched.append(f"Python {saved.get('python')} (here {here['python']})")
        if mismatched:
            raise ModelLoadError(
                f"{model_file}: saved with {', '.join(mismatched)}; a pickled model may load and then "
                "predict wrongly under other versions. Retrain, install the saved versions, or "
                "pass --ignore-version-mismatch to load it anyway"
            )
    import joblib

    try:
        model = joblib.load(model_file)
    except Exception as exc:  # unpickling can raise nearly anything on a bad file
        raise ModelLoadError(f"{model_file}: could not be loaded ({type(exc).__name__}: {exc})") from exc
    if getattr(model, "heads_", None) != manifest.get("heads"):
        raise ModelLoadError(f"{model_file}: the model's heads do not match its manifest {manifest_file}")
    return model, manifest
