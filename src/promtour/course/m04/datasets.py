"""Datasets of module 4: cost items, price lists and a price experiment at the world's enterprises.

All three are synthetic and belong to the course's one world (:mod:`promtour.world`): the six
enterprises of «Приреченская область» with their ids (PMK …). The cost items are derived from
each enterprise's totals in the world (``fixed_cost_per_tour``, ``variable_cost_per_visitor``),
so that the items of an enterprise add up exactly to its profile. The price lists follow the
enterprise's full ticket price; the model enterprise's list is the model product's
(:data:`promtour.world.MODEL_PRODUCT`). Group sizes are calibrated on published figures
(ММК 2024: ~900 tours, 17,000+ visitors, ~19 per tour, kommersant.ru; Смоленская АЭС 2025:
187 tours, 2,834 visitors, ~15 per tour, safonovka.ru).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from promtour.datasets import Column, Dataset
from promtour.enterprise import Enterprise
from promtour.world import ENTERPRISES, MODEL_ENTERPRISE_ID, MODEL_PRODUCT, enterprise

FIXED = "постоянная"  # per tour, whatever the group size
VARIABLE = "переменная"  # per visitor

# enterprise id -> (item, kind, weight RUB, comment). The weights are scaled to the world's totals
# (fixed_cost_per_tour, variable_cost_per_visitor); written so that today they add up exactly.
_ITEMS: dict[str, list[tuple[str, str, int, str]]] = {
    "PMK": [
        ("Экскурсовод комбината", FIXED, 3000, "2,5 ч работы штатного экскурсовода с начислениями"),
        ("Инструктаж по охране труда", FIXED, 1200, "специалист по охране труда, 20 мин перед выходом в цех"),
        ("Сопровождающий от цеха", FIXED, 2400, "мастер участка, 2 ч; отвлечение от основной работы"),
        ("Служебный автобус по территории", FIXED, 1800, "площадка комбината — несколько километров между цехами"),
        ("Оформление пропусков", FIXED, 600, "списки гостей, согласование со службой безопасности"),
        ("Прокат и санобработка СИЗ", VARIABLE, 180, "каска, очки, беруши, сигнальный жилет"),
        ("Страхование от несчастного случая", VARIABLE, 50, "на время экскурсии"),
        ("Разовый пропуск", VARIABLE, 30, "бланк, печать"),
        ("Сувенир", VARIABLE, 60, "значок с логотипом комбината"),
        ("Вода", VARIABLE, 30, "бутылка 0,5 л"),
    ],
    "MAG": [
        ("Экскурсовод (сотрудник отдела кадров)", FIXED, 2500, "2 ч с начислениями"),
        ("Инструктаж по охране труда", FIXED, 1000, "специалист по охране труда"),
        ("Сопровождающий мастер цеха", FIXED, 2000, "1,5 ч; отвлечение от основной работы"),
        ("Оформление пропусков", FIXED, 1000, "списки гостей, согласование со службой безопасности"),
        ("Прокат и санобработка СИЗ", VARIABLE, 150, "каска и очки"),
        ("Страхование от несчастного случая", VARIABLE, 50, "на время экскурсии"),
        ("Разовый пропуск", VARIABLE, 30, "бланк, печать"),
        ("Вода", VARIABLE, 20, "бутылка 0,33 л"),
    ],
    "SLK": [
        ("Экскурсовод фабрики", FIXED, 1600, "1,5 ч, музей и галерея над цехом"),
        ("Технолог на дегустации", FIXED, 1200, "30 мин рассказа о рецептуре"),
        ("Санитарная обработка зала", FIXED, 600, "после каждой группы"),
        ("Администратор бронирований", FIXED, 600, "звонки, списки, оплата"),
        ("Одноразовый комплект", VARIABLE, 90, "халат, шапочка, бахилы — санитарное требование"),
        ("Дегустационный набор", VARIABLE, 120, "по себестоимости продукции"),
        ("Страхование от несчастного случая", VARIABLE, 50, "на время экскурсии"),
        ("Буклет", VARIABLE, 20, "печать"),
    ],
    "AZT": [
        ("Экскурсовод-технолог", FIXED, 3500, "2,5 ч с начислениями"),
        (
            "Инструктаж и газоспасатель на маршруте",
            FIXED,
            3500,
            "специалист по охране труда и сотрудник газоспасательной службы",
        ),
        ("Сотрудник службы безопасности", FIXED, 2500, "сопровождение по режимной территории"),
        ("Автобус по территории", FIXED, 1500, "проезд между установками"),
        ("Оформление допуска", FIXED, 1000, "проверка списков, заявка за 30 дней"),
        ("Спецодежда и СИЗ", VARIABLE, 300, "каска, очки, костюм; стирка и санобработка"),
        ("Фильтрующий самоспасатель", VARIABLE, 150, "проверка и обслуживание на одного гостя"),
        ("Страхование от несчастного случая", VARIABLE, 80, "расширенное покрытие для опасного объекта"),
        ("Разовый пропуск", VARIABLE, 70, "пропуск с фотографией"),
    ],
    "GES": [
        ("Экскурсовод ГЭС", FIXED, 2000, "1,5 ч с начислениями"),
        ("Инструктаж по охране труда", FIXED, 800, "специалист по охране труда"),
        ("Сопровождающий от службы безопасности", FIXED, 1500, "режимный объект ТЭК"),
        ("Списки и пропуска", FIXED, 700, "список гостей заранее"),
        ("Санобработка каски", VARIABLE, 50, "каска на время экскурсии"),
        ("Страхование от несчастного случая", VARIABLE, 50, "на время экскурсии"),
    ],
    "IZR": [
        ("Мастер-керамист", FIXED, 1500, "1,5 ч мастер-класса"),
        ("Обжиг в печи", FIXED, 600, "электроэнергия на загрузку печи для группы"),
        ("Уборка мастерской", FIXED, 400, "после каждой группы"),
        ("Глина и глазурь", VARIABLE, 250, "на одно изделие"),
        ("Обжиг и упаковка изделия", VARIABLE, 120, "изделие гость забирает с собой"),
        ("Стирка фартука", VARIABLE, 30, "фартук на время мастер-класса"),
        ("Страхование от несчастного случая", VARIABLE, 50, "на время экскурсии"),
    ],
}

# Commercial discount for school groups: one free accompanying adult per N paying pupils
# (0 = no free places). The enterprises' choice, not their regulations (module 3).
FREE_PER_PAID: dict[str, int] = {
    "PMK": MODEL_PRODUCT.free_per_paid,
    "MAG": 10,
    "SLK": 15,
    "AZT": 0,  # no children admitted
    "GES": 0,  # free tours
    "IZR": 6,
}

TIERS = ("взрослый", "студент", "пенсионер", "школьник", "сопровождающий", "делегация")

# the price test: demand per tour = A + B * price (+ season, noise), capped at the group limit
EXPERIMENT_ENTERPRISE = "SLK"
DEMAND_INTERCEPT = 30.0  # visitors per tour at a (hypothetical) zero price
DEMAND_SLOPE = -0.02  # visitors per tour per rouble
PRICE_LEVELS = tuple(range(450, 950, 50))  # 450 … 900 RUB, each tried 4 weeks
MISSING_WEEK = "2024-12-30"  # the till report of this week was lost


def _round(value: float, step: int) -> int:
    """Round half up to a multiple of ``step`` (prices: 50 ₽, amounts: 10 ₽)."""
    return int(math.floor(value / step + 0.5)) * step


def cost_items_of(ent: Enterprise) -> pd.DataFrame:
    """The cost items of a world enterprise, scaled to add up exactly to its profile's totals."""
    rows = []
    for kind, total in ((FIXED, ent.fixed_cost_per_tour), (VARIABLE, ent.variable_cost_per_visitor)):
        items = [it for it in _ITEMS[ent.id] if it[1] == kind]
        weight = sum(w for _, _, w, _ in items)
        amounts = [_round(w * total / weight, 10) for _, _, w, _ in items]
        amounts[int(np.argmax(amounts))] += total - sum(amounts)  # rounding remainder to the largest item
        rows += [
            {
                "enterprise_id": ent.id,
                "enterprise": ent.short,
                "item": item,
                "kind": kind,
                "amount_rub": float(a),
                "comment": comment,
            }
            for (item, _, _, comment), a in zip(items, amounts)
        ]
    return pd.DataFrame(rows)


def tiers_of(ent: Enterprise, free_per_paid: int | None = None) -> pd.DataFrame:
    """A price list derived from the enterprise's full ticket price (the model product's for PMK).

    Student and pensioner −20 %, pupil two thirds of the full price, accompanying adult beyond the
    free places at the full price, a business delegation with its programme 2.5 × per person.
    Tiers for children appear only where the regulations admit children.
    """
    full = ent.ticket_price
    n = FREE_PER_PAID.get(ent.id, 0) if free_per_paid is None else free_per_paid
    if ent.id == MODEL_ENTERPRISE_ID:
        full, pupil = MODEL_PRODUCT.adult_price, MODEL_PRODUCT.pupil_price
    else:
        pupil = _round(full * 2 / 3, 50)
    prices = {
        "взрослый": full,
        "студент": _round(full * 0.8, 50),
        "пенсионер": _round(full * 0.8, 50),
        "школьник": pupil,
        "сопровождающий": full,
        "делегация": _round(full * 2.5, 100),
    }
    free_rule = (
        f"1 бесплатно на каждые {n} оплаченных школьников ({n}+1), остальные — по этой цене"
        if n
        else "бесплатных мест нет, каждый сопровождающий платит по этой цене"
    )
    eligibility = {
        "взрослый": "от 18 лет, индивидуально или в сборной группе",
        "студент": "очная форма обучения, по студенческому билету",
        "пенсионер": "по пенсионному удостоверению",
        "школьник": f"организованная группа школьников не младше {ent.min_age} лет (по положению о посещении)",
        "сопровождающий": f"взрослый со школьной группой: {free_rule}",
        "делегация": "деловая делегация, цена за человека, программа со встречей и переговорной",
    }
    if full == 0:
        eligibility = {t: "бесплатно: экскурсии за счёт предприятия" for t in TIERS}
    tiers = [t for t in TIERS if ent.admits_children or t not in ("школьник", "сопровождающий")]
    return pd.DataFrame(
        [
            {
                "enterprise_id": ent.id,
                "enterprise": ent.short,
                "tier": t,
                "price_rub": prices[t],
                "free_per_paid": n,
                "eligibility": eligibility[t],
            }
            for t in tiers
        ]
    )


def build_cost_items(rng: np.random.Generator) -> pd.DataFrame:
    return pd.concat([cost_items_of(e) for e in ENTERPRISES], ignore_index=True)


def build_price_tiers(rng: np.random.Generator) -> pd.DataFrame:
    return pd.concat([tiers_of(e) for e in ENTERPRISES], ignore_index=True)


def build_price_experiment(rng: np.random.Generator) -> pd.DataFrame:
    ent = enterprise(EXPERIMENT_ENTERPRISE)
    weeks = pd.date_range("2024-09-02", periods=40, freq="7D")
    prices = np.array([p for p in PRICE_LEVELS for _ in range(4)])
    rng.shuffle(prices)
    capacity = ent.max_group
    rows = []
    for week, price in zip(weeks, prices):
        holidays = week.month in (11, 1, 3) or (week.month == 12 and week.day >= 23)
        tours = int(rng.integers(6, 9) if holidays else rng.integers(4, 7))
        season = 1.5 if holidays else 0.0
        per_tour = DEMAND_INTERCEPT + DEMAND_SLOPE * price + season + rng.normal(0, 1.2)
        visitors = int(min(max(round(per_tour * tours), 0), tours * capacity))
        party = rng.uniform(2.1, 2.8)  # visitors per booking: couples, families
        rows.append(
            {
                "week_start": week.strftime("%Y-%m-%d"),
                "enterprise_id": ent.id,
                "price_rub": int(price),
                "tours_offered": tours,
                "capacity_per_tour": capacity,
                "seats_offered": tours * capacity,
                "bookings": max(1, round(visitors / party)),
                "visitors": visitors,
            }
        )
    frame = pd.DataFrame(rows)
    frame["visitors"] = frame["visitors"].astype("Int64")
    frame.loc[frame["week_start"] == MISSING_WEEK, "visitors"] = pd.NA
    return frame


_CALIBRATION = (
    "Синтетические данные вымышленного региона курса (Приреченская область, шесть предприятий "
    "из promtour.world). Статьи затрат в сумме равны затратам профиля предприятия. Размеры групп "
    "откалиброваны по опубликованным цифрам: ММК 2024 — ~900 экскурсий и 17 000+ посетителей, "
    "~19 чел. на экскурсию (kommersant.ru); Смоленская АЭС 2025 — 187 экскурсий и 2 834 посетителя, "
    "~15 чел. (safonovka.ru). Схемы бесплатных мест для сопровождающих («6+1», «11+1») встречаются "
    "в прайс-листах туроператоров (art-travel.info, accordtour.com). Суммы в рублях — допущения курса."
)

DATASETS = [
    Dataset(
        name="cost_items",
        title="Статьи затрат экскурсий шести предприятий региона: постоянные на экскурсию и переменные на гостя",
        columns={
            "enterprise_id": Column("category", "код предприятия региона курса (PMK, MAG, SLK, AZT, GES, IZR)"),
            "enterprise": Column("category", "краткое название предприятия"),
            "item": Column("str", "статья затрат"),
            "kind": Column("category", "«постоянная» — на экскурсию (группу), «переменная» — на гостя"),
            "amount_rub": Column("float", "сумма: за экскурсию для постоянных, за человека для переменных", "₽"),
            "comment": Column("str", "из чего складывается сумма"),
        },
        build=build_cost_items,
        source=_CALIBRATION,
    ),
    Dataset(
        name="price_tiers",
        title="Прайс-листы шести предприятий региона: ценовые категории и бесплатные места для сопровождающих",
        columns={
            "enterprise_id": Column("category", "код предприятия региона курса"),
            "enterprise": Column("category", "краткое название предприятия"),
            "tier": Column("category", "ценовая категория гостя"),
            "price_rub": Column("int", "цена за человека за одну экскурсию; 0 — бесплатно", "₽"),
            "free_per_paid": Column(
                "int",
                "коммерческая скидка: 1 бесплатный сопровождающий на N оплаченных школьников; 0 — без бесплатных мест",
                "чел.",
            ),
            "eligibility": Column("str", "кто относится к категории, условия"),
        },
        build=build_price_tiers,
        source=_CALIBRATION,
    ),
    Dataset(
        name="price_experiment",
        title="Ценовой эксперимент: 40 недель сборных экскурсий выходного дня на фабрике «Сладкий край»",
        columns={
            "week_start": Column("date", "понедельник недели"),
            "enterprise_id": Column("category", "код предприятия (SLK)"),
            "price_rub": Column("int", "цена взрослого билета в эту неделю", "₽"),
            "tours_offered": Column("int", "экскурсий в расписании за неделю", "шт."),
            "capacity_per_tour": Column("int", "наибольшая группа по положению о посещении", "чел."),
            "seats_offered": Column("int", "мест в продаже: tours_offered × capacity_per_tour", "мест"),
            "bookings": Column("int", "заказов (один заказ — семья, пара, компания)", "шт."),
            "visitors": Column("int", "пришедших гостей за неделю; пусто — отчёт кассы утерян", "чел.", nullable=True),
        },
        build=build_price_experiment,
        source=_CALIBRATION,
        notes="Спрос на одну экскурсию задан линейно: 30 − 0,02 × цена (+1,5 чел. в каникулы, шум σ = 1,2).",
    ),
]
