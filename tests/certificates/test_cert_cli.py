"""The organiser's CLI end to end: init, roster, check, issue, verify, revoke, list, export."""

from __future__ import annotations

import json
import shutil

import pytest
from certhelpers import FIXTURES, REPO
from typer.testing import CliRunner

from promtour.certificates.cli import app
from promtour.course import MODULES

runner = CliRunner()


@pytest.fixture
def env(tmp_path, gradebook):
    conf = tmp_path / "certs" / "config.toml"
    conf.parent.mkdir()
    shutil.copy(REPO / "certificates" / "config.toml", conf)
    return ["--config", str(conf)], ["--db-url", gradebook.url], gradebook, conf.parent


def run(*args):
    res = runner.invoke(app, [str(a) for a in args])
    return res.exit_code, res.output + (res.stderr if res.stderr_bytes is not None else "")


def test_full_organiser_flow(env, tmp_path):
    c, db, gb, folder = env
    code, out = run("init", *c)
    assert code == 0 and "Ключ создан" in out and (folder / "issuer.key").exists()
    code, out = run("init", *c)
    assert code == 1 and "Ошибка:" in out and "Traceback" not in out

    code, out = run("roster", FIXTURES / "roster_synthetic_errors.csv", *c, *db)
    assert code == 1 and "Ничего не импортировано" in out and "повторяется" in out
    code, out = run("roster", FIXTURES / "roster_synthetic.csv", *c, *db)
    assert code == 0 and "Импортировано слушателей: 4" in out

    for lid in ("s001", "s002", "s003"):
        gb.complete(lid, 80.0)
    for m in MODULES[:3]:
        gb.submit("s004", m.assignment, 90.0)
    code, out = run("check", *c, *db)
    assert code == 0 and "получит" in out and "модуль 4: задание не сдано" in out
    assert not (folder / "issued").exists()

    code, out = run("issue", *c, *db, "--badges")
    assert code == 0 and "Выдано: 3" in out
    pdfs = sorted((folder / "issued").glob("*.pdf"))
    assert len(pdfs) == 3 and len(list((folder / "issued").glob("*.ob3.jwt"))) == 3
    code, out = run("issue", *c, *db)
    assert code == 0 and "Выдано: 0" in out and "уже были: 3" in out

    code, out = run("verify", pdfs[0], *c)
    assert code == 0 and "действителен" in out and "Иванова Мария Петровна" in out
    serial = pdfs[0].stem
    code, out = run("revoke", serial, "--reason", "ошибка в ФИО", *c)
    assert code == 0 and "Отозван" in out
    code, out = run("verify", serial, *c)
    assert code == 1 and "отозван" in out and "ошибка в ФИО" in out
    code, out = run("verify", "PT-2026-000999", *c)
    assert code == 1 and "неизвестен" in out

    code, out = run("list", *c)
    assert code == 0 and "Реестр: 3" in out and "отозван" in out
    code, out = run("list", "--revoked", *c)
    assert "Реестр: 1" in out
    code, out = run("export", tmp_path / "registry.json", *c)
    assert code == 0
    rows = json.loads((tmp_path / "registry.json").read_text(encoding="utf-8"))
    assert [r["revoke_reason"] for r in rows] == ["ошибка в ФИО", None, None]
    code, out = run("export", tmp_path / "registry.csv", *c)
    assert (tmp_path / "registry.csv").read_text(encoding="utf-8-sig").startswith("serial,seq,")


def test_errors_are_one_russian_line(env):
    c, db, _, _ = env
    code, out = run("issue", *c, *db)
    assert code == 1 and out.strip().startswith("Ошибка:") and "promtour cert init" in out
    code, out = run("verify", "что-то", *c)
    assert code == 1 and "Не понимаю" in out
    code, out = run("check", "--config", "/nonexistent/config.toml")
    assert code == 1 and "Нет файла настроек" in out
