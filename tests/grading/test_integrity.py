"""The integrity scan flags suspicious learner code for the trainer and leaves honest code alone."""

from __future__ import annotations

import nbformat
import pytest
from hostile import RUNAWAY, with_answer_cell
from mini_assignment import MINI, mini_source
from nbformat.v4 import new_code_cell, new_notebook

from promtour.grading import synthetic
from promtour.grading.integrity import KINDS, Flag, scan


def _kinds(*sources: str) -> set[str]:
    return {f.kind for f in scan(new_notebook(cells=[new_code_cell(s) for s in sources]))}


@pytest.mark.parametrize(
    "kind, source",
    [
        ("builtins", "import builtins\nbuiltins.print = lambda *a: None"),
        ("builtins", "__builtins__['open'] = None"),
        ("builtins", "AssertionError = ValueError"),
        ("gradetools", "import promtour.gradetools as g\ng.expect_number = lambda *a, **k: None"),
        ("gradetools", "from promtour import gradetools\nsetattr(gradetools, 'expect_equal', print)"),
        ("gradetools", "def expect_number(*args, **kwargs):\n    pass"),
        ("gradetools", "expect_equal = lambda *a, **k: None"),
        ("gradetools", "import promtour.compare\npromtour.compare.number = lambda *a, **k: None"),
        ("files", "open('/work/main/solutions/m01-strategy/assignment.ipynb').read()"),
        ("files", "import pandas as pd\npd.read_csv('../../../../solutions/x.csv')"),
        ("files", "from pathlib import Path\n(Path.cwd() / '..' / '..').iterdir()"),
        ("files", "open(f'/home/{user}/notes.txt')"),
        ("answers", "from promtour.course.m01 import exercises"),
        ("answers", "import promtour.course.m02.exercises as ex"),
        ("answers", "from promtour import course"),
        ("answers", "import importlib\nimportlib.import_module('promtour.course.m03')"),
        ("processes", "import subprocess\nsubprocess.run(['cat', 'x'])"),
        ("processes", "import os\nos.system('ls /')"),
        ("processes", "import os\nos.fork()"),
        ("processes", "!cat ../../../../solutions/*/*.ipynb"),
        ("processes", "%%bash\nls /"),
        ("hooks", "get_ipython().events.register('pre_run_cell', lambda info: print(info.raw_cell))"),
        ("hooks", "import sys\nsys.settrace(lambda *a: None)"),
        ("network", "import urllib.request\nurllib.request.urlopen('http://example.org')"),
    ],
)
def test_suspicious_code_is_flagged(kind, source):
    assert kind in _kinds(source)


def test_flags_say_where_and_why_in_russian():
    nb = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("y = 2\nimport subprocess")])
    nb.cells[1].metadata["nbgrader"] = {"grade_id": "task1", "solution": True, "grade": False, "locked": False}
    (flag,) = scan(nb)
    assert isinstance(flag, Flag)
    assert (flag.kind, flag.cell, flag.grade_id, flag.line, flag.code) == (
        "processes",
        1,
        "task1",
        2,
        "import subprocess",
    )
    assert "процесс" in flag.reason and "ячейка 1 (task1), строка 2" in str(flag)
    assert set(KINDS) >= {"builtins", "gradetools", "files", "answers", "processes"}


@pytest.mark.parametrize(
    "source",
    [
        "expected = 5\ntotal = sum([1, 2])\nresult = round(total / expected, 2)",
        "import pandas as pd\ndf = pd.read_csv('my_data.csv')\nopen('notes/answer.txt').read()",
        "def double(x):\n    return 2 * x",
        "import math, numpy as np\nfrom promtour.datasets import load\nregions = load('regions')",
        "from promtour.gradetools import expect_number\nexpect_number(double(2), 4, 'double(2)')",
        "url = 'https://example.org/a/../b'\nprint(url)",
        "%matplotlib inline\nimport matplotlib.pyplot as plt",
    ],
)
def test_honest_code_is_not_flagged(source):
    assert _kinds(source) == set()


def test_instructor_cells_are_not_scanned_and_a_solution_is_clean():
    """Locked and test cells come back from the gradebook anyway; the reference solution raises nothing."""
    source = mini_source()
    assert scan(source) == []
    nb = new_notebook(cells=[new_code_cell("import subprocess")])
    nb.cells[0].metadata["nbgrader"] = {"grade_id": "setup", "locked": True, "solution": False, "grade": False}
    assert scan(nb) == []


def test_scan_reads_a_notebook_file_and_flags_runaway_submissions(tmp_path):
    release = synthetic.fill(mini_source(), mini_source(), set())  # shape of a submission
    nb = with_answer_cell(release, mini_source(), RUNAWAY["fork"])
    path = tmp_path / f"{MINI}.ipynb"
    nbformat.write(nb, str(path))
    assert {f.kind for f in scan(path)} == {"processes"}
    assert [f.grade_id for f in scan(path)] == ["answer"]


def test_unparsable_code_still_gets_a_look():
    assert _kinds("def broken(:\n    import subprocess") == {"hooks"}
