"""The Python environment every single-user server and kernel runs from.

It must be readable by every local user, so it is a venv of the system's ``python3`` outside
any private home, with the kit installed non-editable (versions from ``requirements.lock``),
the datasets in ``share/promtour/data`` and the per-role Jupyter/nbgrader configuration in
``etc/promtour-hub/{grader,learner}``.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import KitError
from ..paths import repo_root
from . import DEFAULT_ENV, ROLES, SYSTEM_PYTHON

LOCK = "requirements.lock"


def deploy_dir() -> Path:
    return repo_root() / "deploy" / "hub"


def hub_config_file() -> Path:
    return deploy_dir() / "jupyterhub_config.py"


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

    Dependencies are installed when ``pyproject.toml``, the lock or the interpreter changed
    (minutes, from the package index); the kit itself, its data and the hub's per-role
    configuration when they changed (seconds). ``source`` is the kit's checkout.
    """
    prefix = Path(prefix).resolve()
    source = Path(source or repo_root()).resolve()
    if not Path(python).is_file():
        raise KitError(f"Нет интерпретатора {python}: установите python3 и python3-venv (Debian/Ubuntu)")
    prefix.parent.mkdir(parents=True, exist_ok=True)
    version = subprocess.run(
        [python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True, check=True
    ).stdout.strip()
    deps_key = _digest([source / "pyproject.toml", source / LOCK], source, f"{python} {version}")
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
            log(f"окружение {prefix}: устанавливаю зависимости из {LOCK} (несколько минут)")
            if prefix.exists():
                shutil.rmtree(prefix)
            subprocess.run([python, "-m", "venv", str(prefix)], check=True)
            _pip(env, "install", "--quiet", "--upgrade", "pip", "setuptools>=77", "wheel")
            with _kit_copy(source) as copy:  # the kit's extras at the versions of the lock
                _pip(env, "install", "--quiet", "--constraint", str(copy / LOCK), f"{copy}[hub]")
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
        for name in ("pyproject.toml", "README.md", LOCK):
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
