"""Student kernels in the sandbox: runaway code is contained, escape attempts fail, grades stay right."""

from __future__ import annotations

import os
import shutil
import socket
import sys
import time
import warnings
from pathlib import Path

import pytest
from hostile import DESERVED, RUNAWAY, answer_outputs, outcomes, probe_source, with_answer_cell
from mini_assignment import MINI
from systools import needs_system

from promtour.grading import sandbox
from promtour.grading.check import Report, check_assignment
from promtour.grading.course import Course, read_notebook
from promtour.grading.parallel import autograde_many
from promtour.grading.trial import auto_score, submit_profile
from promtour.paths import data_dir, repo_root

BWRAP_HINT = "bubblewrap (Debian/Ubuntu: apt-get install bubblewrap)"


def _leftovers(root: Path) -> list[str]:
    """Processes (any user: bwrap runs as root) still working in a folder of this course."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cwd = os.readlink(proc / "cwd")
        except OSError:
            continue
        if int(proc.name) != os.getpid() and (cwd == str(root) or cwd.startswith(f"{root}/")):
            found.append(f"{proc.name} {(proc / 'cmdline').read_bytes()[:80]!r} in {cwd}")
    return found


def _no_leftovers(root: Path, grace_s: float = 15) -> list[str]:
    deadline = time.monotonic() + grace_s
    while (left := _leftovers(root)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def _hostile_course(course: Course, submissions: dict[str, str]) -> None:
    release = read_notebook(course.notebook("release", MINI))
    source = read_notebook(course.notebook("source", MINI))
    for student, answer in submissions.items():
        course.submit(MINI, student, with_answer_cell(release, source, answer))


@pytest.fixture
def bwrap(monkeypatch):
    """The sandbox must really be bubblewrap (no silent fallback), here and in worker processes."""
    needs_system("bwrap", BWRAP_HINT)
    monkeypatch.setenv(sandbox.SANDBOX_ENV, "bwrap")


# --- fast: mode selection and the mount plan ---


def test_mode_from_environment_and_fallback(monkeypatch, tmp_path):
    """auto falls back with a warning where bwrap cannot run, bwrap refuses, off is off; env sets the default."""
    monkeypatch.setattr(sandbox, "bwrap_problem", lambda: "bubblewrap (bwrap) не найден")
    assert sandbox.sandbox_mode("off") == "off"
    with pytest.raises(sandbox.SandboxError, match="apt-get install bubblewrap"):
        sandbox.sandbox_mode("bwrap")
    sandbox._warn_once.cache_clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert sandbox.sandbox_mode("auto") == "off"
    assert any(
        issubclass(w.category, sandbox.SandboxWarning) and "PROMTOUR_SANDBOX=off" in str(w.message) for w in caught
    )
    monkeypatch.setenv(sandbox.SANDBOX_ENV, "off")
    assert sandbox.LimitedKernelManager().sandbox == "off" and sandbox.preflight() == "off"
    monkeypatch.setenv(sandbox.SANDBOX_ENV, "bwarp")
    with pytest.raises(sandbox.SandboxError, match="bwarp"):
        sandbox.preflight()
    course = Course(tmp_path / "course")
    course.config.LimitedKernelManager.sandbox = "off"
    assert sandbox.preflight(course.config) == "off"
    monkeypatch.delenv(sandbox.SANDBOX_ENV)
    assert sandbox.LimitedKernelManager().sandbox == "auto"


def test_mount_plan_hides_course_and_exposes_only_what_python_needs(tmp_path):
    """Course root, kit checkout and home are masked; the venv, src/ and data/ come back read-only."""
    course = Course(tmp_path / "course")
    km = sandbox.LimitedKernelManager(config=course.config)
    private = tmp_path / "private"
    cwd = course.root / "grading" / "autograded" / "s" / MINI
    args = km._bwrap_args(sys.executable, private, cwd)
    pairs = {(args[i], args[i + 1]) for i in range(len(args) - 1)}
    for hidden in ("/root", "/home", str(repo_root())):
        if Path(hidden).is_relative_to("/tmp"):  # a checkout under /tmp goes with the private /tmp
            assert ("--bind", str(private / "tmp")) in pairs and args[args.index(str(private / "tmp")) + 1] == "/tmp"
        else:
            assert ("--tmpfs", hidden) in pairs and ("--remount-ro", hidden) in pairs
    exposed = {args[i + 1] for i, a in enumerate(args[:-1]) if a == "--ro-bind"}
    assert str(Path(sys.base_prefix).resolve()) in exposed and str(data_dir()) in exposed
    assert not any(str(repo_root()).startswith(p.rstrip("/") + "/") or p == str(repo_root()) for p in exposed - {"/"})
    for secret in ("solutions", "grading", "certificates"):
        assert not any(
            p.startswith(str(course.root / secret)) or p.startswith(str(repo_root() / secret)) for p in exposed
        )
    assert ("--bind", str(private / "work")) in pairs and args[args.index("--chdir") + 1] == str(cwd)
    assert "--share-net" not in args and "--unshare-net" in args and "--die-with-parent" in args


# --- slow: real kernels ---


@pytest.mark.slow
def test_runaway_submissions_are_contained_and_the_batch_goes_on(mini_course, bwrap):
    """Loop, memory bomb, fork bomb, flood of output, sys.exit, os._exit: each graded as it deserves,
    honest learners around them get full marks, and no process of theirs survives."""
    mini_course.config.ExecutePreprocessor.timeout = 10  # short, yet honest cells fit on a busy 2-core CI box
    _hostile_course(mini_course, RUNAWAY)
    for student in ("honest-1", "honest-2"):
        submit_profile(mini_course, MINI, student, "perfect")
    order = ["honest-1", *RUNAWAY, "honest-2"]

    results = {r.student: r for r in autograde_many(mini_course, [(MINI, s) for s in order], workers=1)}

    scores = {s: auto_score(mini_course, MINI, s) for s in order}
    assert scores == {"honest-1": 5, "honest-2": 5, **DESERVED}, (scores, results)
    assert not results["osexit"].ok and all(results[s].ok for s in order if s != "osexit"), results
    with mini_course.gradebook() as gb:
        comments = [c.auto_comment for c in gb.find_submission_notebook("assignment", MINI, "osexit").comments]
    assert any("Автопроверка не завершилась" in (c or "") for c in comments)

    def errors(student):
        graded = read_notebook(mini_course.notebook("autograded", MINI, student))
        return {
            o.get("ename"): " ".join(o.get("traceback", []))
            for o in answer_outputs(graded)
            if o.get("output_type") == "error"
        }

    assert "лимита автопроверки" in errors("loop")["CellTimeoutError"]
    assert "MemoryError" in errors("memory"), errors("memory")
    assert "BlockingIOError" in errors("fork"), errors("fork")  # RLIMIT_NPROC: the sandbox uid is not root
    assert {"BlockingIOError", "CellTimeoutError"} & set(errors("forkbomb")), errors("forkbomb")
    assert "вывод остановлен" in errors("output").get("RuntimeError", ""), errors("output")
    assert "SystemExit" in errors("sysexit"), errors("sysexit")
    output_size = mini_course.notebook("autograded", MINI, "output").stat().st_size
    assert output_size < 3 * 1024 * 1024  # the cell stopped at max_output_mb (2 MiB) of text
    assert _no_leftovers(mini_course.root) == []


def _probes(course: Course, port: int) -> tuple[dict[str, str], dict[str, str]]:
    root = course.root
    db = root / "grading" / "gradebook.db"
    kit = repo_root()
    attacks = {
        "solutions_relative": f"open('../../../../solutions/{MINI}/assignment.ipynb').read()",
        "solutions_absolute": f"open({str(course.notebook('source', MINI))!r}).read()",
        "gradebook_read": f"open({str(db)!r}, 'rb').read(100)",
        "gradebook_write": f"_sql_write({str(db)!r})",
        "gradebook_open_rw": f"open({str(db)!r}, 'r+b').close()",
        "other_learner": f"open({str(course.notebook('submitted', MINI, 'honest-1'))!r}).read()",
        "other_learners_listed": f"os.listdir({str(course.dir('submitted'))!r}).index('honest-1')",
        "other_learners_graded": f"os.listdir({str(course.dir('autograded'))!r}).index('honest-1')",
        "kit_solutions": f"open({str(kit / 'solutions' / MINI / 'assignment.ipynb')!r}).read()",
        "kit_certificates": f"os.listdir({str(kit / 'certificates')!r})",
        "network_loopback": f"socket.create_connection(('127.0.0.1', {port}), timeout=3).close()",
        "write_outside_relative": "_write('../../escape.txt')",
        "write_outside_absolute": f"_write({str(root / 'escape.txt')!r})",
        "write_data": f"_write({str(data_dir() / 'escape.csv')!r})",
        "write_venv": f"_write({str(Path(sys.prefix) / 'escape.txt')!r})",
        "grader_environment": "_env('PROMTOUR_TEST_SECRET')",
    }
    home_file = next(
        (Path.home() / n for n in (".bashrc", ".profile", ".gitconfig") if (Path.home() / n).is_file()), None
    )
    if home_file:
        attacks["home"] = f"open({str(home_file)!r}).read()"
    checks = {
        "own_folder": "(_write('mine.txt'), open('mine.txt').read())",
        "own_tmp": "tempfile.NamedTemporaryFile().close()",
        "data": f"open({str(data_dir() / 'README.md')!r}).read()",
        "course_code": "__import__('promtour.gradetools')",
    }
    return attacks, checks


@pytest.mark.slow
def test_escape_attempts_fail_inside_the_kernel_and_grading_goes_on(mini_course, bwrap, monkeypatch):
    """Reading solutions/ (relative, absolute), the gradebook (read, write), another learner's work,
    the kit's checkout, home, the network and writing outside: all blocked while the prober is still
    graded in full, with 2 parallel workers."""
    assert (repo_root() / "certificates").is_dir() and (data_dir() / "README.md").is_file()
    monkeypatch.setenv("PROMTOUR_TEST_SECRET", "grader-only")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    attacks, checks = _probes(mini_course, port)
    for student in ("honest-1", "honest-2"):
        submit_profile(mini_course, MINI, student, "perfect")
    _hostile_course(mini_course, {"prober": probe_source(attacks, checks)})
    jobs = [(MINI, s) for s in ("honest-1", "prober", "honest-2")]

    results = list(autograde_many(mini_course, jobs, workers=2))

    assert all(r.ok for r in results), results
    got = outcomes(read_notebook(mini_course.notebook("autograded", MINI, "prober")))
    assert {k: v.split()[0] for k, v in got.items()} == {
        **{k: "BLOCKED" for k in attacks},
        **{k: "OK" for k in checks},
    }, got
    assert {s: auto_score(mini_course, MINI, s) for _, s in jobs} == {"honest-1": 5, "prober": 5, "honest-2": 5}
    with pytest.raises(TimeoutError):
        listener.accept()  # nothing reached the grader's loopback
    listener.close()
    root = mini_course.root
    assert not (root / "escape.txt").exists() and not (root / "grading" / "autograded" / "escape.txt").exists()
    assert not (mini_course.notebook("autograded", MINI, "prober").parent / "mine.txt").exists()  # private copy
    with mini_course.gradebook() as gb:
        assert "pwned" not in {
            t for (t,) in gb.db.execute(__import__("sqlalchemy").text("select name from sqlite_master"))
        }
    assert _no_leftovers(root) == []


@pytest.mark.slow
def test_probes_do_leak_without_the_sandbox(tmp_path, mini_course):
    """The probes are not vacuous: with the sandbox off the same code reads solutions/ and the network."""
    course = mini_course
    course.config.LimitedKernelManager.sandbox = "off"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    attacks, _ = _probes(course, listener.getsockname()[1])
    submit_profile(course, MINI, "honest-1", "perfect")  # so that other_learner has something to read
    picked = {
        k: attacks[k]
        for k in (
            "solutions_relative",
            "solutions_absolute",
            "other_learner",
            "network_loopback",
            "write_outside_absolute",
        )
    }
    _hostile_course(course, {"prober": probe_source(picked, {})})
    assert course.autograde(MINI, "prober").ok
    listener.close()
    got = outcomes(read_notebook(course.notebook("autograded", MINI, "prober")))
    assert got == {k: "LEAKED" for k in picked}, got
    assert auto_score(course, MINI, "prober") == 5


@pytest.mark.slow
def test_real_module_grades_the_same_in_the_sandbox(bwrap):
    """A real module: the reference solution gets full marks and the blank version zero, sandboxed
    (datasets from data/, the editable package and the venv are all reachable read-only)."""
    assignment = Course().assignments()[0]
    report = Report(assignment)
    check_assignment(Course(), assignment, report)
    failed = [line for line in report.lines if not line[1]]
    assert not failed, failed
    assert shutil.which("bwrap") and sandbox.sandbox_mode("bwrap") == "bwrap"
