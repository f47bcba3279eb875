"""Run folders and atomic files.

A run is built in a hidden `.incomplete-*` folder and renamed into place only when every
file is written, so a folder under `experiments/` is always a whole run; folder names carry
a timestamp and a random suffix, and the rename refuses to replace anything, so a run never
overwrites another run.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from framing.errors import FramingError

METRICS_FILE = "metrics.json"
# metrics.json says what it is and which layout it has; readers refuse other versions.
METRICS_SCHEMA = "framing-metrics"
METRICS_SCHEMA_VERSION = 1
INCOMPLETE_PREFIX = ".incomplete-"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates the file private (0600); give it the permissions a plain open would.
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def read_versioned_json(
    path: Path, marker: tuple[str, str], version: tuple[str, int], what: str, error: type[FramingError] = FramingError
) -> dict[str, Any]:
    """Read a JSON file that framing wrote, checking its kind (`marker`: key and value) and
    its format version, so that a damaged or foreign file is refused with a reason."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise error(f"{path}: damaged {what} ({exc})") from exc
    key, expected_kind = marker
    if not isinstance(data, dict) or data.get(key) != expected_kind:
        raise error(f"{path}: not a framing {what}")
    key, expected_version = version
    if data.get(key) != expected_version:
        raise error(f"{path}: {what} version {data.get(key)}; this framing reads version {expected_version}")
    return data


def write_output(text: str, path: str | None, stdout) -> None:
    """A CLI's result: to `path` atomically when given, else to stdout."""
    if path:
        atomic_write_text(Path(path), text)
    else:
        stdout.write(text)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "run"


def new_run_name(name: str, now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    return f"{now.strftime('%Y-%m-%d_%H-%M-%S')}_{_slug(name)}_{secrets.token_hex(3)}"


def start_run(experiments_dir: Path, name: str) -> tuple[Path, Path]:
    """Create the hidden working folder of a new run; return (working folder, final folder)."""
    experiments_dir = Path(experiments_dir)
    experiments_dir.mkdir(parents=True, exist_ok=True)
    while True:
        run_name = new_run_name(name)
        final = experiments_dir / run_name
        work = experiments_dir / f"{INCOMPLETE_PREFIX}{run_name}"
        if final.exists():
            continue
        try:
            work.mkdir()
        except FileExistsError:
            continue
        return work, final


def finish_run(work: Path, final: Path) -> Path:
    if final.exists():
        raise FramingError(f"{final} already exists; refusing to overwrite another run (this run is kept in {work})")
    os.rename(work, final)
    return final


def finished_runs(experiments_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(folder, metrics) of every finished run under `experiments_dir`, oldest first by the
    time each run recorded; a run whose metrics.json cannot be read sorts first, with {}."""
    experiments_dir = Path(experiments_dir)
    if not experiments_dir.is_dir():
        return []
    runs = []
    for child in experiments_dir.iterdir():
        if child.name.startswith(".") or not (child / METRICS_FILE).is_file():
            continue
        try:
            metrics = json.loads((child / METRICS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            metrics = {}
        runs.append((child, metrics if isinstance(metrics, dict) else {}))
    return sorted(runs, key=lambda run: (str(run[1].get("created", "")), run[0].name))


def find_runs(experiments_dir: Path) -> list[Path]:
    """Finished runs under `experiments_dir`, oldest first (by the time recorded in each run)."""
    return [run for run, _ in finished_runs(experiments_dir)]


def newest_run(experiments_dir: Path) -> Path:
    runs = find_runs(experiments_dir)
    if not runs:
        raise FramingError(
            f"no finished run under {Path(experiments_dir).resolve()}: run framing-train first, or pass --model"
        )
    return runs[-1]
