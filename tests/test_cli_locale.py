"""Typer's own words in ``promtour`` are Russian: help, usage errors, and the gettext catalog behind them.

The CLI runs in a fresh process (as the console script does): Typer reads its gettext strings when
``typer.rich_utils`` is first imported, so an in-process runner would see whatever an earlier test left.
"""

from __future__ import annotations

import fnmatch
import gettext
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import typer
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from promtour import cliutil

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "src" / "promtour" / "locale" / "ru" / "LC_MESSAGES"
ENGLISH = [
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Show this message and exit",
    "Missing argument",
    "No such option",
    "No such command",
    "Error",
    "for help",
]
RUN = "import sys; from promtour.cli import app; sys.argv[0] = 'promtour'; app()"


def promtour(*args: str) -> subprocess.CompletedProcess[str]:
    # an English locale on purpose: the kit speaks Russian whatever the machine's language
    env = {**os.environ, "LANGUAGE": "en_US:en", "LC_ALL": "C.UTF-8", "COLUMNS": "120", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-c", RUN, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def assert_russian(text: str, *words: str) -> None:
    for word in words:
        assert word in text, f"нет «{word}» в:\n{text}"
    for word in ENGLISH:
        assert word not in text, f"английское «{word}» в:\n{text}"


@pytest.mark.parametrize("args", [["--help"], []], ids=["--help", "no-arguments"])
def test_root_help_is_russian(args):
    out = promtour(*args)
    assert_russian(out.stdout + out.stderr, "Использование: promtour", "Параметры", "Команды", "Показать эту справку")
    assert "--install-completion" not in out.stdout


def test_group_help_is_russian():
    out = promtour("cert", "--help")
    assert out.returncode == 0, out.stderr
    assert_russian(out.stdout, "Использование: promtour cert", "Параметры", "Команды", "Показать эту справку")


def test_command_help_is_russian():
    out = promtour("bundle", "--help")
    assert out.returncode == 0, out.stderr
    assert_russian(out.stdout, "Использование: promtour bundle", "Аргументы", "[обязательно]")


def test_missing_argument_is_russian():
    out = promtour("bundle")
    assert out.returncode == 2
    assert_russian(out.stderr, "Ошибка", "Не указан аргумент 'out'", "Справка: 'promtour bundle --help'")


@pytest.mark.parametrize("args", [["--nope"], ["bundle", "x", "--nope"]], ids=["root", "command"])
def test_unknown_option_is_russian(args):
    out = promtour(*args)
    assert out.returncode == 2
    assert_russian(out.stderr, "Ошибка", "Нет такого параметра: --nope")


def test_unknown_command_and_missing_value_are_russian():
    assert_russian(promtour("nope").stderr, "Нет такой команды 'nope'")
    assert_russian(promtour("data", "--folder").stderr, "Параметру --folder нужно значение")


def test_version():
    out = promtour("--version")
    assert out.returncode == 0
    assert out.stdout.startswith("promtour ")


def test_catalog_state_is_restored():
    domain, language = gettext.textdomain(), os.environ.get("LANGUAGE")
    with cliutil.russian_messages():
        assert gettext.gettext("Options") == "Параметры"
    assert (gettext.textdomain(), os.environ.get("LANGUAGE")) == (domain, language)


def _messages(catalog) -> dict[str, str]:
    return {str(m.id): str(m.string) for m in catalog if m.id}


def test_mo_is_compiled_from_po(tmp_path):
    with open(CATALOG / "promtour.po", "rb") as f:
        po = read_po(f, locale="ru")
    assert all(m.string and not m.fuzzy for m in po if m.id), "в .po есть непереведённые или неточные строки"
    with open(tmp_path / "promtour.mo", "wb") as f:
        write_mo(f, po)
    with open(tmp_path / "promtour.mo", "rb") as fresh, open(CATALOG / "promtour.mo", "rb") as shipped:
        assert _messages(read_mo(shipped)) == _messages(read_mo(fresh)), (
            "promtour.mo устарел: .venv/bin/pybabel compile -D promtour -d src/promtour/locale -l ru"
        )


def test_catalog_covers_typer_strings():
    """Every string Typer passes through gettext has a Russian translation (fails when Typer adds one)."""
    with open(CATALOG / "promtour.po", "rb") as f:
        translated = _messages(read_po(f, locale="ru"))
    typer_dir = Path(typer.__file__).parent
    wanted = {
        msg for name in ("core.py", "rich_utils.py") for _, msg, *_ in extract_from_file("python", typer_dir / name)
    }
    assert wanted, "Typer больше не пропускает строки через gettext — проверьте cliutil"
    assert sorted(wanted - translated.keys()) == []


def test_catalog_ships_in_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["promtour"]
    for name in ("promtour.po", "promtour.mo"):
        path = (CATALOG / name).relative_to(ROOT / "src" / "promtour").as_posix()
        assert any(fnmatch.fnmatch(path, p) for p in patterns), path
