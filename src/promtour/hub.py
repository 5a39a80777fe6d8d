"""The course on a JupyterHub for one machine: accounts, the shared exchange, the roster.

``deploy/hub/jupyterhub_config.py`` is the hub's configuration; this module does what
surrounds it (``promtour hub …``):

* :func:`build_user_env` — the Python environment every single-user server and kernel runs
  from. It must be readable by every local user, so it is a venv of the system's
  ``python3`` outside any private home, with the kit installed non-editable, the datasets
  in ``share/promtour/data`` and the per-role Jupyter/nbgrader configuration in
  ``etc/promtour-hub/{grader,learner}``.
* :func:`setup_machine` — the course's Unix group, the trainer's account and course
  directory, nbgrader's exchange with the permissions nbgrader checks.
* :class:`Hub` — a small client of the hub's REST API (and, through the proxy, of users'
  servers: the formgrader's and the assignment list's APIs).
* :func:`import_roster` — one step from a roster (CSV/XLSX, full Russian names; parsed by
  :mod:`promtour.certificates.roster`) to hub users (which the hub turns into Unix accounts in
  the course group), the hub group ``nbgrader-promtour`` and gradebook students (written by
  the trainer's formgrader, so the gradebook stays the trainer's).
* :func:`serve` — run the hub on loopback.

Everything that creates accounts or runs the hub needs root; the client side does not.
"""

from __future__ import annotations

import fcntl
import grp
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import stat
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import KitError
from .grading.config import COURSE_ID
from .paths import repo_root

DEFAULT_ENV = Path("/opt/promtour-hub")
DEFAULT_EXCHANGE = Path("/srv/promtour/exchange")
DEFAULT_STATE = Path("/srv/promtour/hub")
DEFAULT_GROUP = "promtour"
DEFAULT_TRAINER = "trainer"
LEARNERS_GROUP = f"nbgrader-{COURSE_ID}"  # hub groups named as nbgrader's JupyterHubAuthPlugin expects
GRADERS_GROUP = f"formgrade-{COURSE_ID}"
SYSTEM_PYTHON = "/usr/bin/python3"
# a hub user here is a Unix account: what useradd accepts without --badname (Debian), lower case
UNIX_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
ROLES = ("grader", "learner")


def deploy_dir() -> Path:
    return repo_root() / "deploy" / "hub"


def hub_config_file() -> Path:
    return deploy_dir() / "jupyterhub_config.py"


# ---- the per-user environment -------------------------------------------------------------


@dataclass(frozen=True)
class UserEnv:
    prefix: Path

    @property
    def python(self) -> Path:
        return self.prefix / "bin" / "python"

    def bin(self, name: str) -> Path:
        return self.prefix / "bin" / name

    @property
    def data(self) -> Path:
        return self.prefix / "share" / "promtour" / "data"

    def config_dir(self, role: str) -> Path:
        return self.prefix / "etc" / "promtour-hub" / role


def _digest(paths: Iterable[Path], base: Path, extra: str = "") -> str:
    h = hashlib.sha256(extra.encode())
    for path in sorted(paths):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _world_readable(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        extra = (
            stat.S_IROTH | stat.S_IRGRP | (stat.S_IXOTH | stat.S_IXGRP if path.is_dir() or mode & stat.S_IXUSR else 0)
        )
        if mode & extra != extra:
            path.chmod(mode | extra)


def build_user_env(
    prefix: Path | str = DEFAULT_ENV,
    source: Path | None = None,
    python: str = SYSTEM_PYTHON,
    log: Callable[[str], None] = lambda _: None,
) -> UserEnv:
    """Create or refresh the world-readable environment at ``prefix`` (idempotent, locked).

    Dependencies are installed when ``pyproject.toml`` or the interpreter changed (minutes,
    from the package index); the kit itself, its data and the hub's per-role configuration
    are reinstalled when they changed (seconds). ``source`` is the kit's checkout.
    """
    prefix = Path(prefix).resolve()
    source = Path(source or repo_root()).resolve()
    if not Path(python).is_file():
        raise KitError(f"Нет интерпретатора {python}: установите python3 и python3-venv (Debian/Ubuntu)")
    prefix.parent.mkdir(parents=True, exist_ok=True)
    version = subprocess.run(
        [python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True, check=True
    ).stdout.strip()
    deps_key = _digest([source / "pyproject.toml"], source, f"{python} {version}")
    kit_files = [
        *(source / "src").rglob("*"),
        source / "pyproject.toml",
        *(source / "data").glob("*.csv"),
        *(source / "deploy" / "hub").rglob("*"),
    ]
    kit_key = _digest(kit_files, source, deps_key)
    env = UserEnv(prefix)
    with open(prefix.parent / f".{prefix.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        deps_stamp, kit_stamp = prefix / ".promtour-deps", prefix / ".promtour-kit"
        if not deps_stamp.is_file() or deps_stamp.read_text().strip() != deps_key:
            log(f"окружение {prefix}: устанавливаю зависимости (несколько минут)")
            if prefix.exists():
                shutil.rmtree(prefix)
            subprocess.run([python, "-m", "venv", str(prefix)], check=True)
            _pip(env, "install", "--quiet", "--upgrade", "pip", "setuptools>=68", "wheel")
            with _kit_copy(source) as copy:
                _pip(env, "install", "--quiet", f"{copy}[hub]")
            deps_stamp.write_text(deps_key + "\n")
            kit_stamp.unlink(missing_ok=True)
        if not kit_stamp.is_file() or kit_stamp.read_text().strip() != kit_key:
            log(f"окружение {prefix}: устанавливаю курс (promtour), данные и настройки ролей")
            with _kit_copy(source) as copy:
                _pip(env, "install", "--quiet", "--no-deps", "--no-build-isolation", "--force-reinstall", str(copy))
            shutil.rmtree(env.data, ignore_errors=True)
            env.data.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(source / "data", env.data)
            for role in ROLES:
                shutil.rmtree(env.config_dir(role), ignore_errors=True)
                shutil.copytree(source / "deploy" / "hub" / role, env.config_dir(role))
            _world_readable(prefix)
            kit_stamp.write_text(kit_key + "\n")
    return env


class _kit_copy:
    """The kit's sources in a temporary folder: pip builds there, not in the checkout."""

    def __init__(self, source: Path):
        self.source = source

    def __enter__(self) -> Path:
        self.tmp = Path(tempfile.mkdtemp(prefix="promtour-kit-"))
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(self.source / name, self.tmp / name)
        shutil.copytree(
            self.source / "src", self.tmp / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
        )
        return self.tmp

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _pip(env: UserEnv, *args: str) -> None:
    run = subprocess.run([str(env.python), "-m", "pip", *args], capture_output=True, text=True, cwd="/")
    if run.returncode:
        raise KitError(
            f"pip {' '.join(args[:2])} в {env.prefix} не удался:\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}"
        )


# ---- the machine: group, trainer, course, exchange ---------------------------------------------


def _need_root(what: str) -> None:
    if os.geteuid() != 0:
        raise KitError(f"{what}: нужны права root (sudo)")


def ensure_group(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        _need_root(f"создать группу {name}")
        subprocess.run(["groupadd", name], check=True, capture_output=True)
        return grp.getgrnam(name).gr_gid


def ensure_user(name: str, group: str) -> pwd.struct_passwd:
    """A local account with a private home, member of ``group``."""
    if not UNIX_NAME.match(name):
        raise KitError(f"«{name}» не годится в имя пользователя Unix: строчная латиница, цифры, _ и -, до 32 знаков")
    try:
        user = pwd.getpwnam(name)
    except KeyError:
        _need_root(f"создать пользователя {name}")
        subprocess.run(
            ["useradd", "--create-home", "--shell", "/bin/bash", "--groups", group, "--key", "HOME_MODE=0700", name],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(name)
    if name not in grp.getgrnam(group).gr_mem and user.pw_gid != grp.getgrnam(group).gr_gid:
        _need_root(f"добавить {name} в группу {group}")
        subprocess.run(["usermod", "--append", "--groups", group, name], check=True, capture_output=True)
    return user


def prepare_exchange(root: Path | str, trainer: str, group: str, course_id: str = COURSE_ID) -> Path:
    """nbgrader's exchange at ``root``, as its default exchange needs it.

    nbgrader requires the exchange root to be writable by everyone (it checks for mode 777
    and would chmod it), so the root is root-owned ``1777`` (sticky: nobody removes what
    another made); the course folder inside is made in advance, owned by the trainer, so no
    learner can take the course's name first. nbgrader itself makes ``outbound`` (0755),
    ``inbound`` (2733: learners drop, cannot list) and ``feedback`` (0711: fetched by hash).
    The folder holding the exchange, when it is ours (empty or only the exchange), is
    ``root:<group> 0750``: local users outside the course group cannot reach the exchange.
    """
    _need_root("подготовить обмен nbgrader")
    root = Path(root)
    gate = root.parent
    gid = ensure_group(group)
    trainer_pw = pwd.getpwnam(trainer)
    gate.mkdir(parents=True, exist_ok=True)
    if {p.name for p in gate.iterdir()} <= {root.name, "hub"} and gate != Path("/"):
        os.chown(gate, 0, gid)
        gate.chmod(0o750)
    root.mkdir(exist_ok=True)
    os.chown(root, 0, 0)
    root.chmod(0o1777)
    course = root / course_id
    course.mkdir(exist_ok=True)
    os.chown(course, trainer_pw.pw_uid, trainer_pw.pw_gid)
    course.chmod(0o755)
    return root


def prepare_course(folder: Path | str, trainer: str, source: Path | None = None) -> Path:
    """The trainer's course directory: this repository's instructor sources of every module, an
    ``nbgrader_config.py``, owned by the trainer, closed to everyone else (solutions, gradebook)."""
    from .grading.course import Course

    folder = Path(folder)
    pw = pwd.getpwnam(trainer)
    if not (folder / "solutions").is_dir():
        course = Course.scratch(folder, Course(source or repo_root()).assignments())
        del course
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, pw.pw_uid, pw.pw_gid, follow_symlinks=False)
    folder.chmod(0o700)
    return folder


def setup_machine(
    env: UserEnv,
    trainer: str = DEFAULT_TRAINER,
    group: str = DEFAULT_GROUP,
    exchange: Path = DEFAULT_EXCHANGE,
    course: Path | None = None,
) -> Path:
    """Group, trainer, the trainer's course, the exchange; returns the course directory."""
    _need_root("подготовить машину для JupyterHub")
    ensure_group(group)
    pw = ensure_user(trainer, group)
    course = Path(course or Path(pw.pw_dir) / COURSE_ID)
    prepare_course(course, trainer)
    prepare_exchange(exchange, trainer, group)
    return course


# ---- running the hub ------------------------------------------------------------------------------


def proxy_command() -> str | None:
    """configurable-http-proxy: on PATH, or installed by CI into .ci/node (npm --prefix)."""
    local = repo_root() / ".ci" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    return shutil.which("configurable-http-proxy") or (str(local) if local.is_file() else None)


def hub_environment(
    env: UserEnv,
    *,
    port: int = 8000,
    trainer: str = DEFAULT_TRAINER,
    group: str = DEFAULT_GROUP,
    exchange: Path = DEFAULT_EXCHANGE,
    state: Path = DEFAULT_STATE,
    course: Path | None = None,
    db_url: str | None = None,
    api_token: str | None = None,
    internal_port: int = 8081,
    proxy_api_port: int = 8001,
) -> dict[str, str]:
    """The process environment ``deploy/hub/jupyterhub_config.py`` reads."""
    proxy = proxy_command()
    if not proxy:
        raise KitError(
            "configurable-http-proxy не найден: `npm install -g configurable-http-proxy` "
            "или `npm install --prefix .ci/node configurable-http-proxy@5`"
        )
    values = {
        "PROMTOUR_HUB_ENV": str(env.prefix),
        "PROMTOUR_HUB_TRAINER": trainer,
        "PROMTOUR_HUB_GROUP": group,
        "PROMTOUR_EXCHANGE": str(exchange),
        "PROMTOUR_HUB_STATE": str(state),
        "PROMTOUR_HUB_PORT": str(port),
        "PROMTOUR_HUB_INTERNAL_PORT": str(internal_port),
        "PROMTOUR_HUB_PROXY_API_PORT": str(proxy_api_port),
        "PROMTOUR_HUB_PROXY": proxy,
    }
    if course:
        values["PROMTOUR_HUB_COURSE"] = str(course)
    if db_url:
        values["PROMTOUR_DB_URL"] = db_url
    if api_token:
        values["PROMTOUR_HUB_API_TOKEN"] = api_token
    base = {k: v for k, v in os.environ.items() if not k.startswith("PROMTOUR_")}
    return {**base, **values}


def api_token(state: Path | str = DEFAULT_STATE) -> str:
    """The ``promtour-admin`` service's token: ``$PROMTOUR_HUB_API_TOKEN``, or kept in ``<state>/api_token``
    (root only), made on first use."""
    if os.environ.get("PROMTOUR_HUB_API_TOKEN"):
        return os.environ["PROMTOUR_HUB_API_TOKEN"]
    path = Path(state) / "api_token"
    if path.is_file():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(token + "\n")
    return token


def hub_command(env: UserEnv) -> list[str]:
    """The hub runs from the same environment as the users' servers (it has the ``hub`` extra)."""
    return [str(env.bin("jupyterhub")), "-f", str(hub_config_file())]


def serve(env: UserEnv, environment: dict[str, str]) -> int:
    """Run the hub in the foreground (Ctrl+C stops it and every user's server)."""
    _need_root("запустить JupyterHub с учётными записями Unix")
    state = Path(environment["PROMTOUR_HUB_STATE"])
    state.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(hub_command(env), env=environment, cwd=state)
    try:
        return proc.wait()
    except KeyboardInterrupt:  # the hub got the terminal's SIGINT too and stops the users' servers
        try:
            return proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()


# ---- the REST client --------------------------------------------------------------------------------


class HubError(KitError):
    def __init__(self, method: str, url: str, status: int, body: str):
        super().__init__(f"{method} {url}: HTTP {status} {body[:500]}")
        self.status = status


@dataclass
class Hub:
    """The hub's REST API at ``url`` (the proxy's address) with ``token``."""

    url: str
    token: str
    timeout: float = 300.0
    _user_tokens: dict[str, str] = field(default_factory=dict, repr=False)

    def request(
        self,
        method: str,
        path: str,
        body: object = None,
        token: str | None = None,
        ok: Iterable[int] = (200, 201, 202, 204),
    ) -> object:
        url = self.url.rstrip("/") + path
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            url,
            data=data,
            method=method,
            headers={
                "Authorization": f"token {token or self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                status, text = resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode("utf-8", "replace")
        if status not in set(ok):
            raise HubError(method, url, status, text)
        if not text.strip():
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text

    # hub API
    def api(self, method: str, path: str, body: object = None, **kw) -> Any:
        return self.request(method, "/hub/api" + path, body, **kw)

    def users(self) -> dict[str, dict]:
        return {u["name"]: u for u in self.api("GET", "/users")}

    def create_users(self, names: list[str]) -> None:
        if names:
            self.api("POST", "/users", {"usernames": names})

    def ensure_group(self, group: str) -> None:
        groups = {g["name"] for g in self.api("GET", "/groups")}
        if group not in groups:
            self.api("POST", f"/groups/{group}")

    def add_to_group(self, group: str, names: list[str]) -> None:
        self.ensure_group(group)
        if names:
            self.api("POST", f"/groups/{group}/users", {"users": names})

    def group_members(self, group: str) -> list[str]:
        return list(self.api("GET", f"/groups/{group}")["users"])

    def user_token(self, name: str) -> str:
        """A token of ``name`` (made once per client) for that user's own server."""
        if name not in self._user_tokens:
            made = self.api("POST", f"/users/{name}/tokens", {"note": "promtour", "expires_in": 4 * 3600})
            self._user_tokens[name] = made["token"]
        return self._user_tokens[name]

    def start_server(self, name: str, wait: bool = True, timeout: float = 180) -> None:
        info = self.api("GET", f"/users/{name}")
        if not (info.get("servers") or {}).get("", {}).get("ready"):
            self.api("POST", f"/users/{name}/server", ok=(201, 202, 400))  # 400: already starting
        if wait:
            self.wait_ready(name, timeout)

    def wait_ready(self, name: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = (self.api("GET", f"/users/{name}").get("servers") or {}).get("")
            if server and server.get("ready"):
                return
            time.sleep(0.5)
        raise KitError(f"сервер пользователя {name} не запустился за {timeout:.0f} с")

    def stop_server(self, name: str) -> None:
        self.api("DELETE", f"/users/{name}/server", ok=(202, 204, 400, 404))

    # a user's server through the proxy, as that user
    def server(self, name: str, method: str, path: str, body: object = None, **kw) -> object:
        return self.request(method, f"/user/{name}{path}", body, token=self.user_token(name), **kw)

    def formgrader(self, trainer: str, method: str, path: str, body: object = None) -> object:
        """The trainer's formgrader API (``/formgrader/api…``); nbgrader steps must succeed."""
        result = self.server(trainer, method, f"/formgrader/api{path}", body)
        if isinstance(result, dict) and result.get("success") is False:
            raise KitError(f"formgrader {path}: {result.get('error') or result.get('log') or result}")
        return result


# ---- roster import -----------------------------------------------------------------------------------


if TYPE_CHECKING:
    from .certificates.roster import RosterReport


@dataclass
class HubRosterReport:
    roster: RosterReport
    created: list[str] = field(default_factory=list)  # new hub (and Unix) users
    existing: list[str] = field(default_factory=list)
    students: list[str] = field(default_factory=list)  # written to the gradebook

    @property
    def ok(self) -> bool:
        return self.roster.ok


def check_hub_roster(path: Path | str, fix: bool = False, encoding: str | None = None):
    """The certificates' roster check, plus: every id must be usable as a hub/Unix user name."""
    from .certificates.roster import RowIssue, check_roster, read_table

    report = check_roster(path, fix=fix, encoding=encoding)
    bad = [learner.learner_id for learner in report.learners if not UNIX_NAME.match(learner.learner_id)]
    if bad:
        numbers: dict[str, int] = {}  # row numbers for the messages
        table, _ = read_table(Path(path), encoding)
        for number, cells in table[1:]:
            for cell in cells:
                if cell.strip() in bad:
                    numbers.setdefault(cell.strip(), number)
        for lid in bad:
            report.errors.append(
                RowIssue(
                    numbers.get(lid, 0),
                    f"id «{lid}» не годится в имя пользователя на сервере: строчная "
                    "латиница, цифры, _ и -, начинается с буквы, до 32 знаков",
                    lid,
                )
            )
        report.errors.sort(key=lambda e: e.row)
        report.learners = [le for le in report.learners if le.learner_id not in bad]
    return report


def import_roster(
    hub: Hub,
    path: Path | str,
    trainer: str = DEFAULT_TRAINER,
    skip_bad: bool = False,
    fix: bool = False,
    encoding: str | None = None,
) -> HubRosterReport:
    """Roster → hub users (Unix accounts in the course group, made by the hub), the hub's learner
    group, and gradebook students with full names — in one step. With problems in the file and
    without ``skip_bad`` nothing is written."""
    roster = check_hub_roster(path, fix=fix, encoding=encoding)
    result = HubRosterReport(roster)
    if (roster.errors and not skip_bad) or not roster.learners:
        return result
    names = [le.learner_id for le in roster.learners]
    if trainer in names:
        raise KitError(f"в списке слушателей есть тренер «{trainer}»")
    known = hub.users()
    result.existing = [n for n in names if n in known]
    result.created = [n for n in names if n not in known]
    hub.create_users(result.created)
    hub.add_to_group(LEARNERS_GROUP, names)
    hub.start_server(trainer)
    for le in roster.learners:
        # nbgrader's gradebook has no patronymic: it goes with the first name (as the certificates do)
        first = " ".join(p for p in (le.first_name, le.patronymic) if p)
        hub.formgrader(
            trainer,
            "PUT",
            f"/student/{le.learner_id}",
            {"last_name": le.last_name, "first_name": first, "email": le.email},
        )
        result.students.append(le.learner_id)
    return result
