"""Module 3 datasets: enterprises with readiness criteria, criterion weights, excursion plans.

All three are synthetic (fictional enterprises and plans) and calibrated on the published
figures of ``shared/curriculum.md``:

- only 3–4 % of ~18,000 industrial enterprises ran tours in 2021 (rosatom.ru) — our 40
  enterprises are participants of a regional accelerator, a self-selected sample, so the
  share running tours is far higher (about 45 %); the lesson discusses this bias;
- ММК: ~900 tours and 17,000+ visitors in 2024 (kommersant.ru) → anchor E01;
- Смоленская АЭС: 187 tours, 2,834 visitors in 2025 (safonovka.ru) → anchor E30;
- КАМАЗ: ~600 business delegations a year of ~10 people (business-gazeta.ru) → anchor E08;
- Tomsk region: 12,000+ pupils and students at 76 enterprises a year (НИА Томск, 2024),
  i.e. ~160 visitors per enterprise → the Tomsk enterprises of the sample.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...datasets import Column, Dataset

# --- readiness criteria: code, Russian title, block, weight (points of 100), must-have ---
CRITERIA: tuple[tuple[str, str, str, int, bool], ...] = (
    ("safety_briefing", "Программа инструктажа по технике безопасности для гостей", "Безопасность", 15, True),
    ("marked_route", "Размеченный безопасный маршрут по территории и цехам", "Безопасность", 10, False),
    ("ppe_point", "Пункт выдачи СИЗ для гостей (каски, очки, жилеты, наушники)", "Безопасность", 10, False),
    ("parking", "Парковка и разворот для туристического автобуса", "Инфраструктура", 5, False),
    ("reception_room", "Зал приёма группы (гардероб, место для инструктажа)", "Инфраструктура", 8, False),
    ("toilets", "Санузлы, доступные гостям на маршруте", "Инфраструктура", 7, False),
    ("trained_guide", "Обученный экскурсовод из числа сотрудников", "Персонал", 15, False),
    ("story", "Сценарий экскурсии: история предприятия и продукта", "Содержание", 10, False),
    ("museum", "Музей или экспозиция предприятия", "Содержание", 6, False),
    ("souvenirs", "Сувенирная продукция или дегустация / продукт в подарок", "Содержание", 4, False),
    ("step_free", "Маршрут доступен маломобильным гостям (без ступеней, лифт)", "Доступность", 10, False),
)
CRITERION_CODES = tuple(c[0] for c in CRITERIA)
BLOCKS = ("Безопасность", "Инфраструктура", "Персонал", "Содержание", "Доступность")

INDUSTRIES = ("металлургия", "машиностроение", "химия", "пищевая промышленность", "энергетика",
              "IT и электроника")

# name, industry, region, employees; fictional enterprises
_ENTERPRISES: tuple[tuple[str, str, str, int], ...] = (
    ("Кремнегорский металлургический комбинат", "металлургия", "Челябинская область", 17800),
    ("Сталегорский трубный завод", "металлургия", "Свердловская область", 6200),
    ("Завод холодного проката «Лист-М»", "металлургия", "Липецкая область", 2400),
    ("Медеплавильный комбинат «Рифейская медь»", "металлургия", "Челябинская область", 4100),
    ("Литейный завод «Тульский чугун»", "металлургия", "Тульская область", 900),
    ("Северный ферросплавный завод", "металлургия", "Пермский край", 1500),
    ("Алюминиевый завод «Светлый металл»", "металлургия", "Свердловская область", 3300),
    ("Камский завод тягачей", "машиностроение", "Республика Татарстан", 24000),
    ("Тракторный завод «Нива-Маш»", "машиностроение", "Челябинская область", 5200),
    ("Завод дорожной техники «Грейдер»", "машиностроение", "Нижегородская область", 1300),
    ("Вагоностроительный завод «Магистраль»", "машиностроение", "Свердловская область", 7400),
    ("Станкостроительный завод «Прецизион»", "машиностроение", "Томская область", 650),
    ("Завод сельхозмашин «Колос»", "машиностроение", "Липецкая область", 1100),
    ("Авиаремонтный завод «Крыло»", "машиностроение", "Самарская область", 2100),
    ("Судоверфь «Волжский рейд»", "машиностроение", "Нижегородская область", 1800),
    ("Химический комбинат «Азот-Восток»", "химия", "Пермский край", 3900),
    ("Завод бытовой химии «Чистый дом»", "химия", "Тульская область", 700),
    ("Шинный завод «Протектор»", "химия", "Омская область", 2600),
    ("Лакокрасочный завод «Палитра»", "химия", "Нижегородская область", 450),
    ("Фармацевтическая фабрика «Здравица»", "химия", "Томская область", 800),
    ("Нефтехимический завод «Сибкаучук»", "химия", "Омская область", 3100),
    ("Кондитерская фабрика «Сладкий край»", "пищевая промышленность", "Липецкая область", 1200),
    ("Молочный комбинат «Зорька»", "пищевая промышленность", "Томская область", 600),
    ("Хлебозавод «Городской каравай»", "пищевая промышленность", "Смоленская область", 350),
    ("Пивоварня «Старый солод»", "пищевая промышленность", "Самарская область", 280),
    ("Мясокомбинат «Фермерский двор»", "пищевая промышленность", "Калужская область", 900),
    ("Шоколадная фабрика «Какао-Сибирь»", "пищевая промышленность", "Омская область", 420),
    ("Завод минеральной воды «Родник»", "пищевая промышленность", "Калужская область", 260),
    ("Чайная фабрика «Самовар»", "пищевая промышленность", "Тульская область", 310),
    ("Заозёрная АЭС", "энергетика", "Смоленская область", 4300),
    ("Сосновская ГЭС", "энергетика", "Самарская область", 380),
    ("ТЭЦ-2 «Городская энергия»", "энергетика", "Челябинская область", 520),
    ("Солнечная электростанция «Степная»", "энергетика", "Самарская область", 45),
    ("Ветропарк «Приморский»", "энергетика", "Калужская область", 30),
    ("Завод микроэлектроники «Кристалл-Т»", "IT и электроника", "Томская область", 1400),
    ("Приборостроительный завод «Импульс»", "IT и электроника", "Нижегородская область", 2300),
    ("Завод электроники «Радиус»", "IT и электроника", "Калужская область", 950),
    ("Центр обработки данных «Сигма»", "IT и электроника", "Республика Татарстан", 120),
    ("Завод светотехники «Люмен»", "IT и электроника", "Смоленская область", 540),
    ("Завод аккумуляторов «Энергоячейка»", "IT и электроника", "Калужская область", 760),
)

# Published anchors: (row index) -> tours, visitors and a fully described readiness profile
_ANCHORS: dict[int, dict] = {
    # ММК-like: ~900 tours, 17,000+ visitors in 2024 (kommersant.ru)
    0: dict(tours_year=902, visitors_year=17240, maturity=0.95,
            criteria=dict(safety_briefing=True, marked_route=True, ppe_point=True, parking=True,
                          reception_room=True, toilets=True, trained_guide=True, story=True,
                          museum=True, souvenirs=True, step_free=False),
            guides=12, group_capacity=25, min_age=14, max_tour_minutes=150, restricted_zones=6,
            photo_policy="с ограничениями", nda_required=False),
    # КАМАЗ-like: ~600 business delegations a year of ~10 people (business-gazeta.ru)
    7: dict(tours_year=604, visitors_year=6150, maturity=0.9,
            criteria=dict(safety_briefing=True, marked_route=True, ppe_point=True, parking=True,
                          reception_room=True, toilets=True, trained_guide=True, story=True,
                          museum=True, souvenirs=True, step_free=True),
            guides=9, group_capacity=20, min_age=12, max_tour_minutes=120, restricted_zones=4,
            photo_policy="с ограничениями", nda_required=False),
    # Смоленская АЭС-like: 187 tours, 2,834 visitors in 2025 (safonovka.ru)
    29: dict(tours_year=187, visitors_year=2834, maturity=0.9,
             criteria=dict(safety_briefing=True, marked_route=True, ppe_point=True, parking=True,
                           reception_room=True, toilets=True, trained_guide=True, story=True,
                           museum=True, souvenirs=False, step_free=True),
             guides=5, group_capacity=15, min_age=18, max_tour_minutes=180, restricted_zones=9,
             photo_policy="запрещено", nda_required=True),
}

# criterion -> offset to the probability of having it (relative to maturity)
_OFFSETS = {"safety_briefing": 0.15, "marked_route": -0.10, "ppe_point": 0.0, "parking": 0.25,
            "reception_room": -0.05, "toilets": 0.25, "trained_guide": -0.15, "story": -0.15,
            "museum": -0.05, "souvenirs": -0.15, "step_free": -0.35}

# industry -> (min_age options, group capacity options, restricted zones mean, P(photo banned), P(NDA))
_INDUSTRY = {
    "металлургия": ((14, 16), (15, 20, 25), 4.0, 0.2, 0.1),
    "машиностроение": ((12, 14, 16), (12, 15, 20, 25), 3.0, 0.3, 0.3),
    "химия": ((14, 16, 18), (10, 12, 15), 4.5, 0.4, 0.3),
    "пищевая промышленность": ((7, 10, 12), (15, 20, 25, 30), 1.5, 0.05, 0.05),
    "энергетика": ((14, 16, 18), (10, 12, 15), 5.0, 0.6, 0.6),
    "IT и электроника": ((10, 12, 14), (10, 12, 15), 2.5, 0.5, 0.5),
}


def _enterprises(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for i, (name, industry, region, employees) in enumerate(_ENTERPRISES):
        ages, capacities, zones_mean, p_no_photo, p_nda = _INDUSTRY[industry]
        anchor = _ANCHORS.get(i)
        # draw every random quantity for every row so that anchors do not shift the others
        maturity = float(rng.beta(2.0, 2.2))
        draws = rng.random(len(CRITERIA) + 3)
        tours_draw = float(rng.lognormal(0.0, 0.5))
        fill = float(rng.uniform(9, 21))
        guides_draw = int(rng.integers(1, 4))
        age = int(rng.choice(ages))
        capacity = int(rng.choice(capacities))
        minutes = int(rng.choice((60, 90, 90, 120, 120, 150)))
        zones = int(rng.poisson(zones_mean))
        if anchor:
            rec = {k: v for k, v in anchor.items() if k not in ("criteria", "maturity")}
            rec.update(anchor["criteria"])
        else:
            runs = draws[-1] < 0.1 + 0.6 * maturity
            crit = {}
            for (code, *_), u in zip(CRITERIA, draws):
                p = min(max(0.1 + 0.8 * maturity + _OFFSETS[code] + (0.2 if runs else 0.0), 0.03), 0.97)
                crit[code] = bool(u < p)
            if runs:
                crit["safety_briefing"] = True  # nobody runs tours without a briefing
            tours = 0
            visitors = 0
            if runs:
                # Tomsk calibration: ~160 visitors per enterprise a year; bigger plants more
                scale = 8 + 40 * maturity * min(employees / 2000, 3.0)
                tours = max(4, int(round(scale * tours_draw)))
                visitors = int(round(tours * fill))
            guides = guides_draw + (1 if employees > 3000 else 0) if crit["trained_guide"] else 0
            photo = ("запрещено" if draws[-2] < p_no_photo else
                     "с ограничениями" if draws[-2] < p_no_photo + 0.35 else "разрешено")
            rec = dict(tours_year=tours, visitors_year=visitors, guides=guides, group_capacity=capacity,
                       min_age=18 if "Пивоварня" in name else age, max_tour_minutes=minutes,
                       restricted_zones=zones, photo_policy=photo, nda_required=bool(draws[-3] < p_nda),
                       **crit)
        rows.append(dict(enterprise_id=f"E{i + 1:02d}", name=name, industry=industry, region=region,
                         employees=employees, **rec))
    frame = pd.DataFrame(rows)
    order = ["enterprise_id", "name", "industry", "region", "employees", "tours_year", "visitors_year",
             *CRITERION_CODES, "guides", "restricted_zones", "photo_policy", "nda_required",
             "group_capacity", "min_age", "max_tour_minutes"]
    return frame[order]


def _weights(rng: np.random.Generator) -> pd.DataFrame:
    return pd.DataFrame(CRITERIA, columns=["criterion", "title", "block", "weight", "must_have"])


# --- excursion plans: hand-written technological maps, each with a lesson to teach ---
# plan_id, enterprise_id, title, audience, children, adults, youngest_age
_PLANS = (
    ("P01", "E01", "Путь металла: от руды до рулона", "школьники 8–9 классов (профориентация)", 18, 3, 14),
    ("P02", "E01", "Горячий цех для взрослых", "организованные туристы", 0, 22, 19),
    ("P03", "E27", "Как рождается шоколад", "школьники 4 класса", 18, 2, 10),
    ("P04", "E30", "Атом без мифов", "студенты колледжа", 12, 2, 17),
    ("P05", "E09", "Трактор собирается за смену", "школьники 8 класса", 10, 2, 14),
    ("P06", "E16", "Химия удобрений", "студенты вуза", 0, 11, 19),
    ("P07", "E36", "Чистая комната: как рождается прибор", "деловая делегация", 0, 8, 28),
    ("P08", "E25", "Пивоварня изнутри", "организованные туристы", 0, 16, None),
)

# plan_id, step, stop, stop_type, minutes, ppe_required, hazard, photo_allowed, guide_note
_STOPS = (
    ("P01", 1, "Зал приёма: инструктаж, выдача касок и очков", "инструктаж", 15, False, "нет", True,
     "Правила маршрута, сигналы, что делать при тревоге; роспись в журнале"),
    ("P01", 2, "Музей комбината", "музей", 20, False, "нет", True,
     "История города и комбината: первая плавка, люди, рекорды"),
    ("P01", 3, "Смотровая галерея доменного цеха", "производство", 25, True, "высокая температура", False,
     "Как из руды получают чугун; профессия горнового"),
    ("P01", 4, "Переход на автобусе к прокатному стану", "переход", 10, False, "движущийся транспорт", True,
     "Масштаб площадки: 100 км железных дорог"),
    ("P01", 5, "Стан горячей прокатки", "производство", 25, True, "шум", False,
     "Рулон стали: куда он поедет; профессии оператора и вальцовщика"),
    ("P01", 6, "Профориентационный интерактив с молодыми специалистами", "интерактив", 20, False, "нет", True,
     "Колледж, вуз, целевое обучение; вопросы школьников"),
    ("P01", 7, "Обратная связь и сувениры", "сувениры", 5, False, "нет", True, "Анкета, магнит-рулон"),

    ("P02", 1, "Зал приёма: инструктаж и СИЗ", "инструктаж", 15, False, "нет", True,
     "Правила маршрута, обязательства о фотосъёмке"),
    ("P02", 2, "Смотровая галерея доменного цеха", "производство", 30, True, "высокая температура", False,
     "Выпуск чугуна — кульминация экскурсии"),
    ("P02", 3, "Кислородно-конвертерный цех", "производство", 30, True, "шум", False,
     "Как чугун становится сталью"),
    ("P02", 4, "Музей комбината", "музей", 25, False, "нет", True, "Город-завод: история и люди"),
    ("P02", 5, "Сувенирная лавка", "сувениры", 10, False, "нет", True, "Продукция из металла"),

    ("P03", 1, "Зал приёма: инструктаж, халаты и шапочки", "инструктаж", 10, False, "нет", True,
     "Санитарные правила: руки, волосы, украшения"),
    ("P03", 2, "Галерея над линией корпусных конфет", "производство", 15, True, "движущееся оборудование", False,
     "Путь какао-боба до конфеты"),
    ("P03", 3, "Упаковочный участок", "производство", 10, True, "движущееся оборудование", False,
     "Автоматы и люди"),
    ("P03", 4, "Мастер-класс: своя конфета", "интерактив", 20, False, "нет", True,
     "Каждый делает конфету и упаковку"),
    ("P03", 5, "Дегустация и сувениры", "сувениры", 5, False, "нет", True, "Подарочный набор"),

    ("P04", 1, "Информационный центр: инструктаж и проверка документов", "инструктаж", 20, False, "нет", True,
     "Паспорта, радиационная безопасность, пропускной режим"),
    ("P04", 2, "Экспозиция «Как работает АЭС»", "музей", 30, False, "нет", True, "Реактор, турбина, сеть"),
    ("P04", 3, "Машинный зал (смотровая площадка)", "производство", 30, True, "шум", False,
     "Турбина и генератор"),
    ("P04", 4, "Учебно-тренировочный центр: тренажёр блочного щита", "интерактив", 30, False, "нет", False,
     "Профессия оператора, целевое обучение"),
    ("P04", 5, "Встреча с молодыми специалистами", "интерактив", 20, False, "нет", True,
     "Путь от колледжа до АЭС"),

    ("P05", 1, "Музей завода", "музей", 20, False, "нет", True, "Первый трактор и легендарные модели"),
    ("P05", 2, "Зал приёма: инструктаж и СИЗ", "инструктаж", 10, False, "нет", True,
     "Правила маршрута по цехам"),
    ("P05", 3, "Сварочный участок (за экраном)", "производство", 20, True, "сварка", False,
     "Роботы и сварщики"),
    ("P05", 4, "Главный сборочный конвейер", "производство", 30, True, "движущийся транспорт", False,
     "Трактор собирается за смену"),
    ("P05", 5, "Испытательный трек", "интерактив", 10, True, "движущийся транспорт", True,
     "Посидеть в кабине"),

    ("P06", 1, "Зал приёма: инструктаж, выдача СИЗ и противогазов", "инструктаж", 20, False, "нет", True,
     "Сигналы газовой тревоги, пути эвакуации"),
    ("P06", 2, "Музей комбината", "музей", 30, False, "нет", True, "История азотной отрасли"),
    ("P06", 3, "Пульт управления цехом аммиака", "производство", 40, True, "химические вещества", False,
     "Процесс Габера — Боша простыми словами"),
    ("P06", 4, "Центральная заводская лаборатория", "производство", 40, True, "химические вещества", False,
     "Контроль качества, профессия лаборанта"),
    ("P06", 5, "Склад готовой продукции и отгрузка", "производство", 25, True, "движущийся транспорт", False,
     "Куда едут удобрения"),
    ("P06", 6, "Встреча с HR: стажировки и целевое обучение", "интерактив", 20, False, "нет", True,
     "Условия практики"),

    ("P07", 1, "Переговорная: инструктаж, подписание NDA", "инструктаж", 15, False, "нет", False,
     "Правила чистой зоны, запрет съёмки"),
    ("P07", 2, "Шлюз чистой комнаты: переодевание", "переход", 15, True, "нет", False,
     "Комбинезоны, бахилы, воздушный душ"),
    ("P07", 3, "Галерея чистой комнаты (фотолитография)", "производство", 25, True, "нет", False,
     "Топология микросхемы, класс чистоты"),
    ("P07", 4, "Участок корпусирования и тестирования", "производство", 20, True, "электричество", False,
     "Как проверяют каждый кристалл"),
    ("P07", 5, "Шоу-рум продукции и переговоры", "музей", 30, False, "нет", True, "Продукт для заказчика"),

    ("P08", 1, "Дегустационный зал: инструктаж", "инструктаж", 10, False, "нет", True,
     "Правила поведения, проверка возраста"),
    ("P08", 2, "Варочный цех", "производство", 20, True, "высокая температура", True,
     "Солод, хмель, вода: четыре ингредиента"),
    ("P08", 3, "Бродильное отделение", "производство", 15, True, "нет", True, "Дрожжи и время"),
    ("P08", 4, "Линия розлива", "производство", 10, True, "движущееся оборудование", False,
     "Бутылка за 2 секунды"),
    ("P08", 5, "Дегустация", "сувениры", 30, False, "нет", True, "Три сорта и история рецепта"),
)


def _plans(rng: np.random.Generator) -> pd.DataFrame:
    frame = pd.DataFrame(_PLANS, columns=["plan_id", "enterprise_id", "title", "audience", "children",
                                          "adults", "youngest_age"])
    frame["youngest_age"] = frame["youngest_age"].astype("Int64")
    return frame


def _stops(rng: np.random.Generator) -> pd.DataFrame:
    return pd.DataFrame(_STOPS, columns=["plan_id", "step", "stop", "stop_type", "minutes", "ppe_required",
                                         "hazard", "photo_allowed", "guide_note"])


_SYNTH = ("Синтетика курса: вымышленные предприятия, откалиброванные на опубликованных цифрах "
          "(rosatom.ru; kommersant.ru — ММК 2024; safonovka.ru — Смоленская АЭС 2025; "
          "business-gazeta.ru — КАМАЗ; НИА Томск, 2024).")

DATASETS = [
    Dataset(
        name="enterprises",
        title="Предприятия — участники регионального акселератора: критерии готовности к приёму гостей",
        columns={
            "enterprise_id": Column("str", "Код предприятия"),
            "name": Column("str", "Название (вымышленное)"),
            "industry": Column("category", "Отрасль"),
            "region": Column("category", "Субъект РФ"),
            "employees": Column("int", "Численность работников", "чел."),
            "tours_year": Column("int", "Экскурсий за последний отчётный год (0 — не проводит)", "экскурсий/год"),
            "visitors_year": Column("int", "Посетителей экскурсий за тот же год", "чел./год"),
            **{code: Column("bool", title) for code, title, *_ in CRITERIA},
            "guides": Column("int", "Число обученных экскурсоводов", "чел."),
            "restricted_zones": Column("int", "Число зон, закрытых для посетителей", "зон"),
            "photo_policy": Column("category", "Фото- и видеосъёмка: разрешено / с ограничениями / запрещено"),
            "nda_required": Column("bool", "Гости подписывают обязательство о неразглашении (NDA)"),
            "group_capacity": Column("int", "Наибольшая группа на маршруте (без экскурсовода)", "чел."),
            "min_age": Column("int", "Минимальный возраст посетителя производственной зоны", "лет"),
            "max_tour_minutes": Column("int", "Наибольшая длительность экскурсии по регламенту", "мин"),
        },
        build=_enterprises,
        source=_SYNTH,
    ),
    Dataset(
        name="readiness_weights",
        title="Критерии готовности предприятия: блок, вес (баллы из 100), обязательность",
        columns={
            "criterion": Column("str", "Код критерия = столбец таблицы enterprises"),
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
        title="Черновики технологических карт: группа и аудитория экскурсии",
        columns={
            "plan_id": Column("str", "Код плана"),
            "enterprise_id": Column("str", "Предприятие (таблица enterprises)"),
            "title": Column("str", "Название экскурсии"),
            "audience": Column("str", "Аудитория"),
            "children": Column("int", "Детей (младше 18 лет) в группе", "чел."),
            "adults": Column("int", "Взрослых в группе (сопровождающие или туристы)", "чел."),
            "youngest_age": Column("int", "Возраст самого младшего участника; пусто — списки не получены",
                                   "лет", nullable=True),
        },
        build=_plans,
        source=_SYNTH,
    ),
    Dataset(
        name="excursion_stops",
        title="Остановки технологических карт: порядок, длительность, СИЗ, опасные факторы",
        columns={
            "plan_id": Column("str", "Код плана (таблица excursion_plans)"),
            "step": Column("int", "Порядковый номер остановки"),
            "stop": Column("str", "Остановка"),
            "stop_type": Column("category", "Тип: инструктаж, музей, производство, интерактив, переход, сувениры"),
            "minutes": Column("int", "Длительность остановки вместе с переходом к ней", "мин"),
            "ppe_required": Column("bool", "Нужны СИЗ"),
            "hazard": Column("category", "Опасный фактор на остановке («нет» — отсутствует)"),
            "photo_allowed": Column("bool", "Фотосъёмка разрешена"),
            "guide_note": Column("str", "О чём рассказывает экскурсовод"),
        },
        build=_stops,
        source=_SYNTH,
    ),
]
