"""The enterprise a learner carries through the course: a world enterprise or their own.

An :class:`Enterprise` is one profile: what the enterprise is, its goals, its visitor
regulations, its costs and its readiness. The course's world (:mod:`promtour.world`) declares
six; a learner on the real-enterprise track fills ``data/templates/my_enterprise.csv`` (or the
XLSX made by ``promtour passport template``) and :func:`choose` reads it with Russian errors.
Every tool of the kit (readiness index, excursion-plan check, break-even, route, KPIs) takes
an :class:`Enterprise`, so it works the same on either track.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import KitError
from .fsutil import atomic_write_bytes

# Readiness criteria: code -> Russian title (the weights live in module 3's dataset).
READINESS_CRITERIA: dict[str, str] = {
    "safety_briefing": "Программа инструктажа по технике безопасности для гостей",
    "marked_route": "Размеченный безопасный маршрут по территории и цехам",
    "ppe_point": "Пункт выдачи СИЗ для гостей",
    "parking": "Парковка и разворот для туристического автобуса",
    "reception_room": "Зал приёма группы (гардероб, место для инструктажа)",
    "toilets": "Санузлы, доступные гостям на маршруте",
    "trained_guide": "Обученный экскурсовод из числа сотрудников",
    "story": "Сценарий экскурсии: история предприятия и продукта",
    "museum": "Музей или экспозиция предприятия",
    "souvenirs": "Сувенирная продукция, дегустация или продукт в подарок",
    "step_free": "Маршрут доступен маломобильным гостям",
}
PHOTO_POLICIES = ("разрешено", "с ограничениями", "запрещено")


@dataclass(frozen=True)
class Enterprise:
    id: str  # short code, Latin letters/digits: PMK, MY1
    name: str
    short: str
    industry: str
    town: str
    employees: int
    product: str
    access: str  # open site / site with hazardous shops / restricted (режимный) site
    goals: tuple[str, ...]  # what the enterprise wants from tourism, most important first
    goal_metric: str  # the business result the passport's KPIs tie back to
    goal_target: int  # its target for the next year
    max_group: int  # visitor regulations: people in one group, accompanying adults included
    min_age: int
    children_per_adult: int  # regulations: one accompanying adult per N children; 0 = no children
    tour_minutes: int  # the longest tour the regulations allow
    ppe: str
    hazards: str
    photo: str
    foreigners: str
    opens: str  # "HH:MM", visitor hours
    closes: str
    visitors_last_year: int
    tours_last_year: int
    target_visitors: int
    fixed_cost_per_tour: int  # rubles per tour: guide, escort, briefing, insurance share
    variable_cost_per_visitor: int  # rubles per visitor: PPE, souvenir, tea
    ticket_price: int  # rubles, full adult ticket; 0 = free tours
    readiness: dict[str, bool] = field(default_factory=dict)

    @property
    def open_minutes(self) -> tuple[int, int]:
        """Visitor hours as minutes since midnight."""
        return _minutes(self.opens), _minutes(self.closes)

    @property
    def admits_children(self) -> bool:
        return self.children_per_adult > 0 and self.min_age < 18

    def card(self) -> str:
        """A short Markdown card (Russian) for notebooks and the passport."""
        rows = [(FIELDS[f].label, _shown(getattr(self, f))) for f in CARD_FIELDS]
        body = "\n".join(f"| {label} | {value} |" for label, value in rows)
        return f"**{self.name}** ({self.town})\n\n| Поле | Значение |\n|---|---|\n{body}"


@dataclass(frozen=True)
class Field:
    label: str  # Russian, what the template's «поле» column shows
    help: str  # Russian, the template's «пояснение»
    kind: str  # str | int | goals | choice | time | bool
    choices: tuple[str, ...] = ()
    minimum: int = 0


FIELDS: dict[str, Field] = {
    "id": Field("Код предприятия", "2–8 латинских букв или цифр, например MY1", "str"),
    "name": Field("Полное название", "как в уставе или на вывеске", "str"),
    "short": Field("Краткое название", "как его называют гости", "str"),
    "industry": Field("Отрасль", "например: металлургия, пищевая промышленность", "str"),
    "town": Field("Город", "где площадка", "str"),
    "employees": Field("Сотрудников", "человек", "int", minimum=1),
    "product": Field("Что производит", "одной фразой", "str"),
    "access": Field("Режим доступа", "открытая площадка / опасные цеха / режимный объект", "str"),
    "goals": Field("Цели предприятия", "через точку с запятой, главная первой: кадры; репутация", "goals"),
    "goal_metric": Field(
        "Главный результат для предприятия", "что считаем: заявки на целевое обучение, выручка…", "str"
    ),
    "goal_target": Field("Цель по главному результату", "число на следующий год", "int", minimum=1),
    "max_group": Field("Группа не более, чел.", "по положению о посещении, вместе с сопровождающими", "int", minimum=1),
    "min_age": Field("Минимальный возраст, лет", "по положению о посещении", "int"),
    "children_per_adult": Field("Детей на одного сопровождающего", "по положению; 0 — дети не допускаются", "int"),
    "tour_minutes": Field("Экскурсия не дольше, мин", "по положению о посещении", "int", minimum=15),
    "ppe": Field("СИЗ для гостей", "через запятую", "str"),
    "hazards": Field("Опасные факторы на маршруте", "через запятую", "str"),
    "photo": Field("Фотосъёмка", "разрешено / с ограничениями / запрещено", "choice", PHOTO_POLICIES),
    "foreigners": Field("Иностранные гости", "допускаются / по согласованию … / не допускаются", "str"),
    "opens": Field("Приём гостей с", "ЧЧ:ММ", "time"),
    "closes": Field("Приём гостей до", "ЧЧ:ММ", "time"),
    "visitors_last_year": Field("Гостей за прошлый год", "человек; 0, если экскурсий не было", "int"),
    "tours_last_year": Field("Экскурсий за прошлый год", "штук", "int"),
    "target_visitors": Field("Цель по гостям на следующий год", "человек", "int", minimum=1),
    "fixed_cost_per_tour": Field(
        "Постоянные затраты на экскурсию, руб.", "экскурсовод, сопровождающий, инструктаж", "int"
    ),
    "variable_cost_per_visitor": Field("Переменные затраты на гостя, руб.", "СИЗ, сувенир, чай", "int"),
    "ticket_price": Field("Цена взрослого билета, руб.", "0 — бесплатные экскурсии", "int"),
    **{code: Field(title, "да / нет", "bool") for code, title in READINESS_CRITERIA.items()},
}
CARD_FIELDS = (
    "industry",
    "product",
    "employees",
    "access",
    "goals",
    "goal_metric",
    "max_group",
    "min_age",
    "children_per_adult",
    "tour_minutes",
    "ppe",
    "photo",
    "foreigners",
)
_YES, _NO = {"да", "yes", "true", "1", "есть"}, {"нет", "no", "false", "0"}


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return "; ".join(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", "\u202f")
    return str(value)


# --- the real-enterprise track: a template and its reader ---


def template_rows(example: Enterprise) -> list[tuple[str, str, str, str]]:
    """(код, поле, значение, пояснение) rows, filled with ``example``'s values."""
    values = asdict(example)
    rows = []
    for code, f in FIELDS.items():
        if code in READINESS_CRITERIA:
            value = "да" if example.readiness.get(code) else "нет"
        else:
            value = _shown(values[code]).replace("\u202f", "")
        rows.append((code, f.label, value, f.help))
    return rows


HEADER = ("код", "поле", "значение", "пояснение")


def write_template(path: Path, example: Enterprise) -> Path:
    """The profile template as CSV (``;``, UTF-8 with BOM for Excel) or XLSX, by suffix."""
    path = Path(path)
    rows = template_rows(example)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "Предприятие"
        ws.append(HEADER)
        for row in rows:
            ws.append(row)
        for col, width in zip("ABCD", (22, 44, 40, 60)):
            ws.column_dimensions[col].width = width
        buf = io.BytesIO()
        wb.save(buf)
        data = buf.getvalue()
    else:
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
        data = text.getvalue().encode("utf-8-sig")
    atomic_write_bytes(path, data)
    return path


def read_profile(path: Path | str) -> Enterprise:
    """Read an own-enterprise profile (CSV with ``;`` or ``,``, or XLSX); Russian errors."""
    path = Path(path)
    if not path.is_file():
        raise KitError(f"Файл предприятия не найден: {path}")
    raw = _read_rows(path)
    values: dict[str, str] = {}
    for line, (code, value) in raw:
        if code not in FIELDS:
            raise KitError(f"{path.name}, строка {line}: неизвестный код «{code}». Не меняйте столбец «код» шаблона.")
        values[code] = value
    missing = [FIELDS[c].label for c in FIELDS if not values.get(c, "").strip()]
    if missing:
        raise KitError(f"{path.name}: не заполнены поля: {', '.join(missing)}")
    kwargs: dict[str, object] = {}
    readiness = {}
    for code, f in FIELDS.items():
        parsed = _parse(values[code].strip(), f, f"{path.name}, поле «{f.label}»")
        if code in READINESS_CRITERIA:
            readiness[code] = parsed
        else:
            kwargs[code] = parsed
    ent = Enterprise(**kwargs, readiness=readiness)  # type: ignore[arg-type]
    _check_consistency(ent, path.name)
    return ent


def _read_rows(path: Path) -> list[tuple[int, tuple[str, str]]]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            ws = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise KitError(f"{path.name}: файл не читается как XLSX ({exc})") from None
        table = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    else:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1251")
            except UnicodeDecodeError:
                raise KitError(f"{path.name}: кодировка не UTF-8 и не cp1251 — сохраните файл как CSV UTF-8") from None
        delimiter = ";" if text.splitlines()[0].count(";") >= text.splitlines()[0].count(",") else ","
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not table or [c.strip().lower() for c in table[0][:3]] != list(HEADER[:3]):
        raise KitError(
            f"{path.name}: первая строка должна быть заголовком «код; поле; значение; пояснение» "
            "— начните с шаблона `promtour passport template`"
        )
    rows = []
    for i, row in enumerate(table[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 3:
            raise KitError(f"{path.name}, строка {i}: нужно три столбца — код, поле, значение")
        rows.append((i, (row[0].strip(), row[2])))
    return rows


def _parse(text: str, f: Field, where: str) -> object:
    if f.kind in ("int",):
        cleaned = text.replace(" ", "").replace("\u202f", "").replace("\xa0", "")
        try:
            number = int(float(cleaned.replace(",", ".")))
        except ValueError:
            raise KitError(f"{where}: ожидалось целое число, а записано «{text}»") from None
        if number < f.minimum:
            raise KitError(f"{where}: значение {number} меньше допустимого ({f.minimum})")
        return number
    if f.kind == "bool":
        low = text.lower()
        if low in _YES:
            return True
        if low in _NO:
            return False
        raise KitError(f"{where}: ожидалось «да» или «нет», а записано «{text}»")
    if f.kind == "choice" and text not in f.choices:
        raise KitError(f"{where}: допустимо одно из: {', '.join(f.choices)}; записано «{text}»")
    if f.kind == "time":
        try:
            minutes = _minutes(text)
        except ValueError:
            raise KitError(f"{where}: время пишется как ЧЧ:ММ, например 09:30; записано «{text}»") from None
        if not 0 <= minutes < 24 * 60:
            raise KitError(f"{where}: такого времени нет: «{text}»")
        return text
    if f.kind == "goals":
        return tuple(g.strip() for g in text.split(";") if g.strip())
    return text


def _check_consistency(e: Enterprise, name: str) -> None:
    if not e.id.isascii() or not e.id.isalnum() or not 2 <= len(e.id) <= 8:
        raise KitError(f"{name}: код предприятия — 2–8 латинских букв или цифр, а записано «{e.id}»")
    if e.open_minutes[0] >= e.open_minutes[1]:
        raise KitError(f"{name}: приём гостей «с {e.opens}» должен быть раньше, чем «до {e.closes}»")
    if e.visitors_last_year and not e.tours_last_year:
        raise KitError(f"{name}: гости за прошлый год есть ({e.visitors_last_year}), а экскурсий 0")


def choose(choice: str | Path) -> Enterprise:
    """The learner's enterprise: a world code (``"PMK"``) or a path to their filled template.

    In a notebook, shows its card so that the passport records which enterprise it is.
    """
    from . import world

    text = str(choice)
    if text.upper() in {e.id for e in world.ENTERPRISES}:
        ent = world.enterprise(text.upper())
    elif text.lower().endswith((".csv", ".xlsx")):
        ent = read_profile(Path(text))
    else:
        raise KitError(
            f"«{text}» — не код предприятия региона ({', '.join(e.id for e in world.ENTERPRISES)}) "
            "и не файл .csv/.xlsx с профилем своего предприятия"
        )
    from .passport.exhibit import show_enterprise

    show_enterprise(ent)
    return ent
