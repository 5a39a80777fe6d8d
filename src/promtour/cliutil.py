"""What every ``promtour`` command shares: the kit's errors as one red line and exit code 1."""

from __future__ import annotations

import functools

import typer
from rich.console import Console

from .errors import KitError

err = Console(stderr=True)


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
