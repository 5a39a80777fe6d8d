"""``promtour passport …``: the product passport for trainers, organisers and learners.

template · show · export · build · defend
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..cliutil import RuTyper, console, friendly
from ..course import MODULES
from ..errors import KitError

app = RuTyper(
    name="passport",
    no_args_is_help=True,
    add_completion=False,
    help="Паспорт продукта: шаблон своего предприятия, разделы, PDF/DOCX, защита.",
)

CourseOpt = Annotated[Optional[Path], typer.Option("--course", help="Папка курса (по умолчанию — этот репозиторий).")]
DbOpt = Annotated[
    Optional[str], typer.Option("--db-url", help="URL журнала оценок; по умолчанию $PROMTOUR_DB_URL или SQLite курса.")
]
LearnerArg = Annotated[str, typer.Argument(help="Идентификатор слушателя в журнале оценок.")]


def _course(course: Path | None, db_url: str | None):
    from ..grading.course import Course

    return Course(course, db_url)


def _cover(course, learner: str):
    from nbgrader.api import MissingEntry

    from ..world import REGION
    from .render import Cover

    name = learner
    with course.gradebook() as gb:
        try:
            s = gb.find_student(learner)
            name = " ".join(x for x in (s.last_name, s.first_name) if x) or learner
        except MissingEntry:
            pass
    return Cover(name, _course_title(), REGION.name, dt.date.today())


def _course_title() -> str:
    try:
        from ..certificates.config import load_config

        return load_config().course_title
    except Exception:  # noqa: BLE001 - the passport does not need certificate settings
        from ..course import COURSE_TITLE

        return COURSE_TITLE


def export_passport(
    course, learner: str, folder: Path | None = None, formats: tuple[str, ...] = ("pdf", "docx")
) -> list[Path]:
    """The learner's passport files in ``folder`` (default ``<course>/grading/passports``)."""
    from .extract import passport_of
    from .render import write

    passport = passport_of(course, learner)
    target = folder or Path(course.root) / "grading" / "passports"
    return write(passport, _cover(course, learner), target, formats)


@app.command()
@friendly
def template(
    out: Annotated[Path, typer.Argument(help="Файл шаблона: .xlsx или .csv.")] = Path("my_enterprise.xlsx"),
    example: Annotated[str, typer.Option(help="Чьими данными заполнить образец (код предприятия региона).")] = "PMK",
):
    """Шаблон профиля своего предприятия (трек «реальное предприятие»), заполненный образцом."""
    from ..enterprise import write_template
    from ..world import enterprise

    try:
        path = write_template(out, enterprise(example))
    except KeyError as exc:
        raise KitError(str(exc.args[0])) from None
    console.print(
        f"Шаблон: {path}\nЗамените значения в столбце «значение» данными своего предприятия; "
        'в задании напишите my = choose("{0}").'.format(path.name)
    )


@app.command()
@friendly
def check(path: Annotated[Path, typer.Argument(help="Заполненный профиль предприятия (.xlsx или .csv).")]):
    """Проверить заполненный профиль своего предприятия."""
    from ..enterprise import read_profile

    ent = read_profile(path)
    console.print(f"[green]Профиль принят:[/] {ent.name} ({ent.town}), код {ent.id}")


@app.command()
@friendly
def show(
    learner: LearnerArg,
    course: CourseOpt = None,
    db_url: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Вывести JSON.")] = False,
):
    """Разделы паспорта слушателя: заполнены ли, баллы."""
    from .extract import passport_of

    passport = passport_of(_course(course, db_url), learner)
    if as_json:
        print(json.dumps(passport.as_json(), ensure_ascii=False, indent=2))
        return
    t = Table(title=f"Паспорт продукта {learner}: {passport.product or '—'} · {passport.enterprise_name or '—'}")
    for col in ("Модуль", "Раздел", "Заполнен", "Балл"):
        t.add_column(col)
    for s in passport.sections():
        score = "ждёт проверки" if s["score"] is None else f"{s['score']:g} из {s['max']:g}"
        t.add_row(s["module"], s["title"], "да" if s["filled"] else "нет", score)
    console.print(t)


@app.command()
@friendly
def export(
    learner: LearnerArg,
    course: CourseOpt = None,
    db_url: DbOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Папка (по умолчанию grading/passports).")] = None,
):
    """Паспорт продукта слушателя в PDF и DOCX из его сданных работ."""
    for path in export_passport(_course(course, db_url), learner, out):
        console.print(f"  {path}")


@app.command()
@friendly
def build(
    folder: Annotated[
        Path, typer.Argument(help="Папка с вашими заданиями (в ней m01-strategy/, m02-audiences/ …).")
    ] = Path("."),
    name: Annotated[str, typer.Option("--name", help="Ваши фамилия и имя для титульного листа.")] = "",
    out: Annotated[Path, typer.Option("--out", help="Куда положить файлы.")] = Path("passport"),
):
    """Для слушателя: собрать свой паспорт из своих тетрадок (сохранённых после «Run All»)."""
    from ..grading.course import read_notebook
    from ..world import REGION
    from .extract import from_notebooks
    from .render import Cover, write

    notebooks = {}
    for m in MODULES:
        found = sorted(folder.glob(f"{m.assignment}/*.ipynb"))
        if found:
            notebooks[m.key] = read_notebook(found[0])
    if not notebooks:
        raise KitError(f"В {folder} нет папок заданий (m01-strategy/ …) с тетрадками")
    passport = from_notebooks("my", notebooks)
    empty = [p.part.title for p in passport.parts if not p.filled]
    for path in write(passport, Cover(name or "слушатель курса", _course_title(), REGION.name, dt.date.today()), out):
        console.print(f"  {path}")
    if empty:
        console.print(f"[yellow]Не заполнены разделы:[/] {'; '.join(empty)}")


@app.command()
@friendly
def defend(
    learner: LearnerArg,
    scores: Annotated[list[str], typer.Argument(help="Оценки по критериям: logic=3 safety=2.5 numbers=2 offer=2.")],
    comment: Annotated[str, typer.Option("--comment", help="Комментарий тренера.")] = "",
    course: CourseOpt = None,
    db_url: DbOpt = None,
):
    """Записать защиту паспорта продукта (рубрика «защита паспорта») в журнал оценок."""
    from .defence import parse_scores, record
    from .extract import passport_of
    from .template import DEFENCE_MAX

    c = _course(course, db_url)
    parsed = parse_scores(scores)
    passport = passport_of(c, learner)
    product = " — ".join(x for x in (passport.product, passport.enterprise_name) if x)
    with c.gradebook() as gb:
        total = record(gb, learner, parsed, comment, product)
    console.print(f"Защита {learner}: {total:g} из {DEFENCE_MAX}; продукт: {product or '—'}")


def rubric_table() -> Table:
    from .template import DEFENCE

    t = Table(title="Рубрика «защита паспорта»")
    for col in ("Критерий", "Баллы", "0", "Половина", "Полный балл"):
        t.add_column(col)
    for c in DEFENCE:
        t.add_row(f"{c.key}: {c.title}", str(c.points), *c.levels)
    return t


@app.command()
@friendly
def rubric():
    """Показать рубрику защиты паспорта с описанием уровней."""
    console.print(rubric_table())
