"""The authenticators ``deploy/hub/jupyterhub_config.py`` loads (they run inside the hub).

* :class:`InvitationAuthenticator` (default): learners on the roster sign in with their own
  password, which they set at the first sign-in with the one-time code of their invitation
  (:mod:`.accounts`). Passwords are kept by FirstUseAuthenticator (bcrypt hashes).
* :class:`RosterLTI13Authenticator` (``PROMTOUR_HUB_AUTH=lti``): sign-in from Moodle by LTI 1.3;
  the platform's e-mail claim is mapped to the learner's roster id, anyone else is refused.

Both create the Unix account of a hub user (``LocalAuthenticator``), as the roster import expects.
"""

from __future__ import annotations

import dbm
from pathlib import Path
from typing import Any

from firstuseauthenticator import FirstUseAuthenticator
from jupyterhub.auth import LocalAuthenticator
from ltiauthenticator.lti13.auth import LTI13Authenticator
from tornado import web
from traitlets import Integer, Unicode

from .accounts import MIN_PASSWORD_LENGTH, invitation_matches, normalise_code, redeem_invitation
from .roster import id_by_email

WRONG = "Неверный логин или пароль. Первый вход — с кодом приглашения из листка организатора."


class InvitationAuthenticator(FirstUseAuthenticator, LocalAuthenticator):
    """Own password after a one-time invitation code; nobody claims an account without a code."""

    state_dir = Unicode(config=True, help="The hub's state folder: invitations.json lives there.")
    min_password_length = Integer(MIN_PASSWORD_LENGTH, config=True, help="Shortest password a learner may choose.")

    def _has_password(self, name: str) -> bool:
        with dbm.open(self.dbm_path, "c", 0o600) as db:
            return name.encode() in db

    async def authenticate(self, handler, data: dict[str, Any]) -> str | None:
        name = self.normalize_username(data.get("username", ""))
        password = data.get("password", "")
        code = normalise_code(data.get("invitation", ""))
        if code:
            return self._first_sign_in(handler, name, password, code)
        if not self._has_password(name):  # FirstUse would take any password as the first one
            handler.custom_login_error = WRONG
            return None
        user = await super().authenticate(handler, data)
        if user is None:
            handler.custom_login_error = WRONG
        return user

    def _first_sign_in(self, handler, name: str, password: str, code: str) -> str | None:
        if not invitation_matches(self.state_dir, name, code):
            handler.custom_login_error = "Код приглашения не подходит к этому логину (или уже использован)."
            return None
        if len(password) < self.min_password_length:
            handler.custom_login_error = f"Придумайте пароль не короче {self.min_password_length} знаков."
            return None
        self.reset_password(name, password)
        redeem_invitation(self.state_dir, name)
        self.log.info("%s set a password with an invitation code", name)
        return name


class RosterLTI13Authenticator(LTI13Authenticator, LocalAuthenticator):
    """LTI 1.3 launches from the LMS; the e-mail claim decides which roster learner signs in."""

    state_dir = Unicode(config=True, help="The hub's state folder: learners.json (id, name, e-mail).")
    trainer = Unicode(config=True, help="The hub user of the trainer.")
    trainer_email = Unicode("", config=True, help="The trainer's e-mail in the LMS.")

    async def authenticate(self, handler, data: dict[str, Any] | None = None) -> dict[str, Any]:
        model = await super().authenticate(handler, data)
        email = str((data or {}).get("email", "")).strip().lower()
        if self.trainer_email and email == self.trainer_email.strip().lower():
            model["name"] = self.trainer
            return model
        learner = id_by_email(Path(self.state_dir), email)
        if learner is None:
            raise web.HTTPError(
                403, f"Адреса {email or '(платформа не передала e-mail)'} нет в списке слушателей курса на этом сервере"
            )
        model["name"] = learner
        return model
