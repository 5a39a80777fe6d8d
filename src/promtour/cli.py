"""``promtour``: the trainer's and organiser's commands.

Each command is a thin face over a plain function of the package; errors are
printed as one line, never as a traceback.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import hub  # the hub's defaults (light: each command imports the parts it runs)
from .cliutil import RuTyper, console, friendly
from .errors import KitError
from .hub.limits import Limits

# RuTyper: Typer's own words (usage, --help, errors, panel titles) in Russian, see cliutil
app = RuTyper(
    help="Курс «Специалист по организации промышленного туризма»: команды тренера и организатора.",
    no_args_is_help=True,
    add_completion=False,
)


def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        console.print(f"promtour {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Показать версию и выйти.")
    ] = False,
):
    """Курс «Специалист по организации промышленного туризма»: команды тренера и организатора."""


def _mount_certificates() -> None:
    from .certificates.cli import app as cert_app

    app.add_typer(cert_app, name="cert", help="Сертификаты: ключи, список слушателей, выдача, проверка, отзыв.")


_mount_certificates()


def _mount_passport() -> None:
    from .passport.cli import app as passport_app

    app.add_typer(passport_app, name="passport")


_mount_passport()

CourseOpt = Annotated[Optional[Path], typer.Option("--course", help="Папка курса (по умолчанию — этот репозиторий).")]
DbOpt = Annotated[
    Optional[str],
    typer.Option(
        "--db-url", help="URL журнала оценок (SQLAlchemy); по умолчанию $PROMTOUR_DB_URL или SQLite в grading/."
    ),
]
ModulesArg = Annotated[Optional[list[str]], typer.Argument(help="Модули: m01, 1 или m01-strategy; по умолчанию все.")]


def progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _course(course: Path | None, db_url: str | None):
    from .grading.course import Course

    return Course(course, db_url)


@app.command()
@friendly
def bundle(out: Annotated[Path, typer.Argument(help="Новая папка для материалов слушателей.")]):
    """Материалы для слушателей: уроки, студенческие версии, данные, библиотека — без эталонов и скрытых тестов."""
    from .bundle import build_bundle

    for path in build_bundle(out):
        console.print(f"  {path}")
    console.print(f"[green]Готово:[/] {out} — раздайте эту папку слушателям (не весь репозиторий)")


@app.command()
@friendly
def data(folder: Annotated[Optional[Path], typer.Option(help="Куда писать CSV (по умолчанию data/).")] = None):
    """Пересоздать наборы данных курса (детерминированно)."""
    from .datasets import write_all

    for path in write_all(folder):
        console.print(f"  {path}")


@app.command()
@friendly
def build(modules: ModulesArg = None, course: CourseOpt = None, db_url: DbOpt = None):
    """Собрать студенческие версии заданий (solutions/ → assignments/)."""
    c = _course(course, db_url)
    failed = 0
    with progress() as bar:
        for assignment in bar.track(c.resolve(modules), description="Сборка заданий"):
            r = c.build(assignment)
            failed += not r.ok
            console.print(f"  {'✔' if r.ok else '✘'} {assignment} {r.message}")
    if failed:
        raise KitError(f"не собрано заданий: {failed}")


@app.command()
@friendly
def collect(
    source: Annotated[Path, typer.Argument(help="Папка FOLDER/<id слушателя>/*.ipynb или zip-архив из СДО.")],
    module: Annotated[str, typer.Option("--module", "-m", help="Модуль, к которому относятся работы.")],
    deadline: Annotated[
        Optional[datetime], typer.Option(help="Срок сдачи (UTC), например 2026-12-01T23:59:00.")
    ] = None,
    worksheet: Annotated[
        Optional[Path],
        typer.Option(
            "--worksheet", help="Таблица оценок Moodle (CSV): сопоставить участников со слушателями по e-mail."
        ),
    ] = None,
    course: CourseOpt = None,
    db_url: DbOpt = None,
):
    """Принять работы слушателей из папки или zip-архива (в том числе «Скачать все ответы» Moodle)."""
    from .grading.intake import collect_folder, collect_zip

    c = _course(course, db_url)
    assignment = c.resolve([module])[0]
    when = deadline.replace(tzinfo=UTC) if deadline else None
    if source.suffix.lower() == ".zip":
        results = collect_zip(c, source, assignment, when, worksheet)
    else:
        results = collect_folder(c, source, assignment, when)
    for r in results:
        console.print(f"  {'✔' if r.ok else '✘'} {r.student}: {r.message}")
    ok = sum(r.ok for r in results)
    console.print(f"Принято {ok}, отклонено {len(results) - ok}; работы в {c.dir('submitted')}")


@app.command()
@friendly
def autograde(
    modules: ModulesArg = None,
    student: Annotated[Optional[str], typer.Option(help="Только этот слушатель.")] = None,
    workers: Annotated[
        Optional[int], typer.Option("--workers", "-j", min=1, help="Параллельных проверок (по умолчанию — число ядер).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Проверить заново все работы, а не только новые и изменённые.")
    ] = False,
    course: CourseOpt = None,
    db_url: DbOpt = None,
):
    """Автоматически проверить новые и изменённые работы (параллельно); ручные оценки неизменённых ответов сохраняются."""
    from .grading.parallel import autograde_many

    c = _course(course, db_url)
    found = [(a, s) for a in c.resolve(modules) for s in c.submitted_students(a) if student in (None, s)]
    if not found:
        raise KitError(f"нет сданных работ в {c.dir('submitted')}")
    jobs = found if force else [(a, s) for a, s in found if c.needs_autograde(a, s)]
    if not jobs:
        console.print(f"Новых и изменённых работ нет ({len(found)} уже проверено); --force — проверить все заново")
        return
    failed = []
    with progress() as bar:
        for r in bar.track(autograde_many(c, jobs, workers), total=len(jobs), description="Автопроверка"):
            if not r.ok:
                failed.append(r)
    for r in failed:
        console.print(f"  ✘ {r.student} / {r.assignment}: {r.message}")
    console.print(f"Проверено {len(jobs) - len(failed)} из {len(jobs)}; результаты в {c.dir('autograded')}")


@app.command()
@friendly
def feedback(modules: ModulesArg = None, course: CourseOpt = None, db_url: DbOpt = None):
    """Сформировать отзывы (HTML) по проверенным работам."""
    c = _course(course, db_url)
    jobs = [(a, s) for a in c.resolve(modules) for s in c.autograded_students(a)]
    if not jobs:
        raise KitError("нет проверенных работ: сначала `promtour autograde`")
    with progress() as bar:
        bad = [r for a, s in bar.track(jobs, description="Отзывы") if not (r := c.feedback(a, s)).ok]
    for r in bad:
        console.print(f"  ✘ {r.student} / {r.assignment}: {r.message}")
    console.print(f"Отзывы: {len(jobs) - len(bad)} в {c.dir('feedback')}")


@app.command()
@friendly
def export(
    output: Annotated[
        Optional[Path], typer.Option(help="Файл .csv или .xlsx (по умолчанию grading/grades.csv и grades.xlsx).")
    ] = None,
    excel: Annotated[
        bool, typer.Option("--excel", help="CSV для русского Excel: BOM, «;», десятичная запятая.")
    ] = False,
    moodle: Annotated[
        Optional[Path], typer.Option("--moodle", help="Таблица оценок Moodle (CSV), которую заполнить.")
    ] = None,
    module: Annotated[Optional[str], typer.Option("--module", "-m", help="Модуль (для --moodle).")] = None,
    course: CourseOpt = None,
    db_url: DbOpt = None,
):
    """Выгрузить оценки: CSV, XLSX или заполненная таблица оценок Moodle."""
    from .grading.export import export_csv, export_moodle, export_xlsx

    c = _course(course, db_url)
    if moodle:
        if not module:
            raise KitError("для --moodle укажите модуль: -m m01")
        assignment = c.resolve([module])[0]
        out = output or c.root / "grading" / f"moodle-{assignment}.csv"
        n = export_moodle(c, assignment, moodle, out)
        console.print(
            f"Таблица оценок Moodle: {n} участников оценено, файл {out} "
            "(Moodle: Задание → Просмотр всех ответов → Загрузить таблицу оценок)"
        )
        return
    paths = [output] if output else [c.root / "grading" / "grades.csv", c.root / "grading" / "grades.xlsx"]
    for path in paths:
        n = export_xlsx(c, path) if path.suffix.lower() == ".xlsx" else export_csv(c, path, excel=excel)
        console.print(f"Оценки: {n} строк в {path}")


@app.command()
@friendly
def summary(course: CourseOpt = None, db_url: DbOpt = None):
    """Таблица баллов: слушатели × модули."""
    from .grading.export import pivot

    c = _course(course, db_url)
    assignments, table = pivot(c.scores())
    if not table:
        raise KitError("в журнале нет оценок")
    console.print(summary_table(assignments, table))


def summary_table(assignments: list[str], table: dict) -> Table:
    t = Table(title="Баллы по модулям (✎ — ждёт ручной проверки)")
    t.add_column("Слушатель", no_wrap=True)
    for a in assignments:
        t.add_column(a.split("-")[0], justify="right", no_wrap=True)
    for student, row in table.items():
        cells = []
        for a in assignments:
            r = row.get(a)
            cells.append(
                "—" if r is None else f"{r['score']:g}/{r['max_score']:g}{' ✎' if r['needs_manual_grade'] else ''}"
            )
        t.add_row(student, *cells)
    return t


@app.command()
@friendly
def check(modules: ModulesArg = None):
    """Проверить модуль как автор: урок, самопроверки, эталон = полный балл, пустая версия = 0."""
    from .grading.check import check_module

    c = _course(None, None)
    bad = 0
    for assignment in c.resolve(modules):
        report = check_module(c, assignment)
        console.print(report.table())
        bad += not report.ok
    if bad:
        raise KitError(f"модулей с замечаниями: {bad}")


@app.command()
@friendly
def demo(
    folder: Annotated[Path, typer.Option("--dir", help="Временная папка курса для демонстрации.")] = Path("build/demo"),
):
    """Весь цикл тренера на синтетических слушателях во временной папке."""
    from .demo import run

    run(folder.resolve(), console)


@app.command()
@friendly
def lab(
    path: Annotated[
        Optional[str], typer.Argument(help="Что открыть сразу, например modules/01-strategy.ipynb.")
    ] = None,
    course: CourseOpt = None,
    port: Annotated[Optional[int], typer.Option(help="Порт (по умолчанию 8888 или следующий свободный).")] = None,
    browser: Annotated[bool, typer.Option("--browser/--no-browser", help="Открыть браузер.")] = True,
):
    """Открыть курс в JupyterLab (интерфейс на русском)."""
    from .lab import run

    raise typer.Exit(run(course, port=port, path=path, open_browser=browser))


@app.command()
@friendly
def report(
    output: Annotated[Optional[Path], typer.Option(help="Папка отчёта (по умолчанию grading/report/).")] = None,
    pass_share: Annotated[
        float, typer.Option("--pass-share", min=0.01, max=1.0, help="Доля баллов для зачёта задачи и модуля.")
    ] = 0.6,
    course: CourseOpt = None,
    db_url: DbOpt = None,
):
    """Отчёт тренера (HTML + CSV): баллы по модулям, доля решивших по задачам, что ждёт проверки."""
    from .grading.report import build_report

    c = _course(course, db_url)
    path = build_report(c, output, pass_share)
    console.print(f"Отчёт: {path} (таблицы tasks.csv и modules.csv рядом)")


# ---- JupyterHub on one machine (deploy/hub, docs/hub.md) -----------------------------------------

hub_app = RuTyper(
    help="JupyterHub курса на одной машине: окружение, учётные записи, обмен nbgrader, список слушателей.",
    no_args_is_help=True,
)
app.add_typer(hub_app, name="hub")
HubEnvOpt = Annotated[
    Path, typer.Option("--prefix", help="Окружение Python для серверов пользователей (доступно всем).")
]
TrainerOpt = Annotated[str, typer.Option("--trainer", help="Пользователь тренера (проверяющего).")]
StateOpt = Annotated[Path, typer.Option("--state", help="Папка хаба: его база, cookie-секрет, токен службы.")]


@hub_app.command("env")
@friendly
def hub_env(prefix: HubEnvOpt = hub.DEFAULT_ENV):
    """Собрать (или обновить) окружение Python, из которого работают серверы всех пользователей."""
    from .hub.environment import build_user_env

    env = build_user_env(prefix, log=console.print)
    console.print(f"Окружение: {env.prefix} (данные: {env.data})")


@hub_app.command("serve")
@friendly
def hub_serve(
    prefix: HubEnvOpt = hub.DEFAULT_ENV,
    trainer: TrainerOpt = hub.DEFAULT_TRAINER,
    group: Annotated[str, typer.Option(help="Группа Unix курса (слушатели и тренер).")] = hub.DEFAULT_GROUP,
    exchange: Annotated[Path, typer.Option(help="Обмен nbgrader (общая папка).")] = hub.DEFAULT_EXCHANGE,
    state: StateOpt = hub.DEFAULT_STATE,
    course: Annotated[
        Optional[Path], typer.Option(help="Папка курса тренера (по умолчанию ~тренера/promtour).")
    ] = None,
    port: Annotated[int, typer.Option(help="Порт хаба на 127.0.0.1.")] = hub.DEFAULT_PORT,
    db_url: DbOpt = None,
    memory_mb: Annotated[int, typer.Option(help="Память одного процесса слушателя, МиБ.")] = Limits.memory_mb,
    nproc: Annotated[int, typer.Option(help="Процессов и потоков у одного слушателя, не больше.")] = Limits.nproc,
    idle_timeout: Annotated[
        int, typer.Option(help="Остановить сервер, которым не пользуются столько секунд (0 — никогда).")
    ] = hub.DEFAULT_IDLE_TIMEOUT,
    lti: Annotated[
        Optional[Path],
        typer.Option(help="Вход из Moodle по LTI 1.3: файл TOML с issuer, client_id, authorize_url, jwks_url."),
    ] = None,
):
    """Запустить JupyterHub на 127.0.0.1 (от root): окружение, группа, тренер, курс и обмен готовятся сами."""
    from .hub.accounts import issue_invitations, nobody_signed_in, pending_invitations
    from .hub.environment import build_user_env
    from .hub.exchange import setup_machine
    from .hub.process import api_token, hub_environment, read_lti_platform, serve

    env = build_user_env(prefix, log=console.print)
    course_dir = setup_machine(env, trainer, group, exchange, course)
    platform = read_lti_platform(lti) if lti else None
    environment = hub_environment(
        env,
        port=port,
        trainer=trainer,
        group=group,
        exchange=exchange,
        state=state,
        course=course_dir,
        db_url=db_url,
        api_token=api_token(state),
        limits=Limits(memory_mb=memory_mb, nproc=nproc),
        idle_timeout=idle_timeout,
        lti=platform,
    )
    console.print(
        f"JupyterHub: http://127.0.0.1:{port}/ — тренер {trainer}, курс {course_dir}, обмен {exchange}; "
        f"список слушателей: `promtour hub roster ФАЙЛ`"
    )
    if not platform and nobody_signed_in(state) and trainer not in pending_invitations(state):
        code = issue_invitations(state, [trainer])[trainer]
        console.print(f"Первый вход тренера: логин {trainer}, код приглашения {code} — и свой пароль")
    raise typer.Exit(serve(env, environment))


UrlOpt = Annotated[str, typer.Option(help="Адрес хаба для этой команды (REST API).")]
PublicOpt = Annotated[
    Optional[str],
    typer.Option("--public-url", help="Адрес хаба для слушателей, на листах приглашений (по умолчанию --url)."),
]
SheetOpt = Annotated[
    Optional[Path], typer.Option(help="Куда положить листы приглашений (по умолчанию <state>/invitations).")
]


@hub_app.command("roster")
@friendly
def hub_roster(
    path: Annotated[Path, typer.Argument(help="Список слушателей: CSV или XLSX (id; фамилия; имя; отчество; email).")],
    url: UrlOpt = hub.DEFAULT_URL,
    public_url: PublicOpt = None,
    trainer: TrainerOpt = hub.DEFAULT_TRAINER,
    state: StateOpt = hub.DEFAULT_STATE,
    sheet: SheetOpt = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Импортировать хорошие строки, пропустив плохие.")
    ] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Исправить лишние пробелы и латинские буквы в ФИО.")] = False,
):
    """Слушатели из списка → пользователи хаба (и Unix), студенты журнала оценок и приглашения для первого входа."""
    from .hub.client import Hub
    from .hub.process import api_token
    from .hub.roster import import_roster

    report = import_roster(Hub(url, api_token(state)), path, trainer, state, skip_bad=skip_bad, fix=fix)
    for issue in report.roster.errors:
        console.print(f"  ✘ строка {issue.row}: {issue.message}")
    if report.roster.errors and not skip_bad:
        raise KitError("в списке ошибки, никто не добавлен (исправьте или --skip-bad)")
    console.print(
        f"Новых пользователей: {len(report.created)}, уже были: {len(report.existing)}; "
        f"в журнале оценок: {len(report.students)}"
    )
    _print_sheet(report.invitations, public_url or url, state, sheet)


@hub_app.command("invite")
@friendly
def hub_invite(
    names: Annotated[list[str], typer.Argument(help="Логины слушателей (или тренера), которым нужен новый код.")],
    public_url: PublicOpt = None,
    state: StateOpt = hub.DEFAULT_STATE,
    sheet: SheetOpt = None,
):
    """Новый одноразовый код приглашения: первый вход или новый пароль, если старый забыт."""
    from .hub.accounts import issue_invitations

    _print_sheet(issue_invitations(state, names), public_url or hub.DEFAULT_URL, state, sheet)


def _print_sheet(codes: dict[str, str], url: str, state: Path, folder: Path | None) -> None:
    from .hub.roster import known_learners, write_invitation_sheet

    if not codes:
        return
    names = {lid: info["name"] for lid, info in known_learners(state).items()}
    csv_path, pdf_path = write_invitation_sheet(folder or state / "invitations", url, codes, names)
    if any(local in url for local in ("127.0.0.1", "localhost")):
        console.print(f"[yellow]На листах адрес {url}: с других компьютеров по нему не войти — укажите --public-url[/]")
    console.print(f"Приглашений: {len(codes)} — раздайте листы: {pdf_path} (таблица: {csv_path})")
