# JupyterHub for the course «Специалист по организации промышленного туризма» on one machine.
#
# One trainer account (the grader: formgrader, gradebook, autograde) and learner accounts, all
# local Unix users; every single-user server runs from one world-readable Python environment
# with the kit installed (`promtour hub env`); nbgrader's exchange is a shared folder.
# Start it with `sudo promtour hub serve` (loopback) or `jupyterhub -f` this file; every
# setting below comes from an environment variable with a default (see deploy/hub/README.md):
#
#   PROMTOUR_HUB_ENV          per-user Python environment        /opt/promtour-hub
#   PROMTOUR_HUB_TRAINER      the trainer's (grader's) user      trainer
#   PROMTOUR_HUB_COURSE       the trainer's course directory     ~trainer/promtour
#   PROMTOUR_HUB_GROUP        Unix group of the course           promtour
#   PROMTOUR_EXCHANGE         nbgrader's exchange                /srv/promtour/exchange
#   PROMTOUR_DB_URL           gradebook (SQLAlchemy URL)          SQLite in the course's grading/
#   PROMTOUR_HUB_STATE        hub database, cookie secret        /srv/promtour/hub
#   PROMTOUR_HUB_IP / _PORT   where the proxy listens            127.0.0.1 / 8000
#   PROMTOUR_HUB_API_TOKEN    token of the `promtour-admin` service (roster import); none if unset
#   PROMTOUR_HUB_PROXY        configurable-http-proxy executable  found on PATH
#   PROMTOUR_HUB_AUTH         invitation (codes + own password) or lti (Moodle, LTI 1.3)   invitation
#   PROMTOUR_LTI_ISSUER, _CLIENT_ID, _AUTHORIZE_URL, _JWKS_URL, _TRAINER_EMAIL   the LMS (PROMTOUR_HUB_AUTH=lti)
#   PROMTOUR_HUB_MEMORY_MB    memory of each learner's process, MiB                  2048
#   PROMTOUR_HUB_NPROC        processes + threads of each learner                    512
#   PROMTOUR_HUB_NICE         CPU priority of learners' processes (nice)             5
#   PROMTOUR_HUB_IDLE_TIMEOUT servers idle this long (s) are stopped; 0 = never       3600
import grp
import os
import pwd
import shutil
import sys
from pathlib import Path

# the kit is installed in the hub's environment: its defaults and names, not copies of them
from promtour.hub import (
    DEFAULT_ENV,
    DEFAULT_EXCHANGE,
    DEFAULT_GROUP,
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_PORT,
    DEFAULT_STATE,
    DEFAULT_TRAINER,
    GRADERS_GROUP,
    LEARNERS_GROUP,
)
from promtour.hub.accounts import passwords_db
from promtour.hub.limits import Limits

c = get_config()  # noqa: F821 (JupyterHub injects get_config)

env = os.environ.get
prefix = Path(env("PROMTOUR_HUB_ENV", str(DEFAULT_ENV)))
trainer = env("PROMTOUR_HUB_TRAINER", DEFAULT_TRAINER)
course_group = env("PROMTOUR_HUB_GROUP", DEFAULT_GROUP)
exchange = env("PROMTOUR_EXCHANGE", str(DEFAULT_EXCHANGE))
state = Path(env("PROMTOUR_HUB_STATE", str(DEFAULT_STATE)))
state.mkdir(parents=True, exist_ok=True)
os.chmod(state, 0o700)  # the hub's database and cookie secret: root only

# --- network: everything on loopback unless PROMTOUR_HUB_IP says otherwise (TLS then belongs in front)
c.JupyterHub.ip = env("PROMTOUR_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(env("PROMTOUR_HUB_PORT", str(DEFAULT_PORT)))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("PROMTOUR_HUB_INTERNAL_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('PROMTOUR_HUB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [
    env("PROMTOUR_HUB_PROXY") or shutil.which("configurable-http-proxy") or "configurable-http-proxy"
]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the learners' servers too

# --- accounts: users the hub is told about (the roster import) become Unix accounts in the
# course group, with private homes. They sign in with a password of their own, set at the first
# sign-in with the one-time code of their invitation (`promtour hub roster` prints the sheet) —
# or, with PROMTOUR_HUB_AUTH=lti, from Moodle by LTI 1.3 (docs/hub.md).
if env("PROMTOUR_HUB_AUTH", "invitation") == "lti":
    c.JupyterHub.authenticator_class = "promtour.hub.auth.RosterLTI13Authenticator"
    lti = c.RosterLTI13Authenticator
    lti.issuer = env("PROMTOUR_LTI_ISSUER", "")
    lti.client_id = {env("PROMTOUR_LTI_CLIENT_ID", "")}
    lti.authorize_url = env("PROMTOUR_LTI_AUTHORIZE_URL", "")
    lti.jwks_endpoint = env("PROMTOUR_LTI_JWKS_URL", "")
    lti.username_key = "email"
    lti.trainer = trainer
    lti.trainer_email = env("PROMTOUR_LTI_TRAINER_EMAIL", "")
    lti.state_dir = str(state)
    lti.allow_all = True  # the roster decides: an e-mail outside it is refused at sign-in
else:
    c.JupyterHub.authenticator_class = "promtour.hub.auth.InvitationAuthenticator"
    c.InvitationAuthenticator.state_dir = str(state)
    c.InvitationAuthenticator.dbm_path = str(passwords_db(state))
    c.InvitationAuthenticator.check_passwords_on_startup = False
    c.Authenticator.allow_existing_users = True  # whoever the roster added may sign in
    c.Authenticator.allowed_users = {trainer}
c.JupyterHub.template_paths = [str(Path(__file__).parent / "templates")]  # the Russian sign-in page
c.LocalAuthenticator.create_system_users = True
c.LocalAuthenticator.add_user_cmd = [
    "useradd",
    "--create-home",
    "--shell",
    "/bin/bash",
    "--groups",
    course_group,
    "--key",
    "HOME_MODE=0700",
]  # + the name
# hub groups named the way nbgrader's JupyterHubAuthPlugin expects for course `promtour`
c.JupyterHub.load_groups = {GRADERS_GROUP: {"users": [trainer]}, LEARNERS_GROUP: {"users": []}}

# automation (roster import, the end-to-end test): a service whose token is only in the environment
services, roles = [], []
if env("PROMTOUR_HUB_API_TOKEN"):
    services.append({"name": "promtour-admin", "api_token": env("PROMTOUR_HUB_API_TOKEN")})
    roles.append({"name": "admin", "services": ["promtour-admin"]})

# servers nobody used for PROMTOUR_HUB_IDLE_TIMEOUT seconds are stopped (their files stay)
idle_timeout = int(env("PROMTOUR_HUB_IDLE_TIMEOUT", str(DEFAULT_IDLE_TIMEOUT)))
if idle_timeout > 0:
    services.append(
        {
            "name": "idle-culler",
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={idle_timeout}",
                f"--cull-every={max(5, min(300, idle_timeout // 4))}",
            ],
        }
    )
    roles.append(
        {
            "name": "idle-culler",
            "services": ["idle-culler"],
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        }
    )
c.JupyterHub.services = services
c.JupyterHub.load_roles = roles

# --- single-user servers: JupyterLab from the world-readable environment, started through the
# launcher that caps what one learner may use (src/promtour/hub/limits.py): memory per process,
# processes per learner, CPU priority. LocalProcessSpawner cannot enforce mem_limit itself.
c.Spawner.cmd = [
    str(prefix / "bin" / "python"),
    "-m",
    "promtour.hub.limits",
    *Limits.from_env(os.environ).args(),
    str(prefix / "bin" / "jupyterhub-singleuser"),
]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
c.Spawner.environment = {
    "PATH": f"{prefix / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    "PROMTOUR_DATA": str(prefix / "share" / "promtour" / "data"),
    "PROMTOUR_EXCHANGE": exchange,
    "LANG": "C.UTF-8",
    "MPLBACKEND": "Agg",
}


def per_role(spawner):
    """The trainer gets the grader's configuration and the course; learners get theirs."""
    name = spawner.user.name
    role = "grader" if name == trainer else "learner"
    spawner.environment["JUPYTER_CONFIG_PATH"] = str(prefix / "etc" / "promtour-hub" / role)
    if role == "grader":
        home = Path(pwd.getpwnam(name).pw_dir)
        course = env("PROMTOUR_HUB_COURSE") or str(home / "promtour")
        spawner.environment.update(PROMTOUR_HUB_COURSE=course, PROMTOUR_ROOT=course)
        if env("PROMTOUR_DB_URL"):
            spawner.environment["PROMTOUR_DB_URL"] = env("PROMTOUR_DB_URL")
        if env("PROMTOUR_SANDBOX"):
            spawner.environment["PROMTOUR_SANDBOX"] = env("PROMTOUR_SANDBOX")
    else:  # a learner who is not in the course's Unix group cannot reach the exchange
        try:
            members = grp.getgrnam(course_group).gr_mem
        except KeyError:
            members = []
        if name not in members:
            spawner.log.warning("%s is not in the Unix group %s: the exchange is out of reach", name, course_group)


c.Spawner.pre_spawn_hook = per_role
