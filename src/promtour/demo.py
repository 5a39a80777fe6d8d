"""``promtour demo``: the trainer's whole cycle on synthetic learners in a scratch course.

Nothing here touches the real gradebook or real learners: the demo course lives in its own
folder (``build/demo`` by default) and is rebuilt from scratch on every run.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .errors import KitError
from .grading.course import Course
from .grading.export import export_csv, pivot
from .grading.report import build_report
from .grading.synthetic import PROFILES
from .grading.trial import Trial, auto_score, grade_manually, max_auto, submit_profile

MARKER = ".promtour-demo"


@dataclass(frozen=True)
class Learner:
    """Synthetic learner: the names are invented for the demo."""

    id: str
    last_name: str
    first_name: str
    patronymic: str
    profile: str

    @property
    def email(self) -> str:
        return f"{self.id}@example.org"


LEARNERS = (
    Learner("demo-01", "Образцова", "Анна", "Сергеевна", "perfect"),
    Learner("demo-02", "Половинкин", "Пётр", "Ильич", "partial"),
    Learner("demo-03", "Пустов", "Иван", "Андреевич", "blank"),
    Learner("demo-04", "Сбоева-Исключительная", "Мария", "Александровна", "raising"),
    Learner("demo-05", "Кодеров", "Глеб", "Олегович", "coder"),
)
# What the simulated trainer gives at the passport's defence (share of each criterion); the coder has
# no passport to defend.
DEFENCE_SHARE = {"perfect": 1.0, "partial": 0.5, "raising": 0.8}


def fresh_course(folder: Path) -> Course:
    if folder.exists():
        if not (folder / MARKER).exists():
            raise KitError(f"{folder} существует и не похожа на демонстрационную папку — не трогаю её")
        shutil.rmtree(folder)
    course = Course.scratch(folder, Course().assignments())
    (folder / MARKER).write_text("scratch course of `promtour demo`; safe to delete\n", encoding="utf-8")
    return course


def grade_learners(course: Course, assignments: list[str], console: Console) -> list[Trial]:
    with course.gradebook() as gb:
        for le in LEARNERS:
            gb.update_or_create_student(le.id, first_name=le.first_name, last_name=le.last_name, email=le.email)
    trials = []
    jobs = [(a, le) for a in assignments for le in LEARNERS]
    with console.status("") as status:
        for i, (a, le) in enumerate(jobs, 1):
            status.update(f"Автопроверка {i}/{len(jobs)}: {a} / {le.id}")
            expected = submit_profile(course, a, le.id, le.profile)
            r = course.autograde(a, le.id)
            actual = auto_score(course, a, le.id) if r.ok else None
            trials.append(Trial(a, le.id, le.profile, expected, actual, max_auto(course, a), r.message))
            share = next(p.manual_share for p in PROFILES if p.name == le.profile)
            if r.ok:
                grade_manually(course, a, le.id, share)
    return trials


def trials_table(trials: list[Trial]) -> Table:
    t = Table(title="Автопроверка синтетических слушателей: заслуженный и выставленный балл")
    for col in ("Задание", "Слушатель", "Профиль", "Заслуживает", "Выставлено", ""):
        t.add_column(col)
    for tr in trials:
        t.add_row(
            tr.assignment,
            tr.student,
            tr.profile,
            f"{tr.expected:g}/{tr.max_auto:g}",
            "ошибка" if tr.actual is None else f"{tr.actual:g}",
            "✔" if tr.as_expected else "✘ " + tr.message,
        )
    return t


def write_roster(path: Path) -> Path:
    """The synthetic learners as an organiser's roster file (full Russian names)."""
    lines = ["# синтетические слушатели демонстрации, не реальные люди", "id;фамилия;имя;отчество;email"]
    lines += [f"{le.id};{le.last_name};{le.first_name};{le.patronymic};{le.email}" for le in LEARNERS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def defend_passports(course: Course, console: Console) -> None:
    """The trainer hears each learner's defence and records it (simulated)."""
    from .passport.defence import record
    from .passport.extract import passport_of
    from .passport.template import DEFENCE, DEFENCE_MAX

    for le in LEARNERS:
        share = DEFENCE_SHARE.get(le.profile)
        if share is None:
            console.print(f"  {le.id}: паспорта нет — защищать нечего")
            continue
        pp = passport_of(course, le.id)
        product = " — ".join(x for x in (pp.product, pp.enterprise_name) if x)
        with course.gradebook() as gb:
            total = record(
                gb,
                le.id,
                {c.key: round(c.points * share * 2) / 2 for c in DEFENCE},
                "защита (имитация демонстрации)",
                product,
            )
        console.print(f"  {le.id}: защита {total:g} из {DEFENCE_MAX}; {product or 'продукт не назван'}")


def build_passports(course: Course, eligible: list[str], console: Console) -> list[Path]:
    from .passport.cli import export_passport

    paths = []
    for learner in eligible:
        paths += export_passport(course, learner)
    for p in paths:
        console.print(f"  {p}")
    return paths


def issue_certificates(course: Course, folder: Path, console: Console):
    """The organiser's path on the demo gradebook; returns the certificates' configuration."""
    from .certificates import import_roster, init_keys, issue_batch, load_config, verify
    from .certificates.config import default_config_path

    # the course's own settings file, so `PROMTOUR_ROOT=<demo> promtour cert …` works on the demo too
    settings = folder / "certificates" / "config.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(default_config_path(), settings)
    cfg = load_config(settings)
    init_keys(cfg)
    roster = import_roster(cfg, write_roster(folder / "roster_synthetic.csv"), course.db_url)
    if roster.errors:
        raise KitError(f"список слушателей демонстрации не принят: {roster.errors[0]}")
    report = issue_batch(cfg, course.db_url)
    for d in report.decisions:
        mark = "✔ сертификат" + (" с отличием" if d.distinction else "") if d.eligible else "✘ не допущен"
        overall = "—" if d.overall is None else f"{d.overall:.0f}%"
        console.print(f"  {d.learner_id}: итог {overall}, {mark}" + ("" if d.eligible else f": {d.reasons[0]}"))
    if not report.issued:
        raise KitError("демонстрация не выдала ни одного сертификата")
    coder = next(d for d in report.decisions if d.learner_id == "demo-05")
    if coder.eligible or not any("паспорт" in r for r in coder.reasons):
        raise KitError("слушатель без паспорта продукта не должен получить сертификат")
    verdict = verify(cfg, report.issued[0].path)
    console.print(f"  Проверка {report.issued[0].path.name}: {verdict.summary()}")
    if not verdict.ok:
        raise KitError(f"выданный сертификат не прошёл проверку: {verdict.summary()}")
    from .certificates.site import build_site

    site = build_site(cfg, folder / "certificates" / "site")[0].parent
    console.print(f"  Страница проверки (статический сайт): {site}")
    return cfg, [d.learner_id for d in report.decisions if d.eligible]


def run(folder: Path, console: Console) -> list[Trial]:
    from .cli import summary_table

    course = fresh_course(folder)
    assignments = course.assignments()
    if not assignments:
        raise KitError("в solutions/ нет заданий")
    console.rule("1. Сборка студенческих версий")
    for a in assignments:
        r = course.build(a)
        console.print(f"  {'✔' if r.ok else '✘'} {a} {r.message}")
        if not r.ok:
            raise KitError(f"не собрано {a}: {r.message}")

    console.rule("2. Работы пяти синтетических слушателей → автопроверка → ручная оценка (имитация)")
    trials = grade_learners(course, assignments, console)
    console.print(trials_table(trials))

    console.rule("3. Отзывы, выгрузка оценок, отчёт тренера")
    for a in assignments:
        for le in LEARNERS:
            course.feedback(a, le.id)
    grades = folder / "grading" / "grades.csv"
    export_csv(course, grades)
    report = build_report(course)
    console.print(summary_table(*pivot(course.scores())))

    console.rule("4. Защита паспорта продукта (имитация)")
    defend_passports(course, console)

    console.rule("5. Сертификаты: список слушателей → допуск → выдача → проверка подлинности")
    certs, eligible = issue_certificates(course, folder, console)

    console.rule("6. Паспорта продукта допущенных слушателей (PDF и DOCX)")
    passports = build_passports(course, eligible, console)

    console.rule("Где результаты")
    for what, where in (
        ("студенческие версии", course.dir("release")),
        ("сданные работы", course.dir("submitted")),
        ("проверенные работы", course.dir("autograded")),
        ("отзывы (HTML)", course.dir("feedback")),
        ("журнал оценок", course.db_url),
        ("оценки CSV", grades),
        ("отчёт тренера", report),
        ("сертификаты PDF", certs.issued_dir),
        ("паспорта продукта", passports[0].parent if passports else "—"),
        ("реестр сертификатов", certs.registry_path),
        ("страница проверки", certs.issued_dir.parent / "site" / "index.html"),
        ("открытый ключ для проверки", certs.public_key_path),
    ):
        console.print(f"  {what}: {where}")
    wrong = [t for t in trials if not t.as_expected]
    if wrong:
        raise KitError(f"оценки {len(wrong)} работ не совпали с ожидаемыми")
    console.print(f"[green]Готово: все работы ({len(trials)}) оценены так, как заслуживают.[/]")
    return trials
