"""The hub process: the settings ``deploy/hub/jupyterhub_config.py`` reads, the admin service's
token, serving in the foreground."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import KitError
from ..paths import repo_root
from . import DEFAULT_EXCHANGE, DEFAULT_GROUP, DEFAULT_IDLE_TIMEOUT, DEFAULT_PORT, DEFAULT_STATE, DEFAULT_TRAINER
from .accounts import need_root
from .environment import UserEnv, hub_config_file
from .limits import Limits

AUTH_MODES = ("invitation", "lti")


@dataclass(frozen=True)
class LtiPlatform:
    """An LMS (Moodle) registered for LTI 1.3 sign-in: what its «Сведения о настройке инструмента» show."""

    issuer: str  # «ID платформы», the Moodle site's address
    client_id: str  # «ID клиента»
    authorize_url: str  # «URL запроса аутентификации»: <site>/mod/lti/auth.php
    jwks_url: str  # «URL набора открытых ключей»: <site>/mod/lti/certs.php
    trainer_email: str = ""  # the trainer's e-mail in the LMS: signs in as the hub's trainer

    def env(self) -> dict[str, str]:
        return {
            "PROMTOUR_LTI_ISSUER": self.issuer,
            "PROMTOUR_LTI_CLIENT_ID": self.client_id,
            "PROMTOUR_LTI_AUTHORIZE_URL": self.authorize_url,
            "PROMTOUR_LTI_JWKS_URL": self.jwks_url,
            "PROMTOUR_LTI_TRAINER_EMAIL": self.trainer_email,
        }


def read_lti_platform(path: Path) -> LtiPlatform:
    """The LMS's settings from a TOML file (``issuer``, ``client_id``, ``authorize_url``, ``jwks_url``,
    optionally ``trainer_email``), checked with a Russian message for what is missing."""
    import tomllib

    try:
        values = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise KitError(f"Не удалось прочитать настройки LTI {path}: {exc}") from None
    needed = ("issuer", "client_id", "authorize_url", "jwks_url")
    missing = [key for key in needed if not str(values.get(key, "")).strip()]
    if missing:
        raise KitError(f"В {path} не хватает: {', '.join(missing)} (см. docs/hub.md, «Вход из Moodle»)")
    text = {key: str(value).strip() for key, value in values.items()}
    return LtiPlatform(
        text["issuer"], text["client_id"], text["authorize_url"], text["jwks_url"], text.get("trainer_email", "")
    )


def proxy_command() -> str | None:
    """configurable-http-proxy: on PATH, or installed by CI into .ci/node (npm --prefix)."""
    local = repo_root() / ".ci" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    return shutil.which("configurable-http-proxy") or (str(local) if local.is_file() else None)


def hub_environment(
    env: UserEnv,
    *,
    port: int = DEFAULT_PORT,
    trainer: str = DEFAULT_TRAINER,
    group: str = DEFAULT_GROUP,
    exchange: Path = DEFAULT_EXCHANGE,
    state: Path = DEFAULT_STATE,
    course: Path | None = None,
    db_url: str | None = None,
    api_token: str | None = None,
    internal_port: int = 8081,
    proxy_api_port: int = 8001,
    limits: Limits = Limits(),
    idle_timeout: int = DEFAULT_IDLE_TIMEOUT,
    lti: LtiPlatform | None = None,
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
        **limits.env(),
        "PROMTOUR_HUB_IDLE_TIMEOUT": str(idle_timeout),
        "PROMTOUR_HUB_AUTH": "lti" if lti else "invitation",
        **(lti.env() if lti else {}),
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
    need_root("запустить JupyterHub с учётными записями Unix")
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
