"""Module 3 datasets: readiness of the region's enterprises, criterion weights, excursion plans.

All are **synthetic**, set in the course's fictional region (:mod:`promtour.world`): the six
enterprises of the world (PMK, MAG, SLK, AZT, GES, IZR) carry their profiles' readiness and
visitor regulations unchanged; 24 more fictional enterprises of the same region (ids ``R01``…)
make the statistics. Calibration on published figures (``shared/curriculum.md``):

- only 3–4 % of ~18,000 industrial enterprises ran tours in 2021 (rosatom.ru) — our survey is of
  the region's industrial-tourism programme participants, a self-selected sample, so the share
  running tours is far higher; the lesson discusses this bias;
- Tomsk region: 12,000+ pupils and students at 76 enterprises a year (НИА Томск, 2024), i.e.
  ~160 visitors per enterprise → the scale of the small enterprises of the sample.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...datasets import Column, Dataset
from ...enterprise import READINESS_CRITERIA, Enterprise
from ...world import ENTERPRISES, MODEL_PRODUCT, TOWNS

# --- readiness criteria: code -> (block, weight of 100, must-have); titles from READINESS_CRITERIA ---
_BLOCK_WEIGHTS: dict[str, tuple[str, int, bool]] = {
    "safety_briefing": ("Безопасность", 15, True),
    "marked_route": ("Безопасность", 10, False),
    "ppe_point": ("Безопасность", 10, False),
    "parking": ("Инфраструктура", 5, False),
    "reception_room": ("Инфраструктура", 8, False),
    "toilets": ("Инфраструктура", 7, False),
    "trained_guide": ("Персонал", 15, False),
    "story": ("Содержание", 10, False),
    "museum": ("Содержание", 6, False),
    "souvenirs": ("Содержание", 4, False),
    "step_free": ("Доступность", 10, False),
}
CRITERIA: tuple[tuple[str, str, str, int, bool], ...] = tuple(
    (code, READINESS_CRITERIA[code], *_BLOCK_WEIGHTS[code]) for code in READINESS_CRITERIA
)
CRITERION_CODES = tuple(READINESS_CRITERIA)
BLOCKS = ("Безопасность", "Инфраструктура", "Персонал", "Содержание", "Доступность")
WORLD_IDS = tuple(e.id for e in ENTERPRISES)

# id, name, industry, town, employees — more fictional enterprises of the same region
_MORE: tuple[tuple[str, str, str, str, int], ...] = (
    ("R01", "Сталегорский трубный завод", "металлургия", "Сталегорск", 4_300),
    ("R02", "Приреченский завод ферросплавов", "металлургия", "Приреченск", 1_600),
    ("R03", "Литейный завод «Чугунка»", "металлургия", "Берёзовск", 700),
    ("R04", "Приреченский станкостроительный завод", "машиностроение", "Приреченск", 1_900),
    ("R05", "Завод дорожных машин «Грейдер»", "машиностроение", "Сталегорск", 1_300),
    ("R06", "Судоремонтный завод «Старая Пристань»", "машиностроение", "Старая Пристань", 850),
    ("R07", "Завод сельхозтехники «Колос»", "машиностроение", "Берёзовск", 1_100),
    ("R08", "Молочный комбинат «Зорька»", "пищевая промышленность", "Берёзовск", 600),
    ("R09", "Хлебозавод «Приреченский каравай»", "пищевая промышленность", "Приреченск", 350),
    ("R10", "Завод минеральной воды «Родник»", "пищевая промышленность", "Каменный Брод", 260),
    ("R11", "Мясокомбинат «Берёзовский»", "пищевая промышленность", "Берёзовск", 900),
    ("R12", "Пивоварня «Старый солод»", "пищевая промышленность", "Старая Пристань", 120),
    ("R13", "Чайная фабрика «Самовар»", "пищевая промышленность", "Приреченск", 310),
    ("R14", "Завод бытовой химии «Чистый дом»", "химия", "Каменный Брод", 700),
    ("R15", "Шинный завод «Протектор»", "химия", "Приреченск", 2_600),
    ("R16", "Лакокрасочный завод «Палитра»", "химия", "Каменный Брод", 450),
    ("R17", "Фармацевтическая фабрика «Здравица»", "химия", "Приреченск", 800),
    ("R18", "Приреченская ТЭЦ-2", "энергетика", "Приреченск", 520),
    ("R19", "Сталегорская ТЭЦ", "энергетика", "Сталегорск", 430),
    ("R20", "Солнечная электростанция «Степная»", "энергетика", "Каменный Брод", 45),
    ("R21", "Гончарная мастерская «Глина»", "ремесленное производство", "Старая Пристань", 14),
    ("R22", "Кузница «Старый брод»", "ремесленное производство", "Каменный Брод", 9),
    ("R23", "Ткацкая мануфактура «Лён»", "ремесленное производство", "Берёзовск", 60),
    ("R24", "Столярная мастерская «Дуб»", "ремесленное производство", "Старая Пристань", 18),
)
INDUSTRIES = (
    "металлургия",
    "машиностроение",
    "пищевая промышленность",
    "химия",
    "энергетика",
    "ремесленное производство",
)

# criterion -> offset to the probability of having it (relative to a hidden maturity)
_OFFSETS = {
    "safety_briefing": 0.15,
    "marked_route": -0.10,
    "ppe_point": 0.0,
    "parking": 0.25,
    "reception_room": -0.05,
    "toilets": 0.25,
    "trained_guide": -0.15,
    "story": -0.15,
    "museum": -0.05,
    "souvenirs": -0.15,
    "step_free": -0.35,
}

# industry -> (min_age options, max_group options, children per adult options, P(restricted), P(photo banned))
_INDUSTRY = {
    "металлургия": ((14, 16), (15, 20), (8, 10), 0.0, 0.1),
    "машиностроение": ((12, 14), (12, 15, 20), (8, 10), 0.0, 0.2),
    "химия": ((14, 16, 18), (10, 12, 15), (6, 8), 0.4, 0.5),
    "пищевая промышленность": ((6, 7, 10), (20, 25, 30), (8, 10), 0.0, 0.0),
    "энергетика": ((14, 16, 18), (10, 12, 15), (6, 8), 0.7, 0.5),
    "ремесленное производство": ((6, 7), (8, 10, 12), (5, 6), 0.0, 0.0),
}
RESTRICTED_MARK = "режимн"  # an enterprise is restricted when its access text says «режимный объект»


def survey_row(ent: Enterprise) -> dict:
    """An enterprise profile as one row of ``enterprise_readiness`` (the six of the world, or an own one)."""
    return dict(
        enterprise_id=ent.id,
        name=ent.name,
        industry=ent.industry,
        town=ent.town,
        employees=ent.employees,
        tours_year=ent.tours_last_year,
        visitors_year=ent.visitors_last_year,
        **{c: bool(ent.readiness.get(c, False)) for c in READINESS_CRITERIA},
        restricted=RESTRICTED_MARK in ent.access.lower(),
        photo=ent.photo,
        max_group=ent.max_group,
        min_age=ent.min_age,
        children_per_adult=ent.children_per_adult,
        tour_minutes=ent.tour_minutes,
    )


def _world_rows() -> list[dict]:
    return [survey_row(e) for e in ENTERPRISES]


def _survey(rng: np.random.Generator) -> pd.DataFrame:
    rows = _world_rows()
    for eid, name, industry, town, employees in _MORE:
        ages, groups, per_adult, p_restricted, p_no_photo = _INDUSTRY[industry]
        # draw every random quantity for every row, in the same order, so rows do not shift each other
        maturity = float(rng.beta(2.0, 2.2))
        draws = rng.random(len(CRITERION_CODES) + 3)
        tours_draw = float(rng.lognormal(0.0, 0.5))
        fill = float(rng.uniform(9, 20))
        age = int(rng.choice(ages))
        group = int(rng.choice(groups))
        cpa = int(rng.choice(per_adult))
        minutes = int(rng.choice((60, 75, 90, 90, 120)))
        runs = bool(draws[-1] < 0.15 + 0.6 * maturity)
        crit = {}
        for code, u in zip(CRITERION_CODES, draws):
            p = min(max(0.1 + 0.8 * maturity + _OFFSETS[code] + (0.2 if runs else 0.0), 0.03), 0.97)
            crit[code] = bool(u < p)
        if runs:
            crit["safety_briefing"] = True  # nobody runs tours without a briefing
        tours = visitors = 0
        if runs:
            # Tomsk calibration: ~160 visitors per enterprise a year; bigger plants more
            scale = 6 + 30 * maturity * min(employees / 2000, 2.0)
            tours = max(4, int(round(scale * tours_draw)))
            visitors = int(round(tours * fill))
        restricted = bool(draws[-2] < p_restricted)
        photo = (
            "запрещено"
            if restricted or draws[-3] < p_no_photo
            else ("с ограничениями" if draws[-3] < 0.5 else "разрешено")
        )
        if name.startswith("Пивоварня"):
            age, cpa = 18, 0  # alcohol production: adults only
        if age >= 18:
            cpa = 0
        rows.append(
            dict(
                enterprise_id=eid,
                name=name,
                industry=industry,
                town=town,
                employees=employees,
                tours_year=tours,
                visitors_year=visitors,
                **crit,
                restricted=restricted,
                photo=photo,
                max_group=group,
                min_age=age,
                children_per_adult=cpa,
                tour_minutes=minutes,
            )
        )
    frame = pd.DataFrame(rows)
    assert set(frame["town"]) <= set(TOWNS)
    return frame


def _weights(rng: np.random.Generator) -> pd.DataFrame:
    return pd.DataFrame(CRITERIA, columns=["criterion", "title", "block", "weight", "must_have"])


# --- excursion plans: hand-written technological maps, each with a lesson to teach ---
# plan_id, enterprise_id, title, audience, children, adults, youngest_age, foreign_guests, days_ahead, visitor_list
_P = MODEL_PRODUCT
_PLANS = (
    (
        "P01",
        "PMK",
        _P.name.strip("«»"),
        "школьники 8–9 классов (профориентация)",
        _P.pupils_per_group,
        _P.adults_per_group,
        14,
        0,
        21,
        True,
    ),
    ("P02", "PMK", "Горячий цех для взрослых", "организованные туристы", 0, 16, 24, 0, 14, True),
    ("P03", "SLK", "Как рождается шоколад", "школьники 4–5 классов", 23, 2, 10, 0, 10, True),
    ("P04", "AZT", "Азот без мифов", "студенты колледжа", 2, 9, 17, 0, 20, True),
    ("P05", "MAG", "Вагон за смену", "школьники 7–8 классов", 12, 2, 13, 0, 14, True),
    ("P06", "GES", "Как река даёт свет", "школьники 5–6 классов и гости из-за рубежа", 10, 4, 11, 2, 20, False),
    ("P07", "IZR", "Живая глина", "семьи с детьми", 8, 4, 7, 0, 5, True),
    ("P08", "SLK", "Шоколадная суббота", "семьи с детьми", 8, 8, None, 0, 3, False),
    ("P09", "AZT", "Химия для партнёров", "деловая делегация", 0, 8, 30, 0, 30, True),
)

# plan_id, step, stop, stop_type, minutes, ppe_required, hazard, photo_allowed, guide_note
_STOPS = (
    (
        "P01",
        1,
        "Зал приёма: инструктаж, выдача касок, очков, берушей и жилетов",
        "инструктаж",
        15,
        False,
        "нет",
        True,
        "Правила маршрута, сигналы тревоги, что делать, если стало плохо; роспись в журнале",
    ),
    (
        "P01",
        2,
        "Музей комбината",
        "музей",
        20,
        False,
        "нет",
        True,
        "Город вырос вокруг первой плавки: люди, рекорды, профессии",
    ),
    (
        "P01",
        3,
        "Смотровая галерея электросталеплавильного цеха",
        "производство",
        25,
        True,
        "расплавленный металл",
        False,
        "Выпуск стали — кульминация; профессия сталевара",
    ),
    (
        "P01",
        4,
        "Переезд на автобусе вдоль железнодорожных путей",
        "переход",
        10,
        True,
        "железнодорожные пути",
        True,
        "Масштаб площадки; жилеты не снимаем",
    ),
    (
        "P01",
        5,
        "Прокатный стан: рождение арматуры",
        "производство",
        25,
        True,
        "шум",
        False,
        "Куда поедет арматура; оператор стана; рассказ через радиогиды",
    ),
    (
        "P01",
        6,
        "Встреча с молодыми сталеварами и колледжем",
        "интерактив",
        20,
        False,
        "нет",
        True,
        "Целевое обучение, практика, вопросы школьников",
    ),
    ("P01", 7, "Сдача СИЗ, анкета, сувенир", "сувениры", 5, False, "нет", True, "Анкета и магнит «пруток арматуры»"),
    ("P02", 1, "Зал приёма: инструктаж и СИЗ", "инструктаж", 15, False, "нет", True, "Правила маршрута и съёмки"),
    (
        "P02",
        2,
        "Галерея электросталеплавильного цеха",
        "производство",
        30,
        True,
        "расплавленный металл",
        False,
        "Выпуск стали",
    ),
    (
        "P02",
        3,
        "Разливочный пролёт под мостовыми кранами",
        "производство",
        25,
        False,
        "мостовые краны",
        False,
        "Как сталь становится заготовкой",
    ),
    ("P02", 4, "Музей комбината", "музей", 25, False, "нет", True, "Город-завод: история и люди"),
    ("P02", 5, "Фирменный магазин", "сувениры", 10, False, "нет", True, "Изделия из металла"),
    (
        "P03",
        1,
        "Зал приёма: инструктаж, халаты, шапочки, бахилы",
        "инструктаж",
        10,
        False,
        "нет",
        True,
        "Санитарные правила: руки, волосы, украшения",
    ),
    (
        "P03",
        2,
        "Галерея над линией конфет",
        "производство",
        15,
        True,
        "движущиеся конвейеры",
        True,
        "Путь какао-боба до конфеты",
    ),
    ("P03", 3, "Пряничный цех", "производство", 10, True, "горячие поверхности", True, "Печь и глазурь"),
    ("P03", 4, "Мастер-класс: своя конфета", "интерактив", 30, False, "нет", True, "Каждый делает конфету"),
    ("P03", 5, "Дегустация и подарок", "сувениры", 10, False, "нет", True, "Подарочный набор"),
    (
        "P04",
        1,
        "Бюро пропусков и зал инструктажа: проверка документов, самоспасатели",
        "инструктаж",
        25,
        False,
        "нет",
        False,
        "Газовая тревога, пути эвакуации, как пользоваться самоспасателем",
    ),
    ("P04", 2, "Музей комбината", "музей", 25, False, "нет", False, "История азотной отрасли"),
    (
        "P04",
        3,
        "Пульт управления цехом аммиака",
        "производство",
        40,
        True,
        "аммиак",
        False,
        "Процесс простыми словами; профессия оператора",
    ),
    (
        "P04",
        4,
        "Центральная заводская лаборатория",
        "производство",
        30,
        True,
        "газоопасные зоны",
        False,
        "Контроль качества и экологии",
    ),
    ("P04", 5, "Встреча со службой персонала", "интерактив", 20, False, "нет", False, "Стажировки и практика"),
    ("P05", 1, "Музей завода", "музей", 20, False, "нет", True, "Первый вагон и легендарные модели"),
    ("P05", 2, "Зал приёма: инструктаж и каски", "инструктаж", 10, False, "нет", True, "Правила маршрута по цехам"),
    ("P05", 3, "Сварочный участок (за экраном)", "производство", 20, True, "сварка", False, "Роботы и сварщики"),
    ("P05", 4, "Сборка тележек", "производство", 25, True, "краны", False, "Вагон собирается за смену"),
    ("P05", 5, "Встреча с наставником", "интерактив", 15, False, "нет", True, "Колледж и практика на заводе"),
    (
        "P06",
        1,
        "Информационный центр: инструктаж и проверка списка",
        "инструктаж",
        15,
        False,
        "нет",
        True,
        "Пропускной режим, правила на плотине",
    ),
    ("P06", 2, "Экспозиция «Как работает ГЭС»", "музей", 25, False, "нет", True, "Река, плотина, турбина, сеть"),
    (
        "P06",
        3,
        "Машинный зал (смотровая площадка)",
        "производство",
        25,
        True,
        "вращающееся оборудование",
        False,
        "Гидроагрегат и его сила",
    ),
    ("P06", 4, "Гребень плотины", "переход", 15, True, "перепады высот", False, "Масштаб водохранилища"),
    ("P06", 5, "Викторина и подарки", "сувениры", 10, False, "нет", True, "Энергия и экономия"),
    (
        "P07",
        1,
        "Мастерская: инструктаж и фартуки",
        "инструктаж",
        10,
        False,
        "нет",
        True,
        "Правила у печи и гончарного круга",
    ),
    ("P07", 2, "Музей изразца", "музей", 20, False, "нет", True, "Изразцы купеческих домов"),
    ("P07", 3, "Печь для обжига", "производство", 15, True, "печь для обжига", True, "Как глина становится камнем"),
    (
        "P07",
        4,
        "Мастер-класс: свой изразец",
        "интерактив",
        50,
        True,
        "острые черепки",
        True,
        "Лепка и роспись; изделие заберут после обжига",
    ),
    ("P07", 5, "Лавка мастеров", "сувениры", 10, False, "нет", True, "Изразцы и посуда"),
    (
        "P08",
        1,
        "Зал приёма: инструктаж, халаты и шапочки",
        "инструктаж",
        10,
        False,
        "нет",
        True,
        "Санитарные правила для семей",
    ),
    (
        "P08",
        2,
        "Галерея над линией шоколада",
        "производство",
        20,
        True,
        "движущиеся конвейеры",
        True,
        "Какао-бобы и шоколад",
    ),
    ("P08", 3, "Мастер-класс: шоколадная плитка", "интерактив", 25, False, "нет", True, "Плитка своими руками"),
    ("P08", 4, "Дегустация", "сувениры", 10, False, "нет", True, "Три сорта шоколада"),
    (
        "P09",
        1,
        "Бюро пропусков: инструктаж, самоспасатели, обязательство о неразглашении",
        "инструктаж",
        20,
        False,
        "нет",
        False,
        "Правила режимного объекта",
    ),
    (
        "P09",
        2,
        "Склад готовой продукции и отгрузка",
        "производство",
        30,
        True,
        "высокое давление",
        True,
        "Как отгружают удобрения",
    ),
    ("P09", 3, "Пульт управления цехом аммиака", "производство", 30, True, "аммиак", False, "Надёжность поставок"),
    ("P09", 4, "Переговорная: продукт для партнёров", "музей", 40, False, "нет", False, "Условия поставок"),
)


def _plans(rng: np.random.Generator) -> pd.DataFrame:
    frame = pd.DataFrame(
        _PLANS,
        columns=[
            "plan_id",
            "enterprise_id",
            "title",
            "audience",
            "children",
            "adults",
            "youngest_age",
            "foreign_guests",
            "days_ahead",
            "visitor_list",
        ],
    )
    frame["youngest_age"] = frame["youngest_age"].astype("Int64")
    return frame


def _stops(rng: np.random.Generator) -> pd.DataFrame:
    return pd.DataFrame(
        _STOPS,
        columns=[
            "plan_id",
            "step",
            "stop",
            "stop_type",
            "minutes",
            "ppe_required",
            "hazard",
            "photo_allowed",
            "guide_note",
        ],
    )


_SYNTH = (
    "Синтетика курса: вымышленная Приреченская область (promtour.world) и её предприятия; "
    "калибровка — rosatom.ru (3–4 % предприятий с экскурсиями, 2021), НИА Томск, 2024 "
    "(~160 гостей на предприятие в год)."
)

DATASETS = [
    Dataset(
        name="enterprise_readiness",
        title="Обследование готовности предприятий Приреченской области к приёму гостей",
        columns={
            "enterprise_id": Column(
                "str",
                "Код предприятия (PMK, MAG, SLK, AZT, GES, IZR — шесть предприятий курса; "
                "R01…R24 — другие предприятия региона)",
            ),
            "name": Column("str", "Название (вымышленное)"),
            "industry": Column("category", "Отрасль"),
            "town": Column("category", "Город Приреченской области"),
            "employees": Column("int", "Численность работников", "чел."),
            "tours_year": Column("int", "Экскурсий за прошлый год (0 — не проводит)", "экскурсий/год"),
            "visitors_year": Column("int", "Гостей экскурсий за прошлый год", "чел./год"),
            **{code: Column("bool", title) for code, title, *_ in CRITERIA},
            "restricted": Column("bool", "Режимный объект (пропускной режим, список гостей заранее)"),
            "photo": Column("category", "Фотосъёмка: разрешено / с ограничениями / запрещено"),
            "max_group": Column("int", "Группа не более, вместе с сопровождающими (положение о посещении)", "чел."),
            "min_age": Column("int", "Минимальный возраст гостя (положение о посещении)", "лет"),
            "children_per_adult": Column("int", "Детей на одного сопровождающего; 0 — дети не допускаются", "чел."),
            "tour_minutes": Column("int", "Экскурсия не дольше (положение о посещении)", "мин"),
        },
        build=_survey,
        source=_SYNTH,
    ),
    Dataset(
        name="readiness_weights",
        title="Критерии готовности предприятия: блок, вес (баллы из 100), стоп-фактор",
        columns={
            "criterion": Column("str", "Код критерия = столбец таблицы enterprise_readiness"),
            "title": Column("str", "Формулировка критерия"),
            "block": Column("category", "Блок: безопасность, инфраструктура, персонал, содержание, доступность"),
            "weight": Column("int", "Вес критерия; сумма весов 100", "баллы"),
            "must_have": Column("bool", "Стоп-фактор: без него предприятие не готово при любом индексе"),
        },
        build=_weights,
        source="Методическое допущение курса (экспертные веса), не опубликованный стандарт.",
    ),
    Dataset(
        name="excursion_plans",
        title="Черновики технологических карт предприятий курса: группа и заявка",
        columns={
            "plan_id": Column("str", "Код плана"),
            "enterprise_id": Column("str", "Предприятие (таблица enterprise_readiness, promtour.world)"),
            "title": Column("str", "Название экскурсии"),
            "audience": Column("str", "Аудитория"),
            "children": Column("int", "Детей (младше 18 лет) в группе", "чел."),
            "adults": Column("int", "Взрослых в группе (сопровождающие или туристы)", "чел."),
            "youngest_age": Column(
                "int", "Возраст самого младшего участника; пусто — списки не получены", "лет", nullable=True
            ),
            "foreign_guests": Column("int", "Иностранных граждан в группе", "чел."),
            "days_ahead": Column("int", "За сколько дней до экскурсии подана заявка", "дней"),
            "visitor_list": Column("bool", "Список гостей с паспортными данными передан предприятию"),
        },
        build=_plans,
        source=_SYNTH,
    ),
    Dataset(
        name="excursion_stops",
        title="Остановки технологических карт: порядок, минуты, СИЗ, опасные факторы, съёмка",
        columns={
            "plan_id": Column("str", "Код плана (таблица excursion_plans)"),
            "step": Column("int", "Порядковый номер остановки"),
            "stop": Column("str", "Остановка"),
            "stop_type": Column("category", "Тип: инструктаж, музей, производство, интерактив, переход, сувениры"),
            "minutes": Column("int", "Длительность остановки вместе с переходом к ней", "мин"),
            "ppe_required": Column("bool", "На остановке гости в СИЗ (карта предписывает СИЗ)"),
            "hazard": Column("category", "Опасный фактор на остановке («нет» — отсутствует)"),
            "photo_allowed": Column("bool", "Фотосъёмка на остановке разрешена"),
            "guide_note": Column("str", "О чём рассказывает экскурсовод"),
        },
        build=_stops,
        source=_SYNTH,
    ),
]
