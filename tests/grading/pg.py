"""A throwaway PostgreSQL server for tests: its own cluster in a temp dir, on 127.0.0.1.

``pg_cluster`` (one per test session) runs ``initdb`` and ``pg_ctl`` from the system's
PostgreSQL (Debian keeps them in ``/usr/lib/postgresql/<version>/bin``, off PATH), listening on
a free port of 127.0.0.1 only, with a random password; at the end it stops the server and
deletes the cluster. ``pg_url`` gives each test a fresh empty database as a SQLAlchemy URL
(``postgresql+psycopg://…``).

PostgreSQL refuses to run as root: under uid 0 the cluster belongs to the ``postgres`` system
user (the one Debian's package creates) and its commands run through ``runuser``.

Without PostgreSQL the tests are skipped on a laptop and fail under CI (``CI=true``), like
``systools.needs_system``.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from systools import missing

INSTALL_HINT = (
    "PostgreSQL (Debian/Ubuntu: `sudo apt-get install postgresql`; macOS: `brew install postgresql`) "
    "и драйвер: `pip install -e '.[postgres]'`"
)
START_TIMEOUT_S = 120  # the test machine may be busy


_missing = missing  # skip on a laptop, fail under CI (tests/fixtures/systools.py)


def pg_bin() -> Path | None:
    """The folder with initdb and pg_ctl: on PATH, or the newest /usr/lib/postgresql/*/bin."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    candidates = [
        Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/pg_ctl") if Path(p).with_name("initdb").is_file()
    ]
    candidates.sort(key=lambda p: [int(x) if x.isdigit() else 0 for x in p.parent.name.split(".")])
    return candidates[-1] if candidates else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    bin: Path
    home: Path  # temp dir owned by the cluster's user: data/, the log, the socket
    port: int
    user: str
    password: str
    run_as: str | None  # system user to run the server as (when we are root)

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def log(self) -> Path:
        return self.home / "server.log"

    def run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / tool), *args]
        if self.run_as:
            cmd = ["runuser", "-u", self.run_as, "--", *cmd]
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        result = subprocess.run(
            cmd, cwd=self.home, env=env, capture_output=True, text=True, timeout=START_TIMEOUT_S + 60
        )
        if check and result.returncode:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{tool} завершился с кодом {result.returncode}:\n{result.stdout}\n{result.stderr}\n{log}"
            )
        return result

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, password=self.password, dbname=database, autocommit=True
        )


def _owner() -> str | None:
    """Who runs the server: nobody special unless we are root, then the ``postgres`` user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    _missing(
        "тесты запущены от root, а пользователя postgres нет: PostgreSQL от root не запускается; "
        f"установите {INSTALL_HINT}"
    )


def start_cluster() -> Cluster:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _missing(f"нет драйвера psycopg: установите {INSTALL_HINT}")
    bin_dir = pg_bin()
    if bin_dir is None:
        _missing(f"initdb/pg_ctl не найдены (ни в PATH, ни в /usr/lib/postgresql/*/bin): установите {INSTALL_HINT}")
    run_as = _owner()
    if run_as and not shutil.which("runuser"):
        _missing("тесты запущены от root, а runuser не найден (пакет util-linux)")
    # a short path under /tmp: the server's unix socket path must stay under ~100 bytes, and the
    # postgres user must be able to reach it (pytest's tmp_path under root's 0700 folder is not)
    home = Path(tempfile.mkdtemp(prefix="promtour-pg-"))
    if run_as:
        pw = pwd.getpwnam(run_as)
        os.chown(home, pw.pw_uid, pw.pw_gid)
    password = secrets.token_urlsafe(16)
    cluster = Cluster(bin_dir, home, 0, "promtour", password, run_as)
    pwfile = home / "pwfile"
    pwfile.write_text(password + "\n", encoding="utf-8")
    if run_as:
        os.chown(pwfile, pw.pw_uid, pw.pw_gid)
    try:
        cluster.run(
            "initdb",
            "-D",
            str(cluster.data),
            "-U",
            cluster.user,
            f"--pwfile={pwfile}",
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        pwfile.unlink()
        for attempt in range(3):  # the free port may be taken between the check and the start
            cluster.port = free_port()
            opts = f"-h 127.0.0.1 -p {cluster.port} -k {home} -c fsync=off -c full_page_writes=off"
            result = cluster.run(
                "pg_ctl",
                "-D",
                str(cluster.data),
                "-l",
                str(cluster.log),
                "-o",
                opts,
                "-w",
                "-t",
                str(START_TIMEOUT_S),
                "start",
                check=attempt == 2,
            )
            if result.returncode == 0:
                break
            time.sleep(1)
    except BaseException:
        stop_cluster(cluster)
        raise
    return cluster


def stop_cluster(cluster: Cluster) -> None:
    try:
        if (cluster.data / "postmaster.pid").exists():
            cluster.run("pg_ctl", "-D", str(cluster.data), "-m", "immediate", "-w", "stop", check=False)
    finally:
        shutil.rmtree(cluster.home, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster():
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        stop_cluster(cluster)


def create_database(cluster: Cluster) -> str:
    """A fresh, empty database on the server, as a SQLAlchemy URL."""
    name = f"promtour_{secrets.token_hex(4)}"
    with cluster.connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return cluster.url(name)


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """A fresh, empty database on the throwaway server, as a SQLAlchemy URL."""
    return create_database(pg_cluster)
