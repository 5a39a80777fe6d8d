"""Student kernels in a sandbox: limits, no view of the course's secrets, no network.

nbgrader starts one kernel per submission. :class:`LimitedKernelManager` starts it through
a small launcher that sets resource limits (address space, processes, file size, CPU time)
and, when the grader runs as root, switches to an unprivileged user id of its own, with a
private HOME and TMPDIR. With ``sandbox = "bwrap"`` (the default wherever Debian's
``bubblewrap`` works) the launcher itself runs inside a bubblewrap sandbox:

* the whole file system read-only, with ``/root``, ``/home``, ``/run``, the course root
  (``solutions/``, ``grading/`` with the gradebook and other learners' work,
  ``certificates/`` keys) and the kit's checkout hidden behind empty read-only tmpfs;
* re-exposed read-only: the interpreter's prefix, the venv, every ``sys.path`` folder of
  the kernel's interpreter (editable ``src/``), ``data/``;
* writable: a private copy of the kernel's working folder (the submission), its own HOME,
  ``/tmp`` and ``/dev/shm``, all in one temporary folder removed after the kernel;
* own network (loopback only, nothing listens), PID, IPC and UTS namespaces; the kernel
  dies with the grader (``--die-with-parent``);
* the kernel talks to the grader over Unix sockets (ZeroMQ ``ipc``) whose absolute path
  lies in that private folder, bound at the same path inside the sandbox.

Together with nbgrader's per-cell timeout this turns infinite loops, memory bombs, fork
bombs, huge outputs and ``sys.exit`` into errors of that one submission. The mode is the
trait ``LimitedKernelManager.sandbox`` (``auto`` | ``bwrap`` | ``off``), by default from
``$PROMTOUR_SANDBOX`` or ``auto`` (bwrap when it works, else a warning and limits only).
What is *not* isolated: see ``docs/sandbox.md``.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import Bool, CaselessStrEnum, Dict, Integer, List, Unicode, default

from ..errors import KitError

MB = 1024 * 1024
SANDBOX_ENV = "PROMTOUR_SANDBOX"
MODES = ("auto", "bwrap", "off")
SANDBOX_UIDS = range(200_000, 300_000)  # unprivileged ids of student kernels (no passwd entry)
ALWAYS_HIDDEN = ("/root", "/home", "/run", "/var/tmp", "/media", "/mnt")
# environment a kernel keeps (everything else, e.g. a PostgreSQL URL with a password, is dropped)
ENV_KEEP = (
    "PATH",
    "LANG",
    "LANGUAGE",
    "TZ",
    "TERM",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
    "PYTHONHASHSEED",
    "PROMTOUR_DATA",
    "PROMTOUR_ROOT",
    "MPLBACKEND",
    "VIRTUAL_ENV",
    "JUPYTER_PATH",
)
ENV_KEEP_PREFIXES = ("LC_", "JPY_")
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


class SandboxWarning(UserWarning):
    """Student kernels run without bubblewrap isolation."""


class SandboxError(KitError):
    """``sandbox = "bwrap"`` was asked for but bubblewrap cannot run here."""


INSTALL_HINT = (
    "установите bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`) или явно "
    f"отключите изоляцию: {SANDBOX_ENV}=off"
)


@functools.cache
def bwrap_problem() -> str | None:
    """Why bubblewrap cannot sandbox a kernel here, or None when it can (probed once)."""
    exe = shutil.which("bwrap")
    if not exe:
        return "bubblewrap (bwrap) не найден"
    probe = [
        exe,
        "--unshare-ipc",
        "--unshare-pid",
        "--unshare-net",
        "--unshare-uts",
        "--die-with-parent",
        "--ro-bind",
        "/",
        "/",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--tmpfs",
        "/tmp",
        "--",
        "true",
    ]
    try:
        run = subprocess.run(probe, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap не запускается: {exc}"
    if run.returncode:
        return f"bwrap не запускается: {run.stderr.strip() or run.returncode} (нужны user namespaces или root)"
    return None


def sandbox_mode(requested: str) -> str:
    """``bwrap`` or ``off`` for a requested mode; ``auto`` warns (once) when it falls back."""
    requested = requested.lower()
    if requested not in MODES:
        raise SandboxError(f"{SANDBOX_ENV}/LimitedKernelManager.sandbox: «{requested}», ожидалось одно из {MODES}")
    if requested == "off":
        return "off"
    problem = bwrap_problem()
    if problem is None:
        return "bwrap"
    if requested == "bwrap":
        raise SandboxError(f"Песочница для кода слушателей недоступна: {problem}; {INSTALL_HINT}")
    _warn_once(
        f"Код слушателей выполняется без песочницы (видит solutions/, журнал оценок, сеть): {problem}. "
        f"Только лимиты времени и памяти. Чтобы изолировать, {INSTALL_HINT.split(' или ')[0]}; "
        f"чтобы убрать это предупреждение, {SANDBOX_ENV}=off."
    )
    return "off"


def preflight(config=None) -> str:
    """The mode autograding will use (``bwrap`` or ``off``), from ``config`` (a traitlets Config,
    e.g. ``Course.config``) or ``$PROMTOUR_SANDBOX``. Call it before a batch: a missing bubblewrap
    with ``bwrap`` or a typo raises :class:`SandboxError` here instead of failing every submission."""
    requested = None
    if config is not None and "LimitedKernelManager" in config and "sandbox" in config.LimitedKernelManager:
        requested = config.LimitedKernelManager.sandbox
    return sandbox_mode(requested or os.environ.get(SANDBOX_ENV, "auto").strip() or "auto")


@functools.cache
def _warn_once(message: str) -> None:
    warnings.warn(message, SandboxWarning, stacklevel=3)


def sandbox_hidden_paths(root: Path | str, db_url: str | None = None) -> list[str]:
    """What a course hides from kernels besides the defaults: its root and a SQLite gradebook's folder."""
    hidden = [str(Path(root).resolve())]
    from .config import sqlite_path  # config imports this module

    if db_url and (path := sqlite_path(db_url)):
        hidden.append(str(path.resolve().parent))
    return hidden


def _default_hidden() -> list[str]:
    from ..paths import repo_root

    return [str(repo_root())]


class LimitedKernelManager(AsyncKernelManager):
    """Starts the kernel through the limiting launcher, in bubblewrap when asked, and cleans up."""

    memory_mb = Integer(2048, help="Address-space limit of a student kernel, MiB.").tag(config=True)
    max_processes = Integer(64, help="Processes/threads a student kernel may add.").tag(config=True)
    max_file_mb = Integer(64, help="Largest file a student kernel may write, MiB.").tag(config=True)
    max_output_mb = Integer(2, help="Text a cell may print before printing raises an error, MiB.").tag(config=True)
    max_cpu_s = Integer(900, help="CPU seconds of the kernel process over all its cells.").tag(config=True)
    drop_root = Bool(True, help="When the grader is root, run the kernel as an unprivileged uid.").tag(config=True)
    sandbox = CaselessStrEnum(list(MODES), help=f"auto | bwrap | off (default: ${SANDBOX_ENV} or auto).").tag(
        config=True
    )
    hide = List(Unicode(), help="More folders the sandboxed kernel must not see (the course root).").tag(config=True)
    expose = List(Unicode(), help="More folders the sandboxed kernel may read (inside hidden ones).").tag(config=True)

    _private: Path | None = None
    _mode: str = "off"

    @default("sandbox")
    def _sandbox_default(self) -> str:
        value = os.environ.get(SANDBOX_ENV, "auto").strip().lower() or "auto"
        if value not in MODES:
            raise SandboxError(f"{SANDBOX_ENV}={value}: ожидалось одно из {MODES}")
        return value

    async def _async_pre_start_kernel(self, **kw):
        self._mode = sandbox_mode(self.sandbox)
        if self._private is None:
            self._private = Path(tempfile.mkdtemp(prefix="promtour-kernel-"))
            for sub in ("home", "tmp", "shm", "ipc"):
                (self._private / sub).mkdir()
        self.connection_file = str(self._private / "connection.json")
        # ZeroMQ over Unix sockets in the kernel's private folder, sandbox or not: no TCP ports that
        # parallel kernels could race for, and the only way in a sandbox without a network
        self.transport = "ipc"
        self.ip = str(self._private / "ipc" / "kernel")
        self.cache_ports = False
        if self._mode == "bwrap":
            # SIGINT to bwrap's process group would kill bwrap itself; the kernel interrupts itself
            if self.kernel_spec is not None:
                self.kernel_spec.interrupt_mode = "message"
        return await super()._async_pre_start_kernel(**kw)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        cmd = super().format_kernel_cmd(extra_arguments)
        cmd.append(f"--IPKernelApp.exec_lines={_output_limit_code(self.max_output_mb * MB)}")
        private = self._private
        assert private is not None, "format_kernel_cmd before _async_pre_start_kernel"
        sandboxed = self._mode == "bwrap"
        uid = _free_uid() if self.drop_root and os.geteuid() == 0 and (sandboxed or self._can_drop_root()) else None
        _seed_matplotlib_cache(private / "home")
        if uid is not None:
            for path in [private, *private.rglob("*")]:
                os.chown(path, uid, uid, follow_symlinks=False)
        launcher = [
            sys.executable,
            "-I",
            "-S",
            "-c",
            LAUNCHER,
            "--home",
            str(private / "home"),
            "--tmp",
            "/tmp" if sandboxed else str(private / "tmp"),
            "--memory-mb",
            str(self.memory_mb),
            "--max-file-mb",
            str(self.max_file_mb),
            "--cpu-s",
            str(self.max_cpu_s),
            "--nproc",
            str(_tasks_of(uid if uid is not None else os.getuid()) + self.max_processes),
        ]
        if uid is not None:
            launcher += ["--uid", str(uid)]
        if sandboxed:
            launcher += ["--in-bwrap", "--log", str(private / "kernel.log")]
        launcher += ["--", *cmd]
        if not sandboxed:
            return launcher
        work = private / "work"
        cwd = Path(str((self._launch_args or {}).get("cwd") or work)).resolve()
        if cwd != work and cwd.is_dir():  # the submission's folder, copied: writes stay private
            shutil.copytree(cwd, work, symlinks=True, dirs_exist_ok=True)
        work.mkdir(exist_ok=True)
        if uid is not None:
            for path in [work, *work.rglob("*")]:
                os.chown(path, uid, uid, follow_symlinks=False)
        bwrap = self._bwrap_args(cmd[0], private, cwd)
        if uid is None and os.geteuid() == 0:  # a root kernel must not be able to unmount the masks
            bwrap[1:1] = ["--cap-drop", "ALL"]
        return bwrap + launcher

    def _bwrap_args(self, python: str, private: Path, cwd: Path) -> list[str]:
        """Mounts in order: hide, give the private /tmp, re-expose read-only, bind the private folders."""
        configured = _outermost([Path(p) for p in (*ALWAYS_HIDDEN, *_default_hidden(), *self.hide)])
        hidden = [p for p in configured if p.is_dir() and not _under(p, Path("/tmp"))]  # /tmp: replaced whole
        masked = [*hidden, Path("/tmp")]
        wanted = [*_interpreter_paths(python), *(Path(p) for p in self.expose)]
        if self.kernel_spec is not None and self.kernel_spec.resource_dir:
            wanted.append(Path(self.kernel_spec.resource_dir))
        from ..paths import data_dir

        wanted.append(data_dir())
        secret = [*configured, *masked, private]
        exposed = _outermost([p.resolve() for p in wanted if p.exists()])
        # never re-expose a hidden folder (or an ancestor of one, like the course root from sys.path)
        exposed = [
            p
            for p in exposed
            if any(_under(p, m) for m in masked) and not any(_under(h, p) for h in secret) and p != Path("/")
        ]
        args = [
            shutil.which("bwrap") or "bwrap",
            "--unshare-ipc",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--hostname",
            "sandbox",
            "--die-with-parent",
            "--new-session",
            "--ro-bind",
            "/",
            "/",
            "--dev",
            "/dev",
            "--proc",
            "/proc",
        ]
        for path in hidden:
            args += ["--size", str(MB), "--tmpfs", str(path)]
        args += ["--bind", str(private / "tmp"), "/tmp", "--bind", str(private / "shm"), "/dev/shm"]
        # bwrap would create the folders leading to a mount point inside a mask with mode 0700
        targets = [*exposed, private, cwd]
        for folder in sorted({a for t in targets for a in t.parents if any(_under(a, m) and a != m for m in masked)}):
            args += ["--perms", "0755", "--dir", str(folder)]
        for path in exposed:
            args += ["--ro-bind", str(path), str(path)]
        args += ["--bind", str(private), str(private), "--bind", str(private / "work"), str(cwd)]
        for path in hidden:
            args += ["--remount-ro", str(path)]
        return args + ["--chdir", str(cwd), "--"]

    def _can_drop_root(self) -> bool:
        """Root, and another user could still reach Python and the course code (sandbox off)."""
        needed = (Path(sys.executable).resolve(), Path(sys.executable), Path(__file__).resolve(), Path.cwd())
        return self.drop_root and os.geteuid() == 0 and all(map(_world_reachable, needed))

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if self._private and not restart:
            shutil.rmtree(self._private, ignore_errors=True)
            self._private = None

    # AsyncKernelManager binds cleanup_resources to the base function; nbclient calls it when the
    # kernel died (os._exit), so it must be ours too
    cleanup_resources = _async_cleanup_resources


class LimitedExecute(Execute):
    """nbgrader's Execute with :class:`LimitedKernelManager` (Execute hard-codes its manager),
    and a timeout that explains itself in Russian in the learner's feedback."""

    error_on_timeout = Dict(
        default_value={
            "ename": "CellTimeoutError",
            "evalue": "ячейка не уложилась в лимит времени автопроверки",
            "traceback": [
                "\x1b[0;31mCellTimeoutError\x1b[0m: ячейка выполнялась дольше лимита автопроверки "
                "и была прервана (бесконечный цикл? слишком долгий расчёт?)"
            ],
        },
        help=Execute.error_on_timeout.help,
    ).tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = LimitedKernelManager
        super().__init__(*args, **kwargs)


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _outermost(paths: list[Path]) -> list[Path]:
    """Sorted, without duplicates and without paths inside another one of the list."""
    result: list[Path] = []
    for path in sorted({p.resolve() if p.exists() else p for p in paths}):
        if not any(_under(path, kept) for kept in result):
            result.append(path)
    return result


@functools.cache
def _sys_path_of(python: str) -> tuple[str, ...]:
    out = subprocess.run(
        [python, "-c", "import json, sys; print(json.dumps(sys.path[1:]))"],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=120,
    )
    return tuple(json.loads(out.stdout)) if out.returncode == 0 else ()


def _interpreter_paths(python: str) -> list[Path]:
    """Folders the kernel's interpreter reads: prefixes and its own sys.path (e.g. an editable src/)."""
    import promtour

    paths = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        str(Path(sys.executable).resolve().parent.parent),
        str(Path(promtour.__file__).resolve().parents[1]),
    }
    python_path = Path(python)
    if python_path.is_file():
        paths |= {str(python_path.resolve().parent.parent), str(python_path.parent.parent)}
        paths |= set(_sys_path_of(python))
    return [Path(p) for p in paths if p]


def _world_reachable(path: Path) -> bool:
    """Every folder above ``path`` lets other users through (o+x)."""
    return all(os.stat(p).st_mode & 0o001 for p in path.parents)


def processes_of(uid: int) -> dict[int, int]:
    """The user's processes: pid -> number of threads (from /proc)."""
    found = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except (OSError, ValueError):
            continue
        if fields.get("Uid", "").split()[:1] == [str(uid)]:
            found[int(status.parent.name)] = int(fields.get("Threads", "1"))
    return found


def _tasks_of(uid: int) -> int:
    """Processes and threads the user already runs (RLIMIT_NPROC counts them all)."""
    return sum(processes_of(uid).values())


def _free_uid() -> int:
    """An unprivileged uid no process uses now (RLIMIT_NPROC is per uid, so kernels must not share)."""
    while True:
        uid = SANDBOX_UIDS.start + secrets.randbelow(len(SANDBOX_UIDS))
        if _tasks_of(uid) == 0:
            return uid


def _seed_matplotlib_cache(home: Path) -> None:
    """Copy the grader's matplotlib font list so every kernel does not rebuild it (seconds each)."""
    for cache in (Path.home() / ".cache" / "matplotlib", Path.home() / ".matplotlib"):
        for fontlist in cache.glob("fontlist-v*.json") if cache.is_dir() else ():
            target = home / ".matplotlib"
            target.mkdir(exist_ok=True)
            shutil.copy2(fontlist, target / fontlist.name)


def _output_limit_code(limit: int) -> str:
    """Kernel start-up code: printing more than ``limit`` characters in one cell raises an error.

    Guards the grader's memory against ``while True: print(...)``. ipykernel's streams pass every
    write to their ``echo`` file first (IPython re-wraps ``write`` itself around each cell, so that
    cannot be patched), and an error from it reaches ``print``. A hostile cell can undo this.
    """
    return f"""class _PromtourOutputLimit:
    def __init__(self, limit):
        self.limit = self.left = limit
    def write(self, text):
        self.left -= len(text)
        if self.left < 0:
            self.left = 65536  # room for the traceback
            raise RuntimeError("Ячейка вывела больше {limit // MB} МБ текста; вывод остановлен автопроверкой")
    def flush(self):
        pass
    def reset(self):
        self.left = self.limit
import sys as _sys
_limit = _PromtourOutputLimit({limit})
for _stream in (_sys.stdout, _sys.stderr):
    if getattr(_stream, "echo", 0) is None:
        _stream.echo = _limit
get_ipython().events.register("pre_execute", _limit.reset)
del _PromtourOutputLimit, _sys, _limit, _stream"""


# The launcher runs as ``python -I -S -c LAUNCHER``: standard library only, so a kernel start
# does not pay for importing nbgrader, and nothing from the environment changes what it does.
LAUNCHER = (
    r"""
import argparse, os, resource, sys
MB = 1024 * 1024
p = argparse.ArgumentParser(prog="promtour-kernel-launcher")
for name in ("--home", "--tmp"):
    p.add_argument(name, required=True)
for name in ("--memory-mb", "--max-file-mb", "--cpu-s", "--nproc"):
    p.add_argument(name, type=int, required=True)
p.add_argument("--uid", type=int)
p.add_argument("--in-bwrap", action="store_true")
p.add_argument("--log")
p.add_argument("cmd", nargs=argparse.REMAINDER)
a = p.parse_args(sys.argv[1:])
cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
def limit(kind, soft, hard=None):
    resource.setrlimit(kind, (soft, soft if hard is None else hard))
limit(resource.RLIMIT_AS, a.memory_mb * MB)
limit(resource.RLIMIT_FSIZE, a.max_file_mb * MB)
limit(resource.RLIMIT_CORE, 0)
limit(resource.RLIMIT_CPU, a.cpu_s, a.cpu_s + 5)
limit(resource.RLIMIT_NPROC, a.nproc)
keep = set(KEEP)
env = {k: v for k, v in os.environ.items() if k in keep or k.startswith(PREFIXES)}
threads = str(min(4, os.cpu_count() or 1))
env.update({k: os.environ.get(k, threads) for k in THREADS})
env.update(HOME=a.home, TMPDIR=a.tmp, USER="learner", LOGNAME="learner",
           MPLCONFIGDIR=os.path.join(a.home, ".matplotlib"), IPYTHONDIR=os.path.join(a.home, ".ipython"),
           JUPYTER_RUNTIME_DIR=os.path.join(a.home, ".runtime"), PYTHONDONTWRITEBYTECODE="1")
if a.in_bwrap:  # the parent is the sandbox's PID 1; ipykernel skips parent polling for 1
    env["JPY_PARENT_PID"] = "1"  # (the grader's pid would look like an orphaned kernel; bwrap kills us with it)
if a.log:  # the kernel's own stdout/stderr (not cell output): a fork bomb's children flood it
    fd = os.open(a.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
if a.uid is not None:
    os.setgroups([])
    os.setgid(a.uid)
    os.setuid(a.uid)
os.execve(cmd[0], cmd, env)
""".replace("KEEP", repr(ENV_KEEP))
    .replace("PREFIXES", repr(ENV_KEEP_PREFIXES))
    .replace("THREADS", repr(THREAD_VARS))
)


def main(argv: list[str] | None = None) -> None:
    """``python -m promtour.grading.sandbox --home … -- <kernel cmd>``: the launcher, for debugging."""
    sys.argv = ["promtour-kernel-launcher", *(sys.argv[1:] if argv is None else argv)]
    exec(compile(LAUNCHER, "<promtour-kernel-launcher>", "exec"), {"__name__": "__launcher__"})


if __name__ == "__main__":
    main()
