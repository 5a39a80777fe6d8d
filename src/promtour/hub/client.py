"""A small client of the hub's REST API, and through the proxy, of users' own servers (the
formgrader's API, the assignment list's API, the contents API)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import KitError


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
