"""Student kernels with limits: memory, processes, file size, and no root.

nbgrader starts one kernel per submission. Here the grader's kernel manager starts it
through a small launcher (``python -m promtour.grading.sandbox … -- <kernel cmd>``) that
sets resource limits and, when the grader runs as root, switches to an unprivileged
user id of its own, with a private HOME and TMPDIR. Together with nbgrader's per-cell
timeout this turns infinite loops, memory bombs, fork bombs and huge outputs into cell
errors of that one submission.

Not isolated by this layer: reading world-readable files, the network. (See the trainer
guide.)
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer

MB = 1024 * 1024


class LimitedKernelManager(AsyncKernelManager):
    """Starts the kernel through the limiting launcher and cleans its private folder."""

    memory_mb = Integer(2048, help="Address-space limit of a student kernel, MiB.").tag(config=True)
    max_processes = Integer(64, help="Processes/threads a student kernel may add.").tag(config=True)
    max_file_mb = Integer(64, help="Largest file a student kernel may write, MiB.").tag(config=True)
    drop_root = Bool(True, help="When the grader is root, run the kernel as an unprivileged uid.").tag(config=True)

    _private: Path | None = None

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        cmd = super().format_kernel_cmd(extra_arguments)
        self._private = Path(tempfile.mkdtemp(prefix="promtour-kernel-"))
        uid = 200_000 + secrets.randbelow(100_000) if self._can_drop_root() else None
        conn = Path(self.connection_file)
        private_conn = self._private / conn.name
        shutil.copy2(conn, private_conn)
        cmd = [str(private_conn) if part == str(conn) else part for part in cmd]
        if uid is not None:
            for path in (self._private, private_conn):
                os.chown(path, uid, uid)
        launcher = [sys.executable, "-m", "promtour.grading.sandbox", "--home", str(self._private),
                    "--memory-mb", str(self.memory_mb), "--max-processes", str(self.max_processes),
                    "--max-file-mb", str(self.max_file_mb)]
        if uid is not None:
            launcher += ["--uid", str(uid)]
        return launcher + ["--", *cmd]

    def _can_drop_root(self) -> bool:
        """Root, and another user could still reach Python and the course code."""
        needed = (Path(sys.executable).resolve(), Path(sys.executable), Path(__file__).resolve(), Path.cwd())
        return self.drop_root and os.geteuid() == 0 and all(map(_world_reachable, needed))

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if self._private and not restart:
            shutil.rmtree(self._private, ignore_errors=True)


class LimitedExecute(Execute):
    """nbgrader's Execute with :class:`LimitedKernelManager` (Execute hard-codes its manager)."""

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = LimitedKernelManager
        super().__init__(*args, **kwargs)


def _world_reachable(path: Path) -> bool:
    """Every folder above ``path`` lets other users through (o+x)."""
    return all(os.stat(p).st_mode & 0o001 for p in path.parents)


def _tasks_of(uid: int) -> int:
    """Processes and threads the user already runs (RLIMIT_NPROC counts them all)."""
    count = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("Uid", "").split()[:1] == [str(uid)]:
            count += int(fields.get("Threads", "1"))
    return count


def _limit(kind: int, value: int) -> None:
    resource.setrlimit(kind, (value, value))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="promtour.grading.sandbox")
    parser.add_argument("--home", required=True)
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--max-processes", type=int, required=True)
    parser.add_argument("--max-file-mb", type=int, required=True)
    parser.add_argument("--uid", type=int)
    parser.add_argument("cmd", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd

    _limit(resource.RLIMIT_AS, args.memory_mb * MB)
    _limit(resource.RLIMIT_FSIZE, args.max_file_mb * MB)
    _limit(resource.RLIMIT_CORE, 0)
    uid = args.uid if args.uid is not None else os.getuid()
    _limit(resource.RLIMIT_NPROC, _tasks_of(uid) + args.max_processes)

    home = Path(args.home)
    env = dict(os.environ, HOME=str(home), TMPDIR=str(home), USER="learner", LOGNAME="learner",
               MPLCONFIGDIR=str(home / ".matplotlib"), IPYTHONDIR=str(home / ".ipython"),
               JUPYTER_RUNTIME_DIR=str(home / ".runtime"))
    if args.uid is not None:
        os.setgroups([])
        os.setgid(args.uid)
        os.setuid(args.uid)
    os.execve(cmd[0], cmd, env)


if __name__ == "__main__":
    main()
