"""The launcher every learner's server starts through: its limits hold for what it runs."""

from __future__ import annotations

import subprocess
import sys

LAUNCH = [sys.executable, "-m", "promtour.hub.limits", "--memory-mb", "400", "--nproc", "4096", "--nice", "7"]
PROBE = """
import os, resource
print(resource.getrlimit(resource.RLIMIT_AS)[0] // 2**20, resource.getrlimit(resource.RLIMIT_NPROC)[0],
      resource.getrlimit(resource.RLIMIT_CORE)[0], os.nice(0))
"""
BOMB = """
chunks = []
try:
    while True:
        chunks.append(bytearray(50 * 2**20))
except MemoryError:
    print("MemoryError after", len(chunks) * 50, "MiB")
"""


def run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run([*LAUNCH, *cmd], capture_output=True, text=True, timeout=60)


def test_the_server_command_runs_under_the_limits():
    result = run(sys.executable, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    memory, nproc, core, nice = map(int, result.stdout.split())
    assert (memory, nproc, core) == (400, 4096, 0)
    assert nice >= 7  # relative to the test's own niceness


def test_a_memory_bomb_stops_at_the_limit_and_the_process_lives_on():
    result = run(sys.executable, "-c", BOMB)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("MemoryError after")
    assert int(result.stdout.split()[2]) <= 400


def test_no_command_is_a_clear_error():
    result = subprocess.run([*LAUNCH], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "нет команды сервера" in result.stderr


def test_limits_travel_through_the_hub_environment():
    """`promtour hub serve` writes them to the environment, the hub's configuration reads them back."""
    from promtour.hub.limits import Limits

    limits = Limits(memory_mb=1024, nproc=300, nice=9)
    assert Limits.from_env(limits.env()) == limits
    assert Limits.from_env({}) == Limits()  # a hub started by hand: the defaults
