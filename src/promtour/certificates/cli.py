"""``promtour cert …``: the organiser's commands (Typer app ``app``; the lead mounts it).

init · roster · check · issue · verify · revoke · list · export
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from promtour.cliutil import RuTyper, console, err, friendly

from . import export_registry, import_roster, list_certificates
from . import revoke as revoke_cert
from .config import load_config
from .eligibility import whole_percent
from .issue import check as check_batch
from .issue import issue_batch
from .keys import init_keys
from .verify import REVOKED, TAMPERED, UNKNOWN, VALID
from .verify import verify as verify_target

app = RuTyper(
    name="cert",
    help="Сертификаты: список слушателей, проверка допуска, выдача, проверка подлинности, отзыв.",
    no_args_is_help=True,
    add_completion=False,
)

ConfigOpt = Annotated[
    Optional[Path], typer.Option("--config", "-c", help="Файл настроек (по умолчанию certificates/config.toml)")
]
DbOpt = Annotated[
    Optional[str],
    typer.Option("--db-url", help="Журнал оценок nbgrader (по умолчанию grading/gradebook.db или $PROMTOUR_DB_URL)"),
]
STATUS_STYLE = {VALID: "bold green", REVOKED: "bold yellow", TAMPERED: "bold red", UNKNOWN: "bold magenta"}


@app.command()
@friendly
def init(
    config: ConfigOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Заменить открытый ключ, если закрытого нет")] = False,
    rotate: Annotated[
        bool,
        typer.Option(
            "--rotate",
            help="Сменить ключ: старый уходит в certificates/retired/, выданные сертификаты продолжают проверяться",
        ),
    ] = False,
) -> None:
    """Создать ключ подписи (один раз) или сменить его (--rotate). Закрытый ключ — права 0600, не в git."""
    from .keys import rotate_keys

    cfg = load_config(config)
    info = rotate_keys(cfg) if rotate else init_keys(cfg, force_public=force)
    if rotate:
        console.print(
            "Старый ключ перенесён в certificates/retired/; его открытая часть остаётся в jwks.json. "
            "Пересоберите страницу проверки: promtour cert site"
        )
    console.print(f"[green]Ключ создан.[/] Закрытый: {info.private_key} (права 600, храните в секрете)")
    console.print(f"Открытый ключ для публикации: {info.public_key}")
    console.print(f"Отпечаток ключа: [bold]{info.key_id}[/]")
    if info.warning:
        err.print(f"[yellow]{info.warning}[/]")


@app.command()
@friendly
def roster(
    file: Annotated[Path, typer.Argument(help="CSV (UTF-8) или XLSX: id, фамилия, имя, отчество, email")],
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Импортировать хорошие строки, пропустив ошибочные")
    ] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Исправить лишние пробелы и латинские буквы в кириллице")] = False,
    only_known: Annotated[
        bool, typer.Option("--only-known", help="Разрешать только id, которые уже есть в журнале оценок")
    ] = False,
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="Кодировка CSV, например cp1251")] = None,
    config: ConfigOpt = None,
    db_url: DbOpt = None,
) -> None:
    """Импортировать список слушателей в журнал оценок и реестр сертификатов."""
    cfg = load_config(config)
    rep = import_roster(cfg, file, db_url, skip_bad=skip_bad, fix=fix, only_known=only_known, encoding=encoding)
    if rep.encoding != "utf-8" and not encoding:
        console.print(f"[cyan]Файл прочитан в кодировке {rep.encoding}[/] (Windows; определена автоматически)")
    if rep.fixed:
        console.print(f"[cyan]Исправлено ({len(rep.fixed)}):[/]")
        for f in rep.fixed:
            console.print(f"  строка {f.row}: {f.message}")
    if rep.errors:
        table = Table(title=f"Ошибки в {file.name}: {len(rep.bad_rows)} строк(и)", show_lines=False)
        table.add_column("Строка", justify="right")
        table.add_column("id")
        table.add_column("Что не так")
        for e in rep.errors:
            table.add_row(str(e.row), e.learner_id, e.message)
        console.print(table)
        if any("UTF-8" in e.message for e in rep.errors):
            console.print("Подсказка: сохраните файл как «CSV UTF-8» или укажите --encoding cp1251.")
    if rep.imported:
        console.print(f"[green]Импортировано слушателей: {rep.imported}[/] из {rep.rows} строк")
    if rep.errors and not skip_bad:
        err.print("[bold red]Ничего не импортировано:[/] исправьте файл или запустите с --skip-bad (или --fix)")
        raise typer.Exit(1)


@app.command()
@friendly
def check(config: ConfigOpt = None, db_url: DbOpt = None) -> None:
    """Пробный прогон: кто получит сертификат, кто нет и почему. Ничего не выдаёт."""
    cfg = load_config(config)
    rep = check_batch(cfg, db_url)
    issued = {r.learner_id for r in rep.already}
    table = Table(title="Допущены к сертификату")
    for col in ("id", "ФИО", "Итог", "Статус"):
        table.add_column(col)
    for d in rep.eligible:
        status = "[dim]уже выдан[/]" if d.learner_id in issued else "[green]получит[/]"
        if d.learner_id in rep.held_revoked:
            status = "[yellow]отозван ранее[/]"
        table.add_row(
            d.learner_id,
            d.learner.full_name if d.learner else "—",
            f"{whole_percent(d.overall or 0.0)} %" + (" (с отличием)" if d.distinction else ""),
            status,
        )
    console.print(table)
    if rep.not_eligible:
        console.print(f"[bold]Не допущены ({len(rep.not_eligible)}):[/]")
        for d in rep.not_eligible:
            name = d.learner.full_name if d.learner else "—"
            console.print(f"  [red]{d.learner_id}[/] {name}: " + "; ".join(d.reasons))
    new = len(rep.eligible) - len(rep.already) - len(rep.held_revoked)
    console.print(
        f"Допущены: {len(rep.eligible)} (новых к выдаче: {new}, уже выдано: {len(rep.already)}); "
        f"не допущены: {len(rep.not_eligible)}"
    )
    if rep.held_revoked:
        console.print(
            f"[yellow]Отозванные ранее не выдаются повторно без --reissue-revoked:[/] {', '.join(rep.held_revoked)}"
        )


@app.command()
@friendly
def issue(
    config: ConfigOpt = None,
    db_url: DbOpt = None,
    workers: Annotated[
        Optional[int], typer.Option("--workers", "-j", help="Процессов для вёрстки PDF (по умолчанию — все ядра)")
    ] = None,
    badges: Annotated[bool, typer.Option("--badges", help="Также Open Badges 3.0 (JSON и подписанный JWT)")] = False,
    reissue_revoked: Annotated[
        bool, typer.Option("--reissue-revoked", help="Выдать новый тем, чей сертификат отозван")
    ] = False,
) -> None:
    """Выдать сертификаты всем допущенным, у кого их ещё нет. Повторный запуск безопасен."""
    cfg = load_config(config)
    progress = Progress(TextColumn("Выдача"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console)
    task = None

    def tick(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            progress.start()
            task = progress.add_task("issue", total=total)
        progress.update(task, completed=done)

    try:
        rep = issue_batch(
            cfg, db_url, workers=workers, badges_too=badges, reissue_revoked=reissue_revoked, progress=tick
        )
    finally:
        progress.stop()
    if rep.cleaned:
        console.print(f"[yellow]Убраны остатки прерванного запуска: {len(rep.cleaned)} файл(ов)[/]")
    rate = len(rep.issued) / rep.seconds if rep.seconds and rep.issued else 0
    console.print(
        f"[green]Выдано: {len(rep.issued)}[/] за {rep.seconds:.1f} с"
        + (f" ({rate:.0f} в секунду)" if rate else "")
        + f"; уже были: {len(rep.already)}; не допущены: {len(rep.not_eligible)}"
    )
    if rep.issued:
        console.print(f"Файлы: {cfg.issued_dir}")
    if rep.held_revoked:
        console.print(f"[yellow]Не выданы повторно (отозваны ранее): {', '.join(rep.held_revoked)}[/]")
    if rep.not_eligible:
        console.print("Кто не допущен и почему: promtour cert check")


@app.command()
@friendly
def verify(
    target: Annotated[str, typer.Argument(help="PDF, токен из QR-кода, ссылка проверки или номер PT-…")],
    config: ConfigOpt = None,
    offline: Annotated[bool, typer.Option("--no-registry", help="Только подпись, без реестра")] = False,
    revocations: Annotated[
        Optional[Path], typer.Option("--revocations", help="Подписанный список отзыва (revocations.jws) вместо реестра")
    ] = None,
) -> None:
    """Проверить сертификат (PDF, токен, ссылку, номер или значок .ob3.jwt): действителен, отозван, подделан или неизвестен."""
    from .revocations import read as read_revocations

    cfg = load_config(config)
    listed = read_revocations(cfg, revocations) if revocations else None
    v = verify_target(cfg, target, use_registry=not offline and listed is None, revocations=listed)
    console.print(f"[{STATUS_STYLE[v.status]}]{v.summary()}[/]")
    if v.payload:
        p = v.payload
        console.print(
            f"  курс: {p.get('c')}, {p.get('h')} ч., выдан {p.get('d')}, итог {p.get('r')} %"
            + (", с отличием" if p.get("x") else "")
        )
    for line in v.details:
        console.print(f"  • {line}")
    raise typer.Exit(0 if v.ok else 1)


@app.command()
@friendly
def revoke(
    serial: Annotated[str, typer.Argument(help="Номер сертификата, например PT-2026-000001")],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Причина отзыва (обязательно)")],
    config: ConfigOpt = None,
) -> None:
    """Отозвать сертификат (запись в реестре остаётся, проверка покажет «отозван»)."""
    cfg = load_config(config)
    rec = revoke_cert(cfg, serial, reason)
    console.print(f"[yellow]Отозван[/] № {rec.serial} ({rec.full_name}) {rec.revoked_at}: {rec.revoke_reason}")


@app.command("list")
@friendly
def list_(
    config: ConfigOpt = None,
    revoked: Annotated[
        Optional[bool], typer.Option("--revoked/--active", help="Только отозванные / только действующие")
    ] = None,
) -> None:
    """Показать реестр выданных сертификатов."""
    cfg = load_config(config)
    records = list_certificates(cfg, revoked)
    table = Table(title=f"Реестр: {len(records)}")
    for col in ("Номер", "id", "ФИО", "Итог", "Выдан", "Статус"):
        table.add_column(col)
    for r in records:
        status = (
            f"[yellow]отозван {(r.revoked_at or '')[:10]}: {r.revoke_reason}[/]" if r.revoked else "[green]действует[/]"
        )
        table.add_row(
            r.serial,
            r.learner_id,
            r.full_name,
            f"{r.result:g} %" + (" отл." if r.distinction else ""),
            r.issued_at[:10],
            status,
        )
    console.print(table)


@app.command()
@friendly
def export(
    file: Annotated[Path, typer.Argument(help="Куда выгрузить: .csv, .json или .jws (подписанный список отзыва)")],
    config: ConfigOpt = None,
) -> None:
    """Выгрузить реестр (CSV для Excel или JSON) или подписанный список отзыва (.jws)."""
    cfg = load_config(config)
    if file.suffix.lower() == ".jws":
        from promtour.fsutil import atomic_write_text

        from .revocations import build

        atomic_write_text(file, build(cfg) + "\n")
        console.print(f"[green]Список отзыва подписан[/] → {file}")
        return
    n = export_registry(cfg, file)
    console.print(f"[green]Выгружено записей: {n}[/] → {file}")


@app.command()
@friendly
def site(
    out: Annotated[Path, typer.Argument(help="Папка сайта проверки (её можно выложить на любой статический хостинг)")],
    config: ConfigOpt = None,
) -> None:
    """Собрать статическую страницу проверки: index.html, ключи (jwks.json), подписанный список отзыва."""
    from .site import build_site

    cfg = load_config(config)
    for path in build_site(cfg, out):
        console.print(f"  {path}")
    where = cfg.verify_url or "из настроек (адрес не задан: QR-коды несут сам токен; задайте \\[verification] url)"
    console.print(f"[green]Готово.[/] Выложите папку {out} по адресу {where}. После отзыва пересоберите её.")
