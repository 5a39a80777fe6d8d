"""The whole multi-user loop on a real JupyterHub on this machine (deploy/hub, see hub_fixtures).

Roster import makes two learners (hub users, Unix accounts in the course group, gradebook
students with full Russian names, one-time invitation codes); the trainer generates and releases module 1 in the
formgrader; learner 1 works in their JupyterLab (nbgrader's Assignments API, the contents
API), learner 2 in a terminal (nbgrader's exchange commands run as that user); learner 1
solves the assignment, learner 2 hands in the blank; the trainer collects, autogrades,
generates and releases feedback; both learners fetch it. Learner 2 signs in with the
invitation code and a password of their own (no password set by hand), then with the password
alone; a browser signs learner 1 in the same way and opens the feedback. Everything goes over 127.0.0.1; users, processes and folders are removed
afterwards, also after a failure.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from urllib.parse import quote

import nbformat
import pytest
from hub_fixtures import hub_user_env, local_hub  # noqa: F401  (fixtures)

from promtour.grading.course import read_notebook
from promtour.grading.synthetic import submission
from promtour.hub import LEARNERS_GROUP
from promtour.hub.roster import check_hub_roster, import_roster
from promtour.paths import repo_root

ASSIGNMENT = "m01-strategy"
NOTEBOOK = f"{ASSIGNMENT}/assignment.ipynb"


def _roster(path: Path, names: list[str]) -> Path:
    path.write_text(
        "id;Фамилия;Имя;Отчество;E-mail\n"
        f"{names[0]};Заводская;Алёна;Викторовна;{names[0]}@example.org\n"
        f"{names[1]};Экскурсоводов;Пётр;Ильич;{names[1]}@example.org\n",
        encoding="utf-8",
    )
    return path


def _lab_fetch(hub, user: str, action: str) -> list[dict]:
    """What the Assignments tab of JupyterLab does: POST /assignments/<action> on the user's server."""
    result = hub.hub.server(
        user, "POST", f"/assignments/{action}", {"course_id": "promtour", "assignment_id": ASSIGNMENT}
    )
    assert isinstance(result, dict) and result.get("success"), result
    return result["value"]


def test_roster_ids_must_be_unix_user_names(tmp_path):
    """A roster row whose id cannot be a hub/Unix user is reported with its row; the others pass."""
    path = tmp_path / "roster.csv"
    path.write_text(
        "id;Фамилия;Имя;Отчество;email\n"
        "ivanova-a;Иванова;Анна;Сергеевна;a@example.org\n"
        "Petrov.P;Петров;Пётр;;p@example.org\n",
        encoding="utf-8",
    )
    report = check_hub_roster(path)
    assert [le.learner_id for le in report.learners] == ["ivanova-a"]
    assert [(e.row, e.learner_id) for e in report.errors] == [(3, "Petrov.P")]


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_many_learners_on_one_hub(local_hub, tmp_path):  # noqa: F811
    hub, api = local_hub, local_hub.hub
    trainer = hub.trainer
    lab_user, term_user = hub.learner_name(1), hub.learner_name(2)
    hub.learners += [lab_user, term_user]  # removed at the end whatever happens
    started = time.monotonic()

    # --- roster import: hub users + Unix accounts in the course group + gradebook students
    report = import_roster(api, _roster(tmp_path / "roster.csv", [lab_user, term_user]), trainer, hub.state)
    assert report.ok, report.roster.errors
    assert sorted(report.created) == sorted([lab_user, term_user]) and report.students == [lab_user, term_user]
    codes = report.invitations
    assert sorted(codes) == sorted([lab_user, term_user]) and codes[lab_user] != codes[term_user]
    import grp
    import pwd

    assert {lab_user, term_user} <= set(grp.getgrnam(hub.group).gr_mem)
    for name in (lab_user, term_user):
        assert os.stat(pwd.getpwnam(name).pw_dir).st_mode & 0o077 == 0, "домашняя папка слушателя открыта другим"
    assert sorted(api.group_members(LEARNERS_GROUP)) == sorted([lab_user, term_user])
    students = {s["id"]: s for s in api.formgrader(trainer, "GET", "/students")}
    assert students[lab_user]["last_name"] == "Заводская"
    assert students[term_user]["first_name"] == "Пётр Ильич"
    again = import_roster(api, tmp_path / "roster.csv", trainer, hub.state)
    assert again.existing == [lab_user, term_user] and again.invitations == {}  # codes are not reissued

    # --- the trainer generates and releases module 1 (formgrader, in the trainer's own server)
    api.formgrader(trainer, "POST", f"/assignment/{ASSIGNMENT}/assign")
    api.formgrader(trainer, "POST", f"/assignment/{ASSIGNMENT}/release")
    assert (hub.exchange / "promtour" / "outbound" / ASSIGNMENT / "assignment.ipynb").is_file()

    # --- learner 1 in JupyterLab: fetch, solve (the contents API saves the notebook), submit
    api.start_server(lab_user)
    listed = _lab_fetch(hub, lab_user, "fetch")
    assert [a["status"] for a in listed if a["assignment_id"] == ASSIGNMENT] == ["fetched"]
    fetched = api.server(lab_user, "GET", f"/api/contents/{NOTEBOOK}")
    release = nbformat.from_dict(fetched["content"])
    source = read_notebook(repo_root() / "solutions" / NOTEBOOK)
    solved, deserved = submission("perfect", release, source)
    api.server(lab_user, "PUT", f"/api/contents/{NOTEBOOK}", {"type": "notebook", "format": "json", "content": solved})
    listed = _lab_fetch(hub, lab_user, "submit")
    assert any(a["status"] == "submitted" for a in listed if a["assignment_id"] == ASSIGNMENT), listed

    # --- learner 2 in a terminal: nbgrader's exchange commands as that user; hands in the blank
    hub.run_as(term_user, "nbgrader", "fetch_assignment", ASSIGNMENT)
    term_home = Path(pwd.getpwnam(term_user).pw_dir)
    assert (term_home / NOTEBOOK).is_file()
    hub.run_as(term_user, "nbgrader", "submit", ASSIGNMENT)
    # the exchange keeps learners apart: nobody lists the inbound or another learner's home
    assert hub.run_as(term_user, "ls", str(hub.exchange / "promtour" / "inbound"), check=False).returncode != 0
    assert hub.run_as(term_user, "ls", pwd.getpwnam(lab_user).pw_dir, check=False).returncode != 0
    assert hub.run_as(term_user, "ls", str(hub.course), check=False).returncode != 0

    # --- the trainer collects, autogrades, generates and releases feedback
    api.formgrader(trainer, "POST", f"/assignment/{ASSIGNMENT}/collect")
    for name in (lab_user, term_user):
        api.formgrader(trainer, "POST", f"/submission/{ASSIGNMENT}/{name}/autograde")
    scores = {s["student"]: s for s in api.formgrader(trainer, "GET", f"/submissions/{ASSIGNMENT}")}
    assert scores[lab_user]["autograded"] and scores[term_user]["autograded"], scores
    assert scores[lab_user]["code_score"] == pytest.approx(deserved) and deserved > 0
    assert scores[lab_user]["code_score"] == pytest.approx(scores[lab_user]["max_code_score"])
    assert scores[term_user]["code_score"] == 0
    api.formgrader(trainer, "POST", f"/assignment/{ASSIGNMENT}/generate_feedback")
    api.formgrader(trainer, "POST", f"/assignment/{ASSIGNMENT}/release_feedback")

    # --- both learners fetch their feedback, each their own
    listed = _lab_fetch(hub, lab_user, "fetch_feedback")
    feedback_dirs = api.server(lab_user, "GET", f"/api/contents/{ASSIGNMENT}/feedback")["content"]
    assert len(feedback_dirs) == 1
    lab_feedback = quote(f"{feedback_dirs[0]['path']}/assignment.html")  # the folder is a timestamp with spaces
    html = api.server(lab_user, "GET", f"/api/contents/{lab_feedback}?type=file&format=text")["content"]
    assert lab_user in html or "Задача 1" in html
    hub.run_as(term_user, "nbgrader", "fetch_feedback", ASSIGNMENT)
    term_feedback = list((term_home / ASSIGNMENT / "feedback").glob("*/assignment.html"))
    assert len(term_feedback) == 1
    assert term_feedback[0].read_text(encoding="utf-8") != html  # not the other learner's

    # --- learner 2 signs in: the invitation code once, then their own password
    _first_sign_in_over_http(hub, term_user, codes[term_user], codes[lab_user])

    # --- a browser: learner 1 signs in with the invitation and reads the feedback in their server
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium не найден (apt-get install chromium)")
    else:
        _browser_reads_feedback(hub, chromium, lab_user, lab_feedback, codes[lab_user])
    assert time.monotonic() - started < 240, "многопользовательский цикл дольше 4 минут"


def _first_sign_in_over_http(hub, user: str, code: str, others_code: str) -> None:
    """No account without its own code; the code sets the password once; then the password alone."""
    password = "Пароль-" + os.urandom(4).hex()

    def refused(password: str, invitation: str = "") -> str:
        response = hub.sign_in(hub.session(), user, password, invitation)
        assert "/hub/login" in response.url and "login_error" in response.content.decode(), response.url
        return response.content.decode()

    assert "Неверный логин или пароль" in refused(password)  # no password yet: FirstUse alone would take it
    assert "не подходит" in refused(password, others_code)  # another learner's code
    assert "не короче 8" in refused("short", code.lower().replace("-", " "))  # typed loosely, too short
    session = hub.session()
    response = hub.sign_in(session, user, password, code.lower())
    assert response.url.endswith("/hub/home"), response.url
    home = response.content.decode()
    assert "мой сервер" in home and "Выйти" in home and "Logout" not in home  # the hub's pages speak Russian
    assert "не подходит" in refused(password, code)  # used up
    assert "Неверный логин или пароль" in refused(password + "x")
    assert hub.sign_in(hub.session(), user, password).url.endswith("/hub/home")


def _browser_reads_feedback(hub, chromium: str, user: str, feedback: str, code: str) -> None:
    from playwright.sync_api import sync_playwright

    password = "Пароль-" + os.urandom(6).hex()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"{hub.hub.url}/hub/login", timeout=60_000)
            page.fill("input[name=username]", user)
            page.fill("input[name=password]", password)
            page.fill("input[name=invitation]", code)
            page.click("#login_submit")
            page.wait_for_url(f"**/user/{user}/lab**", timeout=90_000)
            page.goto(f"{hub.hub.url}/user/{user}/files/{feedback}", timeout=60_000)
            text = page.inner_text("body")
            assert "m01-strategy" in text or "Задача 1" in text, text[:500]
        finally:
            browser.close()
