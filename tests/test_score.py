"""framing-score through main(argv): every input kind, bad rows, formats, and import cost."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from framing.score import EXIT_ERROR, EXIT_OK, EXIT_SKIPPED, main, split_paragraphs

HEADS = ["stance_beijing", "stance_taipei", "stance_washington", "frames"]


class FakeStdin(io.StringIO):
    def __init__(self, text="", tty=False):
        super().__init__(text)
        self._tty = tty

    def isatty(self):
        return self._tty


def run(argv, stdin_text="", tty=False):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=FakeStdin(stdin_text, tty), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_text_argument_prints_a_table_with_four_heads(trained_run):
    run_dir, _ = trained_run
    code, out, err = run(["--model", str(run_dir), "Beijing condemned the arms sale."])
    assert code == EXIT_OK, err
    header, rule, row = out.splitlines()
    assert header.split() == ["id"] + HEADS
    assert row.startswith("p1 ")


def test_jsonl_output_schema(trained_run):
    run_dir, _ = trained_run
    code, out, _ = run(["--model", str(run_dir), "--format", "jsonl", "Washington was thanked warmly.", "Markets fell."])
    assert code == EXIT_OK
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["p1", "p2"]
    row = rows[0]
    assert set(row) == {"id", "proba", *HEADS}
    assert row["stance_washington"] in {"pro", "anti", "neutral", "absent"}
    assert isinstance(row["frames"], list) and row["frames"]
    assert set(row["proba"]) == set(HEADS)
    assert list(row["proba"]["stance_beijing"]) == ["pro", "anti", "neutral", "absent"]
    assert sum(row["proba"]["stance_beijing"].values()) == pytest.approx(1.0, abs=1e-3)
    assert len(row["proba"]["frames"]) == 15


def test_default_model_is_the_newest_run(compose, tiny_overrides, tmp_path):
    from framing.train import train

    train(compose(tiny_overrides))
    newest = train(compose(tiny_overrides + ["name=newer"]))
    experiments = str(tmp_path / "experiments")
    code, out, err = run(["--experiments", experiments, "--format", "jsonl", "x"])
    assert code == EXIT_OK, err
    from framing.runs import newest_run

    assert str(newest_run(tmp_path / "experiments")) == newest["run_dir"]


def test_no_run_yet_is_a_clear_error(tmp_path):
    code, _, err = run(["--experiments", str(tmp_path / "none"), "text"])
    assert code == EXIT_ERROR and "run framing-train first, or pass --model" in err


def test_plain_text_article_is_split_into_paragraphs(trained_run, tmp_path):
    run_dir, _ = trained_run
    article = tmp_path / "article.txt"
    article.write_text("First paragraph about Beijing\nwrapped over two lines.\n\nSecond one.\n\n\nThird.\n")
    code, out, _ = run(["--model", str(run_dir), "--format", "jsonl", "--input", str(article)])
    assert code == EXIT_OK
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["article.txt#p1", "article.txt#p2", "article.txt#p3"]


def test_paragraph_splitting_rules():
    assert split_paragraphs("a\nb\n\nc") == ["a b", "c"]
    assert split_paragraphs("one\ntwo\r\nthree\n") == ["one", "two", "three"]  # no blank line: one per line
    assert split_paragraphs("  \n\n ") == []


def test_stdin_is_read_when_no_text_is_given(trained_run):
    run_dir, _ = trained_run
    code, out, _ = run(["--model", str(run_dir), "--format", "jsonl"], stdin_text="Para one.\n\nPara two.\n")
    assert code == EXIT_OK and len(out.splitlines()) == 2


def test_nothing_to_score_on_a_terminal(trained_run):
    run_dir, _ = trained_run
    code, _, err = run(["--model", str(run_dir)], tty=True)
    assert code == EXIT_ERROR and "nothing to score" in err


def test_jsonl_input_with_bad_rows_scores_the_good_ones_and_reports_the_bad(trained_run, tmp_path):
    run_dir, _ = trained_run
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Beijing earned praise."}),
        "{broken",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": "   "}),
        "",
        json.dumps({"text": "No id here."}),
        json.dumps({"id": "a", "text": "Same id again."}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "d", "text": 7}),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "e", "text": "\xff"}\n')
    code, out, err = run(["--model", str(run_dir), "--format", "jsonl", "--input", str(path)])
    assert code == EXIT_SKIPPED
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "6"]  # missing id -> line number
    for expected in (
        "in.jsonl:2: invalid JSON",
        "in.jsonl:3: field 'text': missing",
        "in.jsonl:4: field 'text': empty",
        "in.jsonl:7: field 'id': duplicate id 'a' (first at ",
        "in.jsonl:8: expected a JSON object, got list",
        "in.jsonl:9: field 'text': expected a string, got int",
        "in.jsonl:10: not valid UTF-8",
        "scored 2 paragraph(s), skipped 7 bad row(s)",
    ):
        assert expected in err


def test_all_rows_bad_is_an_error(trained_run, tmp_path):
    run_dir, _ = trained_run
    path = tmp_path / "in.jsonl"
    path.write_text("{broken\n")
    code, out, err = run(["--model", str(run_dir), "--input", str(path)])
    assert code == EXIT_ERROR and "in.jsonl:1: invalid JSON" in err and "no usable paragraph" in err


def test_output_file_is_written(trained_run, tmp_path):
    run_dir, _ = trained_run
    target = tmp_path / "out" / "scores.jsonl"
    code, out, _ = run(["--model", str(run_dir), "--format", "jsonl", "--output", str(target), "Some text."])
    assert code == EXIT_OK and out == ""
    assert json.loads(target.read_text())["id"] == "p1"
    assert [p.name for p in target.parent.iterdir()] == ["scores.jsonl"]  # no temporary file left


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--input", "missing.txt"], "missing.txt: no such file"),
        (["--model", "no/such/run", "text"], "no such model file or run folder"),
        (["--input", "x.txt", "text"], "either TEXT arguments or --input"),
    ],
)
def test_usage_errors(argv, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text("hello")
    code, _, err = run(argv)
    assert code == EXIT_ERROR and message in err


def test_damaged_model_is_reported_not_raised(trained_run):
    run_dir, _ = trained_run
    model_file = run_dir / "model.joblib"
    model_file.write_bytes(model_file.read_bytes()[:-10])
    code, _, err = run(["--model", str(run_dir), "text"])
    assert code == EXIT_ERROR and "damaged or changed" in err


def test_scoring_imports_neither_hydra_nor_datasets(trained_run):
    run_dir, _ = trained_run
    code = (
        "import sys\n"
        "from framing.score import main\n"
        f"rc = main(['--model', {str(run_dir)!r}, 'Beijing condemned the arms sale.'])\n"
        "heavy = [m for m in ('hydra', 'omegaconf', 'datasets') if m in sys.modules]\n"
        "assert rc == 0 and not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def row_target_run(compose, tmp_path):
    """A run on tiny SemEval-shaped data: the target is a column of each row."""
    from framing.train import train

    from tiny import write_jsonl

    def rows(n, prefix):
        out = []
        for i in range(n):
            target = ["Atheism", "Feminist Movement"][i % 2]
            stance = ["FAVOR", "AGAINST", "NONE"][i % 3]
            word = {"FAVOR": "love", "AGAINST": "hate", "NONE": "weather"}[stance]
            out.append({"id": f"{prefix}{i}", "text": f"I {word} this, says person {prefix}{i}", "target": target, "stance": stance})
        return out

    files = {name: write_jsonl(tmp_path / f"{name}.jsonl", rows(n, name[:2])) for name, n in (("train", 30), ("dev", 9), ("test", 9))}
    overrides = [f"data.{name}={path}" for name, path in files.items()] + [
        "task=semeval2016",
        "target_features=target_blocks",
        f"paths.experiments_dir={tmp_path / 'exp'}",
    ]
    return Path(train(compose(overrides))["run_dir"])


def test_row_target_model_scores_jsonl_with_targets(row_target_run, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": "I love this", "target": "Atheism"}) + "\n" + json.dumps({"id": "b", "text": "I hate this"}) + "\n"
    )
    code, out, err = run(["--model", str(row_target_run), "--format", "jsonl", "--input", str(path)])
    assert code == EXIT_SKIPPED
    assert [json.loads(line)["stance"] for line in out.splitlines()] == ["FAVOR"]
    assert "in.jsonl:2: field 'target': missing" in err


def test_row_target_model_refuses_plain_text(row_target_run):
    code, _, err = run(["--model", str(row_target_run), "I love this"])
    assert code == EXIT_ERROR and "reads a target per paragraph" in err and "'target'" in err
