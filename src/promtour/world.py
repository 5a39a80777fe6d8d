"""The course's one connected fictional world: a region and the enterprises learners carry.

Everything here is **synthetic** (invented for teaching) and is named once: datasets, lessons,
assignments, model answers and the passport read names and facts from this module, never
retype them. Published figures (national series, real enterprises' results) stay in the
module datasets with their sources; this world is calibrated on them (see ``data/README.md``).

The model answers in ``solutions/`` follow :data:`MODEL_ENTERPRISE_ID` through all six modules.
"""

from __future__ import annotations

from dataclasses import dataclass

from .enterprise import Enterprise


@dataclass(frozen=True)
class Region:
    name: str  # nominative: «Приреченская область»
    genitive: str  # «Приреченской области»
    prepositional: str  # «в Приреченской области»
    capital: str
    population: int  # people, synthetic
    description: str


REGION = Region(
    name="Приреченская область",
    genitive="Приреченской области",
    prepositional="в Приреченской области",
    capital="Приреченск",
    population=1_240_000,
    description=(
        "Промышленный регион на крупной реке: металлургия и машиностроение областного центра, "
        "химия на севере, гидроэлектростанция, пищевые и ремесленные производства старых "
        "купеческих городов. Регион вымышленный, данные о нём синтетические."
    ),
)

# Towns of the region: name -> (x_km, y_km) on the region's map, the capital at the origin.
TOWNS: dict[str, tuple[float, float]] = {
    "Приреченск": (0.0, 0.0),
    "Сталегорск": (38.0, 21.0),
    "Берёзовск": (-46.0, 12.0),
    "Каменный Брод": (24.0, 71.0),
    "Старая Пристань": (-18.0, -34.0),
}

# Fictional peer regions for module 1's comparisons (synthetic, like the region itself).
PEER_REGIONS: tuple[str, ...] = (
    "Северогорская область",
    "Озёрный край",
    "Степноярская область",
    "Верхнекамская область",
    "Лесогорская область",
    "Заволжская республика",
    "Прибрежный край",
    "Рудногорская область",
    "Хлебодарская область",
    "Кедровый край",
    "Южноуральская республика",
)

_SAFE_ALL = dict(
    safety_briefing=True,
    marked_route=True,
    ppe_point=True,
    parking=True,
    reception_room=True,
    toilets=True,
    trained_guide=True,
    story=True,
    museum=True,
    souvenirs=True,
    step_free=True,
)


def _readiness(**missing: bool) -> dict[str, bool]:
    return {**_SAFE_ALL, **missing}


ENTERPRISES: tuple[Enterprise, ...] = (
    Enterprise(
        id="PMK",
        name="Приреченский металлургический комбинат",
        short="ПМК",
        industry="металлургия",
        town="Сталегорск",
        employees=11_400,
        product="сортовой прокат и арматура для строительства",
        access="открытая площадка с опасными цехами",
        goals=("кадры", "репутация"),
        goal_metric="заявки на целевое обучение в металлургический колледж",
        goal_target=60,
        max_group=20,
        min_age=14,
        children_per_adult=10,
        tour_minutes=120,
        ppe="каска, защитные очки, беруши, сигнальный жилет",
        hazards="расплавленный металл, мостовые краны, шум, железнодорожные пути",
        photo="с ограничениями",
        foreigners="по согласованию, заявка за 30 дней",
        opens="09:00",
        closes="16:00",
        visitors_last_year=4_800,
        tours_last_year=260,
        target_visitors=7_500,
        fixed_cost_per_tour=9_000,
        variable_cost_per_visitor=350,
        ticket_price=900,
        readiness=_readiness(step_free=False),
    ),
    Enterprise(
        id="MAG",
        name="Вагоностроительный завод «Магистраль»",
        short="«Магистраль»",
        industry="машиностроение",
        town="Приреченск",
        employees=5_200,
        product="грузовые вагоны и тележки",
        access="открытая площадка с опасными цехами",
        goals=("кадры", "продажи"),
        goal_metric="студенты колледжа, пришедшие на производственную практику",
        goal_target=40,
        max_group=15,
        min_age=12,
        children_per_adult=8,
        tour_minutes=90,
        ppe="каска, защитные очки",
        hazards="сварка, погрузчики, краны",
        photo="с ограничениями",
        foreigners="по согласованию, заявка за 30 дней",
        opens="10:00",
        closes="15:00",
        visitors_last_year=950,
        tours_last_year=70,
        target_visitors=2_000,
        fixed_cost_per_tour=6_500,
        variable_cost_per_visitor=250,
        ticket_price=700,
        readiness=_readiness(trained_guide=False, museum=False, souvenirs=False, step_free=False),
    ),
    Enterprise(
        id="SLK",
        name="Кондитерская фабрика «Сладкий край»",
        short="«Сладкий край»",
        industry="пищевая промышленность",
        town="Берёзовск",
        employees=900,
        product="шоколад, конфеты и пряники",
        access="открытая площадка, санитарная зона",
        goals=("продажи", "лояльность жителей"),
        goal_metric="выручка фирменного магазина в дни экскурсий, руб.",
        goal_target=1_800_000,
        max_group=25,
        min_age=6,
        children_per_adult=10,
        tour_minutes=75,
        ppe="халат, шапочка, бахилы",
        hazards="горячие поверхности, движущиеся конвейеры, санитарные требования",
        photo="разрешено",
        foreigners="допускаются",
        opens="09:00",
        closes="17:00",
        visitors_last_year=9_600,
        tours_last_year=480,
        target_visitors=12_000,
        fixed_cost_per_tour=4_000,
        variable_cost_per_visitor=280,
        ticket_price=650,
        readiness=_readiness(step_free=False),
    ),
    Enterprise(
        id="AZT",
        name="Химический комбинат «Азот-Приречье»",
        short="«Азот-Приречье»",
        industry="химия",
        town="Каменный Брод",
        employees=3_600,
        product="азотные удобрения и аммиак",
        access="режимный объект: опасный производственный объект I класса, пропускной режим",
        goals=("кадры", "доверие жителей"),
        goal_metric="студенты вуза, принятые на стажировку",
        goal_target=25,
        max_group=12,
        min_age=18,
        children_per_adult=0,
        tour_minutes=150,
        ppe="каска, очки, спецодежда, фильтрующий самоспасатель",
        hazards="аммиак, газоопасные зоны, высокое давление",
        photo="запрещено",
        foreigners="не допускаются",
        opens="10:00",
        closes="15:00",
        visitors_last_year=420,
        tours_last_year=38,
        target_visitors=600,
        fixed_cost_per_tour=12_000,
        variable_cost_per_visitor=600,
        ticket_price=0,
        readiness=_readiness(souvenirs=False, step_free=False, museum=False),
    ),
    Enterprise(
        id="GES",
        name="Приреченская ГЭС",
        short="ГЭС",
        industry="энергетика",
        town="Приреченск",
        employees=310,
        product="электроэнергия",
        access="режимный объект ТЭК: пропускной режим, список гостей заранее",
        goals=("репутация", "кадры"),
        goal_metric="посетители информационного центра ГЭС",
        goal_target=5_000,
        max_group=15,
        min_age=10,
        children_per_adult=8,
        tour_minutes=90,
        ppe="каска",
        hazards="вращающееся оборудование, высокое напряжение, перепады высот",
        photo="с ограничениями",
        foreigners="по согласованию, заявка за 45 дней",
        opens="10:00",
        closes="16:00",
        visitors_last_year=3_100,
        tours_last_year=230,
        target_visitors=5_000,
        fixed_cost_per_tour=5_000,
        variable_cost_per_visitor=100,
        ticket_price=0,
        readiness=_readiness(souvenirs=False),
    ),
    Enterprise(
        id="IZR",
        name="Мануфактура «Приреченский изразец»",
        short="«Изразец»",
        industry="ремесленное производство",
        town="Старая Пристань",
        employees=35,
        product="печные изразцы и художественная керамика",
        access="открытая площадка",
        goals=("продажи", "продвижение бренда"),
        goal_metric="участники платных мастер-классов",
        goal_target=3_000,
        max_group=12,
        min_age=7,
        children_per_adult=6,
        tour_minutes=90,
        ppe="фартук",
        hazards="печь для обжига, острые черепки",
        photo="разрешено",
        foreigners="допускаются",
        opens="11:00",
        closes="19:00",
        visitors_last_year=2_300,
        tours_last_year=260,
        target_visitors=3_500,
        fixed_cost_per_tour=2_500,
        variable_cost_per_visitor=450,
        ticket_price=1_200,
        readiness=_readiness(parking=False, step_free=False, ppe_point=False),
    ),
)

MODEL_ENTERPRISE_ID = "PMK"  # the enterprise the model answers follow through all six modules


def enterprise(enterprise_id: str) -> Enterprise:
    """One enterprise of the world by its code (``PMK``, ``SLK`` …)."""
    for e in ENTERPRISES:
        if e.id == enterprise_id:
            return e
    known = ", ".join(f"{e.id} ({e.name})" for e in ENTERPRISES)
    raise KeyError(f"В регионе курса нет предприятия «{enterprise_id}». Есть: {known}")


def model_enterprise() -> Enterprise:
    return enterprise(MODEL_ENTERPRISE_ID)


@dataclass(frozen=True)
class ModelProduct:
    """The model answers' product at the model enterprise: every module's model answer agrees with it."""

    name: str
    format: str
    audience: str
    pupils_per_group: int
    adults_per_group: int  # accompanying adults: one per ``children_per_adult`` pupils, per regulations
    pupil_price: int  # rubles
    adult_price: int
    free_per_paid: int  # commercial discount: one free accompanying adult per N paying pupils
    minutes: int


MODEL_PRODUCT = ModelProduct(
    name="«Сталь рождается здесь»",
    format="профориентационная экскурсия на действующее производство",
    audience="школьники 8–9 классов (профминимум) и студенты колледжей",
    pupils_per_group=18,
    adults_per_group=2,
    pupil_price=600,
    adult_price=900,
    free_per_paid=10,
    minutes=120,
)
