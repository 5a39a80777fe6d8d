"""What one learner may use: the launcher every single-user server starts through.

JupyterHub's ``LocalProcessSpawner`` cannot enforce ``mem_limit``/``cpu_limit`` (they need
systemd or containers), so the hub starts each server as
``python -m promtour.hub.limits --memory-mb … --nproc … --nice … jupyterhub-singleuser …``
(already as the learner): the launcher lowers its own resource limits and replaces itself
with the server. Kernels and terminals the server starts inherit them:

* ``RLIMIT_AS`` — memory of each process (a runaway cell gets ``MemoryError``, the server and
  everybody else keep running);
* ``RLIMIT_NPROC`` — processes and threads of the learner's Unix account, all together (a
  fork bomb stops at the limit, other accounts are not counted);
* ``nice`` — CPU: the learners' processes yield to the hub and to each other's interactive
  work; ``RLIMIT_CORE`` 0 — no core dumps filling the disk.

The launcher imports nothing beyond the standard library (it runs before every server start).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
from collections.abc import Mapping
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 2048  # per process: a kernel with pandas and matplotlib needs ~0.5 GB of address space
    nproc: int = 512  # per learner: processes + threads (a JupyterLab server with 3 kernels uses ~100)
    nice: int = 5

    def args(self) -> list[str]:
        return ["--memory-mb", str(self.memory_mb), "--nproc", str(self.nproc), "--nice", str(self.nice)]

    def env(self) -> dict[str, str]:
        """The limits as the hub's configuration reads them (``deploy/hub/jupyterhub_config.py``)."""
        return {name: str(getattr(self, field)) for field, name in ENV.items()}

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Limits:
        """What :meth:`env` wrote; these defaults for what is not set."""
        return cls(**{field: int(environ[name]) for field, name in ENV.items() if environ.get(name)})


ENV = {"memory_mb": "PROMTOUR_HUB_MEMORY_MB", "nproc": "PROMTOUR_HUB_NPROC", "nice": "PROMTOUR_HUB_NICE"}


def apply(limits: Limits) -> None:
    """Lower this process's limits (an unprivileged process may lower, never raise them)."""
    for kind, value in (
        (resource.RLIMIT_AS, limits.memory_mb * MB),
        (resource.RLIMIT_NPROC, limits.nproc),
        (resource.RLIMIT_CORE, 0),
    ):
        soft, hard = resource.getrlimit(kind)
        capped = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (capped, capped))
    os.nice(limits.nice)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m promtour.hub.limits")
    parser.add_argument("--memory-mb", type=int, default=Limits.memory_mb)
    parser.add_argument("--nproc", type=int, default=Limits.nproc)
    parser.add_argument("--nice", type=int, default=Limits.nice)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    a = parser.parse_args(sys.argv[1:] if argv is None else argv)
    command = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not command:
        parser.error("нет команды сервера")
    apply(Limits(a.memory_mb, a.nproc, a.nice))
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
