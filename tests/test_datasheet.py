"""The datasheet generator: kappa on a case worked by hand, and the marker handling."""

from __future__ import annotations

import pytest

from framing.datasheet import BEGIN, END, kappa_figures, replace_section
from framing.task import task_from_config

TASK = task_from_config(
    {
        "name": "t",
        "heads": {
            "stance_beijing": {"labels": ["pro", "anti", "neutral", "absent"]},
            "frames": {"kind": "multi", "labels": ["Economic", "Political", "Other"]},
        },
    }
)


def _item(first_stance, second_stance, first_frames, second_frames):
    return {
        "first": {"stance_beijing": first_stance, "frames": first_frames},
        "second": {"stance_beijing": second_stance, "frames": second_frames},
    }


def test_kappa_by_hand():
    coded = [
        _item("pro", "pro", ["Economic"], ["Economic"]),
        _item("pro", "anti", ["Economic", "Political"], ["Political"]),
        _item("anti", "anti", ["Political"], ["Political", "Economic"]),
        _item("anti", "anti", ["Political"], ["Political"]),
    ]
    rows = {row[0]: row for row in kappa_figures(coded, TASK)}
    # observed 3/4; chance 0.5 * 0.25 + 0.5 * 0.75 = 0.5; kappa = (0.75 - 0.5) / 0.5
    assert rows["stance_beijing"][1:] == [4, "0.750", "0.500"]
    # primary frames: E,E,P,P vs E,P,P,P -> the same table as above
    assert rows["frames (primary)"][1:] == [4, "0.750", "0.500"]
    # Jaccard per item: 1, 1/2, 1/2, 1 -> 0.75; per-frame kappa: Economic 0, Political 1 (Other unused)
    mean_row = rows["frames (each frame, yes/no; mean over frames)"]
    assert mean_row[2] == "Jaccard 0.750" and mean_row[3] == "0.500"


def test_replace_section_keeps_the_rest():
    document = f"intro\n{BEGIN}\nold figures\n{END}\noutro\n"
    assert replace_section(document, "new\n") == f"intro\n{BEGIN}\n\nnew\n\n{END}\noutro\n"
    with pytest.raises(SystemExit):
        replace_section("no markers", "x")
