"""What a training centre's hub does besides the course loop, each on a real hub on loopback
(see hub_fixtures): per-learner limits, idle servers stopped, sign-in from Moodle by LTI 1.3."""

from __future__ import annotations

import json
import pwd
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from hub_fixtures import LocalHub, hub_user_env, pids_of  # noqa: F401  (hub_user_env is a fixture)

from promtour.hub.limits import Limits
from promtour.hub.process import LtiPlatform
from promtour.hub.roster import remember_learners
from promtour.learners import Learner

BOMB = """
chunks = []
try:
    while True:
        chunks.append(bytearray(64 * 2**20))
except MemoryError:
    size = len(chunks) * 64
    chunks.clear()
    print("MemoryError после", size, "МиБ")
"""


def _learners(hub: LocalHub, count: int) -> list[str]:
    names = [hub.learner_name(i) for i in range(1, count + 1)]
    hub.learners += names  # removed at the end whatever happens
    hub.hub.create_users(names)  # the hub makes their Unix accounts
    return names


def _execute(hub: LocalHub, user: str, kernel: str, code: str, timeout: float = 120) -> dict:
    """Run ``code`` in the user's kernel over its websocket, as JupyterLab does; stdout and the reply."""
    import websocket

    url = hub.hub.url.replace("http://", "ws://") + f"/user/{user}/api/kernels/{kernel}/channels"
    ws = websocket.create_connection(url, header=[f"Authorization: token {hub.hub.user_token(user)}"], timeout=timeout)
    msg_id = uuid.uuid4().hex
    request = {
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": uuid.uuid4().hex,
                   "username": user, "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True},
    }  # fmt: skip
    ws.send(json.dumps(request))
    stdout, status, idle, deadline = "", None, False, time.monotonic() + timeout
    try:  # done when the reply (shell) has come and the kernel is idle again (iopub): the channels interleave
        while time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                stdout += msg["content"]["text"]
            elif msg["msg_type"] == "execute_reply":
                status = msg["content"]["status"]
            elif msg["msg_type"] == "status":
                idle = msg["content"]["execution_state"] == "idle"
            if status is not None and idle:
                return {"status": status, "stdout": stdout}
    finally:
        ws.close()
    raise AssertionError(f"ядро {user} не ответило за {timeout} с")


def _limits_of(uid: int) -> dict[str, str]:
    """``/proc/<pid>/limits`` of one of the user's processes: name -> soft limit."""
    pid = next(iter(pids_of(uid)))
    lines = open(f"/proc/{pid}/limits").read().splitlines()[1:]
    return {line[:26].strip(): line[26:47].strip() for line in lines}


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_one_learners_memory_bomb_leaves_the_others_served(hub_user_env):  # noqa: F811
    with LocalHub(hub_user_env, limits=Limits(memory_mb=1024, nproc=300)) as hub:
        bomber, neighbour = _learners(hub, 2)
        for name in (bomber, neighbour):
            hub.hub.start_server(name)
        limits = _limits_of(pwd.getpwnam(bomber).pw_uid)
        assert limits["Max address space"] == str(1024 * 2**20) and limits["Max processes"] == "300", limits

        kernel = hub.hub.server(bomber, "POST", "/api/kernels", {"name": "python3"})["id"]
        answers: list[str] = []

        def neighbour_polls() -> None:
            while len(answers) < 5:
                answers.append(str(hub.hub.server(neighbour, "GET", "/api/status").get("started", "")))
                time.sleep(0.2)

        poller = threading.Thread(target=neighbour_polls)
        poller.start()
        result = _execute(hub, bomber, kernel, BOMB)
        poller.join(timeout=60)
        assert result["status"] == "ok" and "MemoryError после" in result["stdout"], result
        assert int(result["stdout"].split()[2]) <= 1024
        assert len(answers) == 5 and all(answers)  # the other learner's server answered throughout
        after = _execute(hub, bomber, kernel, "print(6 * 7)")
        assert after == {"status": "ok", "stdout": "42\n"}, after  # the kernel lives on


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_idle_servers_are_stopped(hub_user_env):  # noqa: F811
    timeout = 20
    with LocalHub(hub_user_env, idle_timeout=timeout) as hub:
        (learner,) = _learners(hub, 1)
        session = hub.session()
        signed_in = hub.sign_in(session, learner, "Пароль-простоя", hub.invite(learner)[learner])
        assert signed_in.url.endswith("/hub/home"), signed_in.url
        started = time.monotonic()
        hub.hub.start_server(learner)
        deadline = started + 150
        while time.monotonic() < deadline:
            if not hub.hub.api("GET", f"/users/{learner}").get("servers"):
                break
            time.sleep(2)
        else:
            raise AssertionError(f"сервер не остановлен за 150 с\n{hub.log_tail()}")
        assert time.monotonic() - started >= timeout  # not before it was idle that long
        assert "idle-culler" in hub.log_tail(10**7)
        page = session.get(f"{hub.hub.url}/user/{learner}/lab", timeout=60)  # the learner comes back
        text = _body(page.content.decode())
        assert "Сервер остановлен" in text and "Запустить сервер" in text and "not running" not in text, text


# ---- LTI 1.3: a simulated Moodle on loopback ----------------------------------------------------------

ISSUER, CLIENT = "https://moodle.example.ru", "promtour-hub"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"


class _Platform:
    """The platform's side of LTI 1.3: a signing key and its JWKS served on 127.0.0.1."""

    def __init__(self):
        from cryptography.hazmat.primitives.asymmetric import rsa
        from jwt.algorithms import RSAAlgorithm

        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        body = json.dumps({"keys": [{**jwk, "kid": "moodle-1", "alg": "RS256", "use": "sig"}]}).encode()

        class Jwks(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.jwks_url = f"http://127.0.0.1:{self.server.server_address[1]}/mod/lti/certs.php"

    def id_token(self, nonce: str, email: str, key=None) -> str:
        import jwt

        now = int(time.time())
        claims = {
            "iss": ISSUER, "aud": CLIENT, "sub": "17", "iat": now, "exp": now + 60, "nonce": nonce,
            "email": email, "name": "Анна Иванова",
            CLAIM + "message_type": "LtiResourceLinkRequest", CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": "3", CLAIM + "target_link_uri": "https://hub.example.ru/hub",
            CLAIM + "resource_link": {"id": "42"}, CLAIM + "roles": [
                "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
            CLAIM + "context": {"id": "9", "label": "ПромТур-2026", "title": "Специалист по организации промышленного туризма"},
        }  # fmt: skip
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": "moodle-1"})

    def launch(self, hub: LocalHub, email: str, key=None):
        """Moodle's launch as the browser carries it: login initiation, the redirect, the signed form post."""
        session = self.session = hub.session()
        start = session.post(
            f"{hub.hub.url}/hub/lti13/oauth_login",
            data={"iss": ISSUER, "login_hint": "17", "target_link_uri": f"{hub.hub.url}/hub",
                  "client_id": CLIENT, "lti_message_hint": "launch-42", "lti_deployment_id": "3"},
            allow_redirects=False, timeout=30,
        )  # fmt: skip
        assert start.status_code == 302, _body(start.content.decode())
        location = urlparse(start.headers["Location"])
        assert location.path == "/mod/lti/auth.php"
        query = {k: v[0] for k, v in parse_qs(location.query).items()}
        assert query["client_id"] == CLIENT and query["login_hint"] == "17"
        return session.post(
            query["redirect_uri"],
            data={"id_token": self.id_token(query["nonce"], email, key), "state": query["state"]},
            allow_redirects=False, timeout=60,
        )  # fmt: skip

    def close(self):
        self.server.shutdown()


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_lti_launch_from_moodle_signs_in_the_roster_learner(hub_user_env):  # noqa: F811
    from cryptography.hazmat.primitives.asymmetric import rsa

    platform = _Platform()
    lti = LtiPlatform(ISSUER, CLIENT, f"{ISSUER}/mod/lti/auth.php", platform.jwks_url)
    try:
        with LocalHub(hub_user_env, lti=lti) as hub:
            learner = hub.learner_name(1)
            hub.learners.append(learner)
            remember_learners(hub.state, [Learner(learner, "Иванова", "Анна", "", "Anna.Ivanova@example.ru")])

            stranger = platform.launch(hub, "someone@example.ru")
            assert stranger.status_code == 403 and "нет в списке слушателей" in _body(stranger.content.decode()), _body(
                stranger.content.decode()
            )
            forged = platform.launch(hub, "anna.ivanova@example.ru", rsa.generate_private_key(65537, 2048))
            assert forged.status_code in (400, 401)
            assert learner not in hub.hub.users()  # neither made an account

            signed_in = platform.launch(hub, "anna.ivanova@example.ru")
            assert signed_in.status_code == 302, _body(signed_in.content.decode())
            assert learner in hub.hub.users()
            assert pwd.getpwnam(learner).pw_name == learner  # the Unix account the server will run as
            home = platform.session.get(f"{hub.hub.url}/hub/home", timeout=60)  # the hub's cookie, as a browser
            assert home.status_code == 200 and learner in home.content.decode() and "/hub/login" not in home.url
    finally:
        platform.close()


def _body(html: str) -> str:
    """The visible part of a hub page, for assertion messages."""
    import re

    return re.sub(r"\s+", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", " ", html, flags=re.S))[:1500]
