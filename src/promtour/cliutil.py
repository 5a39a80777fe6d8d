"""What every ``promtour`` command shares: the kit's errors as one red line and exit code 1, Typer's words in Russian."""

from __future__ import annotations

import functools
import gettext
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from typer.core import TyperCommand, TyperGroup

from .errors import KitError

# every command's output: paths and reasons stay on one line whatever the terminal (greppable)
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def friendly(fn):
    """Turn the kit's errors (and bad data) into one red line and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from .datasets import DataError

        try:
            return fn(*args, **kwargs)
        except (KitError, DataError) as exc:
            err.print(f"[bold red]Ошибка:[/] {exc}")
            raise typer.Exit(1) from None

    return wrapper


# ---- Typer's own words in Russian (issue 13) ------------------------------------------------------
#
# Typer passes its panel titles, "[default: …]", "Error", "Try … for help" through gettext: the
# catalog locale/ru/LC_MESSAGES/promtour.po answers them once the CLI binds it (RuGroup.main).
# Its vendored click formats "Usage:", the --help option's text and the parser's errors without
# gettext; RuCommand and RuGroup, Typer's documented `cls=` extension point, word those in Russian,
# and RuTyper makes them the default of an app (and of the apps added to it, for their groups).

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "promtour"
USAGE_PREFIX = "Использование: "
HELP_TEXT = "Показать эту справку и выйти."
# Typer's public settings for the placeholders of the usage line ("[OPTIONS]", "COMMAND [ARGS]...")
_METAVARS = {"options_metavar": "[ПАРАМЕТРЫ]", "subcommand_metavar": "КОМАНДА [АРГУМЕНТЫ]..."}
_KINDS = {"argument": "аргумент", "option": "параметр"}
_EXTRA_ARGS = re.compile(r"Got unexpected extra arguments?(?:\(s\))? \((?P<args>.*)\)")


@contextmanager
def russian_messages() -> Iterator[None]:
    """gettext answers from the kit's Russian catalog while the CLI runs; the previous state after."""
    previous_domain, previous_language = gettext.textdomain(), os.environ.get("LANGUAGE")
    # gettext picks the language from the environment only; the kit speaks Russian whatever the locale
    os.environ["LANGUAGE"] = "ru"
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    try:
        yield
    finally:
        gettext.textdomain(previous_domain)
        if previous_language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = previous_language


def _usage_error_class(exc: BaseException) -> Any:
    """click's UsageError when exc is one (bar the help Typer shows for no arguments), else None."""
    classes = {cls.__name__: cls for cls in type(exc).__mro__}
    return None if "NoArgsIsHelpError" in classes else classes.get("UsageError")


def _hint(exc: Any) -> str:
    if exc.param_hint:
        return exc.param_hint if isinstance(exc.param_hint, str) else " / ".join(exc.param_hint)
    return exc.param.get_error_hint() if exc.param is not None else ""


def russian_error(exc: Any) -> str | None:
    """The Russian text of a click usage error, from its attributes; None when there is nothing to say."""
    kind = type(exc).__name__
    if kind == "MissingParameter":
        what = _KINDS.get(exc.param_type or getattr(exc.param, "param_type_name", ""), "параметр")
        return f"Не указан {what} {_hint(exc)}.".replace("  ", " ")
    if kind == "NoSuchOption":
        also = f" (есть: {', '.join(sorted(exc.possibilities))})" if exc.possibilities else ""
        return f"Нет такого параметра: {exc.option_name}{also}"
    if kind == "BadOptionUsage" and "requires" in exc.message:
        return f"Параметру {exc.option_name} нужно значение."
    if kind == "BadOptionUsage" and "does not take a value" in exc.message:
        return f"Параметр {exc.option_name} не принимает значения."
    if kind == "BadParameter":
        return f"Недопустимое значение {_hint(exc)}: {exc.message}"
    extra = _EXTRA_ARGS.fullmatch(exc.message)
    return f"Лишние аргументы: {extra['args']}" if extra else None


@contextmanager
def russian_errors() -> Iterator[None]:
    """Usage errors raised inside come out again as plain UsageErrors with their Russian text."""
    try:
        yield
    except Exception as exc:
        usage_error = _usage_error_class(exc)
        message = russian_error(exc) if usage_error else None
        if message is None:
            raise
        raise usage_error(message, getattr(exc, "ctx", None)) from None


def _write_usage(command, ctx, formatter) -> None:
    formatter.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), prefix=USAGE_PREFIX)


def _russian_help(option):
    if option is not None:
        option.help = HELP_TEXT
    return option


class RuCommand(TyperCommand):
    """A command whose usage line and --help option speak Russian."""

    def format_usage(self, ctx, formatter) -> None:
        _write_usage(self, ctx, formatter)

    def get_help_option(self, ctx):
        return _russian_help(super().get_help_option(ctx))


class RuGroup(TyperGroup):
    """A command group like RuCommand; the root one also binds the catalog and words usage errors in Russian."""

    def format_usage(self, ctx, formatter) -> None:
        _write_usage(self, ctx, formatter)

    def get_help_option(self, ctx):
        return _russian_help(super().get_help_option(ctx))

    def main(self, *args, **kwargs):
        with russian_messages():
            return super().main(*args, **kwargs)

    def make_context(self, info_name, args, parent=None, **extra):
        with russian_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx):
        with russian_errors():
            return super().invoke(ctx)


class RuTyper(typer.Typer):
    """typer.Typer whose groups and commands are RuGroup and RuCommand unless told otherwise."""

    def __init__(self, *, cls=None, **kwargs) -> None:
        super().__init__(cls=cls or RuGroup, **{**_METAVARS, **kwargs})

    def command(self, name=None, *, cls=None, **kwargs):
        return super().command(name, cls=cls or RuCommand, **kwargs)

    def add_typer(self, typer_instance, *, cls=None, **kwargs) -> None:
        super().add_typer(typer_instance, cls=cls or RuGroup, **{**_METAVARS, **kwargs})
