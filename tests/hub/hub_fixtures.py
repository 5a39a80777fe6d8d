"""A real JupyterHub on this machine for tests: local users, the shared exchange, loopback only.

:class:`LocalHub` creates a Unix group and a trainer account with random names, the trainer's
course (this repository's sources), nbgrader's exchange under a temporary folder, and starts
``deploy/hub/jupyterhub_config.py`` with configurable-http-proxy on free ports of 127.0.0.1.
Learner accounts are made by the hub itself (the roster import). On exit — also after a
failure — it stops the hub (which stops the users' servers), kills whatever the test's users
still run (by pid: these users exist only for the test), deletes the users with their homes,
the group and the temporary folder.

The per-user Python environment (world-readable: /root is closed to other users) is built once
and cached in ``$PROMTOUR_HUB_TEST_ENV`` (default ``/var/cache/promtour-hub-test/env``); it is
rebuilt when ``pyproject.toml`` changes and the kit reinstalled when ``src/`` changes.
"""

from __future__ import annotations

import grp
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from systools import missing

from promtour import hub as hubmod
from promtour.grading.sandbox import processes_of
from promtour.hub import accounts, exchange, process
from promtour.hub.client import Hub
from promtour.hub.environment import UserEnv, build_user_env

ENV_CACHE = Path(os.environ.get("PROMTOUR_HUB_TEST_ENV", "/var/cache/promtour-hub-test/env"))
INSTALL_HINT = (
    "root, python3 с python3-venv (Debian/Ubuntu: `apt-get install python3-venv`), useradd/runuser "
    "и configurable-http-proxy (`npm install --prefix .ci/node configurable-http-proxy@5`)"
)


def require_system() -> None:
    """Skip on a laptop without what the multi-user loop needs; under CI fail instead."""
    if os.geteuid() != 0:
        missing(f"многопользовательский тест создаёт пользователей Unix: запустите от root; нужны {INSTALL_HINT}")
    for tool in ("useradd", "userdel", "groupadd", "runuser"):
        if not shutil.which(tool):
            missing(f"{tool} не найден; нужны {INSTALL_HINT}")
    if not Path(hubmod.SYSTEM_PYTHON).is_file():
        missing(f"нет {hubmod.SYSTEM_PYTHON}; нужны {INSTALL_HINT}")
    probe = subprocess.run([hubmod.SYSTEM_PYTHON, "-c", "import ensurepip, venv"], capture_output=True)
    if probe.returncode:
        missing(f"у {hubmod.SYSTEM_PYTHON} нет venv/ensurepip; нужны {INSTALL_HINT}")
    if not process.proxy_command():
        missing(f"configurable-http-proxy не найден; нужны {INSTALL_HINT}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pids_of(uid: int) -> list[int]:
    return list(processes_of(uid))


class LocalHub:
    def __init__(self, env: UserEnv, **settings):
        tag = secrets.token_hex(3)
        self.env = env
        self.tag = tag
        self.group = f"ptc{tag}"
        self.trainer = f"ptt{tag}"
        self.learners: list[str] = []  # names the test asks the hub to create (for clean-up)
        self.base = Path(tempfile.mkdtemp(prefix=f"promtour-hub-{tag}-"))
        self.base.chmod(0o755)
        self.exchange = self.base / "srv" / "exchange"
        self.state = self.base / "state"
        self.port = free_port()
        self.token = secrets.token_hex(32)
        self.log_path = self.base / "jupyterhub.log"
        self.proc: subprocess.Popen | None = None
        self.course: Path | None = None
        self.hub = Hub(f"http://127.0.0.1:{self.port}", self.token)
        self.settings = settings  # more of hub_environment's keywords: limits, idle_timeout, lti

    def learner_name(self, i: int) -> str:
        return f"ptl{self.tag}-{i}"

    # --- life cycle
    def __enter__(self) -> LocalHub:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        accounts.ensure_group(self.group)
        pw = accounts.ensure_user(self.trainer, self.group)
        self.course = Path(pw.pw_dir) / "promtour"
        exchange.prepare_course(self.course, self.trainer)
        exchange.prepare_exchange(self.exchange, self.trainer, self.group)
        environment = process.hub_environment(
            self.env,
            port=self.port,
            trainer=self.trainer,
            group=self.group,
            exchange=self.exchange,
            state=self.state,
            api_token=self.token,
            internal_port=free_port(),
            proxy_api_port=free_port(),
            **self.settings,
        )
        self.state.mkdir()
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                process.hub_command(self.env),
                env=environment,
                cwd=self.state,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub завершился с кодом {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.hub.url}/hub/api/", timeout=5) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"JupyterHub не ответил за 90 с:\n{self.log_tail()}")

    def log_tail(self, chars: int = 6000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def users(self) -> list[str]:
        return [self.trainer, *self.learners]

    def close(self) -> None:
        print(f"--- JupyterHub log (tail) ---\n{self.log_tail()}")  # pytest shows it when the test failed
        if self.proc is not None and self.proc.poll() is None:
            stopping = time.monotonic()
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)  # the hub stops users' servers and its proxy
                self.proc.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=10)
            print(f"JupyterHub остановлен за {time.monotonic() - stopping:.1f} с (код {self.proc.returncode})")
        for name in self.users():
            try:
                uid = pwd.getpwnam(name).pw_uid
            except KeyError:
                continue
            for sig in (signal.SIGTERM, signal.SIGKILL):
                for pid in pids_of(uid):
                    try:
                        os.kill(pid, sig)
                    except ProcessLookupError:
                        pass
                if pids_of(uid):
                    time.sleep(1)
            subprocess.run(["userdel", "--remove", name], capture_output=True)
        try:
            grp.getgrnam(self.group)
            subprocess.run(["groupdel", self.group], capture_output=True)
        except KeyError:
            pass
        shutil.rmtree(self.base, ignore_errors=True)

    # --- acting as a user on this machine
    def run_as(self, user: str, *cmd: str, check: bool = True, role: str = "learner") -> subprocess.CompletedProcess:
        """A command as ``user`` in their home, with the environment their hub server has."""
        pw = pwd.getpwnam(user)
        env = {
            "HOME": pw.pw_dir,
            "USER": user,
            "LOGNAME": user,
            "LANG": "C.UTF-8",
            "PATH": f"{self.env.prefix / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "JUPYTER_CONFIG_PATH": str(self.env.config_dir(role)),
            "PROMTOUR_EXCHANGE": str(self.exchange),
            "PROMTOUR_DATA": str(self.env.data),
        }
        result = subprocess.run(
            ["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()), *cmd],
            cwd=pw.pw_dir,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and result.returncode:
            raise AssertionError(
                f"{' '.join(cmd)} от {user}: код {result.returncode}\n{result.stdout}\n{result.stderr}"
            )
        return result

    def invite(self, *users: str) -> dict[str, str]:
        """One-time codes, as `promtour hub invite` issues them."""
        return accounts.issue_invitations(self.state, list(users))

    def session(self):
        """A browser-like HTTP session with the hub (cookies kept)."""
        import requests

        return requests.Session()

    def sign_in(self, session, user: str, password: str, invitation: str = ""):
        """What the sign-in form sends; returns the last response (after redirects)."""
        page = session.get(f"{self.hub.url}/hub/login", timeout=30)
        xsrf = session.cookies.get("_xsrf") or ""
        assert "Вход в курс" in page.content.decode(), page.content.decode()[:300]
        form = {"username": user, "password": password, "invitation": invitation, "_xsrf": xsrf}
        return session.post(f"{self.hub.url}/hub/login?next=/hub/home", data=form, timeout=120)


@pytest.fixture(scope="session")
def hub_user_env() -> UserEnv:
    require_system()
    return build_user_env(ENV_CACHE)


@pytest.fixture
def local_hub(hub_user_env):
    with LocalHub(hub_user_env) as hub:
        yield hub
        log = hub.log_tail(10**7)
        sandbox = [line for line in log.splitlines() if "SandboxWarning" in line or "без песочницы" in line]
        print(
            "student kernels of the trainer's server:", "NOT sandboxed: " + sandbox[0] if sandbox else "in bubblewrap"
        )
