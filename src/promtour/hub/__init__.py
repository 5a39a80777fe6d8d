"""The course on a JupyterHub for one machine (``promtour hub …``; the hub's configuration is
``deploy/hub/jupyterhub_config.py``, the administrator's guide ``docs/hub.md``).

Its parts, by what they do:

* :mod:`.environment` — the world-readable Python environment every server and kernel runs from;
* :mod:`.accounts` — Unix group and users; invitations (one-time codes for the first sign-in);
* :mod:`.exchange` — nbgrader's exchange and the trainer's course directory;
* :mod:`.process` — the hub process: its settings, the admin service's token, serving;
* :mod:`.client` — a small client of the hub's REST API and of users' servers behind it;
* :mod:`.roster` — roster → hub users, gradebook students and the invitation sheet;
* :mod:`.auth` — the authenticators the hub loads (invitation + own password; LTI 1.3 from Moodle);
* :mod:`.limits` — the launcher that caps each learner's server and kernels.

Everything that creates accounts or runs the hub needs root; the client side does not.
"""

from __future__ import annotations

from pathlib import Path

from ..course import COURSE_ID

DEFAULT_ENV = Path("/opt/promtour-hub")
DEFAULT_EXCHANGE = Path("/srv/promtour/exchange")
DEFAULT_STATE = Path("/srv/promtour/hub")
DEFAULT_GROUP = "promtour"
DEFAULT_TRAINER = "trainer"
DEFAULT_PORT = 8000
DEFAULT_URL = f"http://127.0.0.1:{DEFAULT_PORT}"
DEFAULT_IDLE_TIMEOUT = 3600  # s: servers unused this long are stopped (0: never)
LEARNERS_GROUP = f"nbgrader-{COURSE_ID}"  # hub groups named as nbgrader's JupyterHubAuthPlugin expects
GRADERS_GROUP = f"formgrade-{COURSE_ID}"
SYSTEM_PYTHON = "/usr/bin/python3"
ROLES = ("grader", "learner")
