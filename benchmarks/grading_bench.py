"""Serial ``nbgrader autograde`` against the kit's parallel grader, side by side in one run.

Both grade the same N synthetic submissions (a mix of correct, partial, crashing and blank
work) of a real course assignment, each in its own scratch course with the same
configuration (limits, sandbox). Prints notebooks per second, seconds per notebook, the
ratio, whether the grades are identical, and what a notebook's time is made of.

    .venv/bin/python benchmarks/grading_bench.py            # 24 submissions of module 1
    PROMTOUR_SANDBOX=off .venv/bin/python benchmarks/grading_bench.py   # the same without bubblewrap
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from promtour.course import module
from promtour.cpus import default_workers
from promtour.grading.course import Course
from promtour.grading.parallel import autograde_many
from promtour.grading.synthetic import PROFILES
from promtour.grading.trial import submit_profile


def make_course(folder: Path, assignment: str, n: int) -> tuple[Course, list[str]]:
    course = Course.scratch(folder, [assignment])
    assert course.build(assignment).ok
    students = [f"bench-{i:04d}" for i in range(n)]
    for i, student in enumerate(students):
        submit_profile(course, assignment, student, PROFILES[i % len(PROFILES)].name)
    return course, students


def grades(course: Course) -> dict:
    return {(r["student_id"], r["assignment"]): r["score"] for r in course.scores()}


def kernel_start_seconds(repeats: int = 3) -> float:
    """A kernel start plus one trivial cell: the floor under any notebook's grading time."""
    from jupyter_client.manager import KernelManager

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    start = time.perf_counter()
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="promtour-bench-ipc-") as sockets:  # Unix sockets, as the grader's
            km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
            NotebookClient(nb, km=km).execute()
            km.shutdown_kernel()  # a client handed a manager leaves the kernel to it
    return (time.perf_counter() - start) / repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=24, help="submissions")
    parser.add_argument("--module", default="m01")
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    assignment = module(args.module).assignment

    with tempfile.TemporaryDirectory(prefix="promtour-bench-") as tmp:
        serial_course, students = make_course(Path(tmp) / "serial", assignment, args.n)
        parallel_course, _ = make_course(Path(tmp) / "parallel", assignment, args.n)

        nbgrader = str(Path(sys.executable).with_name("nbgrader"))
        start = time.perf_counter()
        subprocess.run(
            [nbgrader, "autograde", assignment, "--force", "--log-level=ERROR"],
            cwd=serial_course.root,
            check=True,
            capture_output=True,
        )
        serial_s = time.perf_counter() - start

        start = time.perf_counter()
        results = list(autograde_many(parallel_course, [(assignment, s) for s in students], args.workers))
        parallel_s = time.perf_counter() - start

        serial_grades, parallel_grades = grades(serial_course), grades(parallel_course)
        same = serial_grades == parallel_grades and len(serial_grades) == args.n
        differing = [
            (k[0], serial_grades.get(k), parallel_grades.get(k))
            for k in sorted(set(serial_grades) | set(parallel_grades))
            if serial_grades.get(k) != parallel_grades.get(k)
        ]
        failed = sum(not r.ok for r in results)
        floor = kernel_start_seconds()

    n = args.n
    print(f"submissions: {n} of {assignment} (mix: {', '.join(p.name for p in PROFILES)}); cores: {default_workers()}")
    print(f"serial nbgrader autograde: {n / serial_s:.2f} notebooks/s ({serial_s / n:.2f} s per notebook)")
    print(
        f"parallel grader, {args.workers} workers: {n / parallel_s:.2f} notebooks/s ({parallel_s / n:.2f} s per notebook)"
    )
    print(
        f"ratio parallel/serial: {serial_s / parallel_s:.2f}x; grades identical: {'yes' if same else 'NO'}; "
        f"failed: {failed}"
    )
    for student, serial_score, parallel_score in differing:
        print(f"  differs: {student}: serial {serial_score}, parallel {parallel_score}")
    print(
        f"bound: a bare kernel start + one cell takes {floor:.2f} s; the rest of a notebook's "
        f"{serial_s / n:.2f} s is its cells (pandas/matplotlib imports, tests) and gradebook writes"
    )
    if not same or failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
