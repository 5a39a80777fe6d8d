"""The passport's parts and the defence rubric: declared once, used by assignments, export and eligibility.

An assignment fills a part with a manually graded Markdown answer cell whose nbgrader
``grade_id`` is ``passport_<key>``; the locked cell ``passport_<key>_rubric`` before it holds the
rubric with level descriptors. Tables and figures for a part come from
:func:`promtour.passport.exhibit.table` / :func:`~promtour.passport.exhibit.figure` with ``part=<key>``.
"""

from __future__ import annotations

from dataclasses import dataclass

CELL_PREFIX = "passport_"


@dataclass(frozen=True)
class Part:
    key: str
    module: str  # m01 … m06
    title: str  # Russian heading in the passport
    asks: str  # Russian: what the part must contain

    @property
    def grade_id(self) -> str:
        return CELL_PREFIX + self.key


PARTS: tuple[Part, ...] = (
    Part(
        "goals",
        "m01",
        "Предприятие, регион и цели",
        "предприятие и его продукт; цели предприятия и главный измеримый результат; базовая линия "
        "региона; SWOT и стратегические приоритеты",
    ),
    Part(
        "team",
        "m01",
        "Региональная команда",
        "участники (предприятие, органы власти, школы и управление образования, туроператор, ТИЦ, "
        "перевозчик, вуз или колледж, музей); роль, вклад, интерес, влияние; координатор",
    ),
    Part(
        "audiences",
        "m02",
        "Аудитории и спрос",
        "главный сегмент и персона; каналы, через которые приходит спрос; сезонность и срок "
        "бронирования; оценка потенциала",
    ),
    Part(
        "readiness",
        "m03",
        "Готовность, безопасность и правовые условия",
        "индекс готовности и стоп-факторы; договор с предприятием, положение о посещении, "
        "страхование, персональные данные, коммерческая тайна, доступ иностранцев",
    ),
    Part(
        "techmap",
        "m03",
        "Технологическая карта экскурсии",
        "остановки с минутами, инструктаж первым, СИЗ, группа и сопровождающие, сюжет, "
        "порядок действий при происшествии",
    ),
    Part(
        "economics",
        "m04",
        "Экономика и прайс-лист",
        "себестоимость, точка безубыточности, прайс-лист с условиями для групп, "
        "продажа билетов (54-ФЗ, публичная оферта)",
    ),
    Part(
        "route",
        "m05",
        "Маршрут",
        "маршрут дня с временем, переездами и стоимостью на человека; экскурсионная услуга или "
        "туристский продукт; перевозка детей",
    ),
    Part(
        "promotion",
        "m06",
        "Продвижение и KPI",
        "каналы и сообщения для аудиторий; маркировка рекламы; KPI, связанные с целями раздела 1",
    ),
    Part(
        "roadmap",
        "m06",
        "Дорожная карта и бюджет",
        "этапы на год со сроками и ответственными; бюджет по статьям; источники финансирования",
    ),
    Part(
        "offer",
        "m06",
        "Предложение директору",
        "одна страница: что предлагаем, зачем предприятию, сколько стоит, что нужно от директора",
    ),
)


def part(key: str) -> Part:
    for p in PARTS:
        if p.key == key:
            return p
    raise KeyError(f"Нет раздела паспорта «{key}». Есть: {', '.join(p.key for p in PARTS)}")


def parts_of(module_key: str) -> tuple[Part, ...]:
    return tuple(p for p in PARTS if p.module == module_key)


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str
    points: int
    levels: tuple[str, str, str]  # what 0, half and full marks look like


DEFENCE_ASSIGNMENT = "defence"  # the gradebook assignment that records the defence
DEFENCE: tuple[Criterion, ...] = (
    Criterion(
        "logic",
        "Логика продукта: от целей предприятия к KPI",
        3,
        (
            "цели, аудитория, продукт и KPI не связаны; KPI только маркетинговые",
            "связь прослеживается для части разделов; один-два KPI не вытекают из целей",
            "каждый KPI вытекает из цели раздела 1; аудитория, экскурсия, цена и маршрут работают на эти цели",
        ),
    ),
    Criterion(
        "safety",
        "Безопасность и правовые условия",
        3,
        (
            "не может назвать положение о посещении, СИЗ, порядок при происшествии или правовые документы",
            "называет основное, но путается в одном из блоков (дети, персональные данные, режимный объект)",
            "уверенно объясняет инструктаж, СИЗ, сопровождение, согласия, тайну и страхование для своего предприятия",
        ),
    ),
    Criterion(
        "numbers",
        "Расчёты и их защита",
        2,
        (
            "не может объяснить, откуда цена, безубыточность или стоимость маршрута",
            "объясняет формулы, но не знает, что будет при изменении группы или цены",
            "объясняет расчёт и отвечает на «что если» (меньше группа, другая скидка, другой автобус)",
        ),
    ),
    Criterion(
        "offer",
        "Предложение директору",
        2,
        (
            "предложения нет или оно не отвечает на вопрос «зачем это предприятию»",
            "предложение есть, но в нём нет цены вопроса или следующего шага",
            "на одной странице: выгода, затраты, риски и решение, которое нужно от директора",
        ),
    ),
)
DEFENCE_MAX = sum(c.points for c in DEFENCE)
