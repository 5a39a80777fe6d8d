"""Module 6 datasets: promotion of the six world enterprises, their visitors' reviews, a message test.

All three are synthetic (the course's world, :mod:`promtour.world`). Each enterprise's tracked
visits over the year add up to about its ``visitors_last_year``; the column ``goal_value``
is the campaign's contribution to the enterprise's own goal metric (``goal_metric``: applications
for targeted training at PMK, shop revenue at SLK …), so KPIs can be tied back to the goals.
School channels stop in June–August; restricted sites run no commission channels and no
foreign tours where the regulations forbid foreign visitors.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from promtour.datasets import Column, Dataset
from promtour.world import ENTERPRISES, MODEL_ENTERPRISE_ID, MODEL_PRODUCT

DOMESTIC, EXTERNAL = "внутренний", "внешний"
MARKETS = (DOMESTIC, EXTERNAL)
YEAR = 2025  # the enterprises' «last year» in promtour.world

SCHOOLS = "Школы и профминимум"
COLLEGES = "Колледжи и вузы"
PORTAL = "Региональный турпортал"
RUSSPASS = "RUSSPASS"
AGGREGATORS = "Агрегаторы экскурсий"
VK = "Таргетированная реклама ВКонтакте"
TELEGRAM = "Telegram-каналы"
AGENCIES = "Турагентства"
EVENTS = "Выставки и форумы"
FOREIGN = "Иностранные туроператоры"
CHANNELS = (SCHOOLS, COLLEGES, PORTAL, RUSSPASS, AGGREGATORS, VK, TELEGRAM, AGENCIES, EVENTS, FOREIGN)
ONLINE_ADS = (VK, TELEGRAM)  # paid online advertising: labelled under 38-FZ art. 18.1

SEASON = np.array([0.7, 0.8, 1.0, 1.1, 1.1, 1.2, 1.3, 1.3, 1.0, 1.0, 0.9, 0.7])
SCHOOL_SEASON = np.array([0.8, 1.0, 1.2, 1.3, 0.9, 0.0, 0.0, 0.0, 1.0, 1.3, 1.2, 0.8])
EVENT_MONTHS = (3, 9)

# channel -> (CTR, click->registration, registration->visit, cost model, parameter, price factor)
# cost models: "cpm" rubles per 1000 impressions; "month" rubles a month; "commission" share of revenue;
# "event" rubles per event month; "fam" rubles a month (fam trips, translations) + 15% commission
_FUNNEL = {
    SCHOOLS: (0.09, 0.30, 0.92, "month", 9_000, 0.67),
    COLLEGES: (0.12, 0.35, 0.90, "month", 6_000, 0.5),
    PORTAL: (0.03, 0.08, 0.70, "month", 4_000, 1.0),
    RUSSPASS: (0.03, 0.07, 0.75, "month", 5_000, 1.0),
    AGGREGATORS: (0.05, 0.09, 0.85, "commission", 0.20, 1.0),
    VK: (0.009, 0.05, 0.55, "cpm", 190, 1.0),
    TELEGRAM: (0.014, 0.06, 0.60, "cpm", 380, 1.0),
    AGENCIES: (0.08, 0.30, 0.90, "commission", 0.12, 1.0),
    EVENTS: (0.12, 0.10, 0.60, "event", 160_000, 1.0),
    FOREIGN: (0.08, 0.25, 0.85, "fam", 30_000, 1.5),
}

# enterprise -> channel -> share of last year's visitors it brought
MIX: dict[str, dict[str, float]] = {
    "PMK": {
        SCHOOLS: 0.40,
        COLLEGES: 0.12,
        PORTAL: 0.08,
        RUSSPASS: 0.05,
        AGGREGATORS: 0.07,
        VK: 0.11,
        TELEGRAM: 0.06,
        AGENCIES: 0.07,
        EVENTS: 0.02,
        FOREIGN: 0.02,
    },
    "MAG": {SCHOOLS: 0.45, COLLEGES: 0.25, PORTAL: 0.10, VK: 0.10, TELEGRAM: 0.05, EVENTS: 0.05},
    "SLK": {
        SCHOOLS: 0.30,
        PORTAL: 0.08,
        RUSSPASS: 0.10,
        AGGREGATORS: 0.17,
        VK: 0.15,
        TELEGRAM: 0.05,
        AGENCIES: 0.10,
        FOREIGN: 0.05,
    },
    "AZT": {COLLEGES: 0.60, PORTAL: 0.15, TELEGRAM: 0.10, EVENTS: 0.15},
    "GES": {SCHOOLS: 0.40, COLLEGES: 0.05, PORTAL: 0.20, RUSSPASS: 0.15, VK: 0.12, TELEGRAM: 0.08},
    "IZR": {PORTAL: 0.10, RUSSPASS: 0.15, AGGREGATORS: 0.25, VK: 0.20, TELEGRAM: 0.10, AGENCIES: 0.12, FOREIGN: 0.08},
}

# enterprise -> channel -> goal results per visit (units of the enterprise's goal_metric);
# "*" is every other channel. SLK's goal is rubles of shop revenue, GES's is the visitors themselves.
GOAL_PER_VISIT: dict[str, dict[str, float]] = {
    "PMK": {SCHOOLS: 0.011, COLLEGES: 0.03, "*": 0.002},
    "MAG": {COLLEGES: 0.06, SCHOOLS: 0.005, "*": 0.002},
    "SLK": {SCHOOLS: 90, AGENCIES: 140, FOREIGN: 250, "*": 180},
    "AZT": {COLLEGES: 0.05, EVENTS: 0.02, "*": 0.005},
    "GES": {"*": 1.0},
    "IZR": {AGENCIES: 0.4, PORTAL: 0.5, FOREIGN: 0.5, "*": 0.6},
}
RUBLE_GOALS = {"SLK"}  # goal_value in rubles (rounded to 100), not in people


def _noise(rng: np.random.Generator, sd: float = 0.12) -> float:
    return float(np.exp(rng.normal(0.0, sd)))


def _season(channel: str) -> np.ndarray:
    if channel in (SCHOOLS, COLLEGES):
        return SCHOOL_SEASON
    if channel == EVENTS:
        return np.array([1.0 if m in EVENT_MONTHS else 0.0 for m in range(1, 13)])
    return SEASON


def _goal_rate(eid: str, channel: str) -> float:
    rates = GOAL_PER_VISIT[eid]
    return rates.get(channel, rates["*"])


def build_campaigns(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for ent in ENTERPRISES:
        for channel, share in MIX[ent.id].items():
            ctr, reg, vis, cost, par, price_factor = _FUNNEL[channel]
            season = _season(channel)
            yearly_visits = ent.visitors_last_year * share
            market = EXTERNAL if channel == FOREIGN else DOMESTIC
            code = f"{ent.id}-{CHANNELS.index(channel) + 1:02d}"
            for month in range(1, 13):
                if season[month - 1] == 0:
                    continue
                expected = yearly_visits * season[month - 1] / season.sum()
                impressions = int(rng.poisson(expected / (ctr * reg * vis) * _noise(rng, 0.10)))
                clicks = int(rng.binomial(impressions, min(ctr * _noise(rng, 0.05), 0.9)))
                registrations = int(rng.binomial(clicks, min(reg * _noise(rng, 0.05), 0.95)))
                visits = int(rng.binomial(registrations, min(vis * _noise(rng, 0.05), 0.98)))
                revenue = visits * ent.ticket_price * price_factor * _noise(rng, 0.04)
                if cost == "cpm":
                    spend = impressions / 1000 * par * _noise(rng, 0.08)
                elif cost == "month":
                    spend = par * _noise(rng, 0.10)
                elif cost == "commission":
                    spend = revenue * par
                elif cost == "event":
                    spend = par * _noise(rng, 0.05)
                else:  # fam trips and translations, plus the foreign operator's 15% commission
                    spend = par * _noise(rng, 0.10) + revenue * 0.15
                rate = _goal_rate(ent.id, channel)
                if ent.id in RUBLE_GOALS:
                    goal = int(round(visits * rate * _noise(rng, 0.10), -2))
                elif rate >= 1:
                    goal = visits
                else:
                    goal = int(rng.binomial(visits, rate))
                rows.append(
                    {
                        "enterprise_id": ent.id,
                        "campaign_id": code,
                        "channel": channel,
                        "market": market,
                        "month": f"{YEAR}-{month:02d}-01",
                        "spend_rub": int(round(spend, -2)),
                        "impressions": impressions,
                        "clicks": clicks,
                        "registrations": registrations,
                        "visits": visits,
                        "revenue_rub": int(round(revenue, -2)),
                        "goal_value": goal,
                    }
                )
    frame = pd.DataFrame(rows)
    return frame.sort_values(["enterprise_id", "month", "campaign_id"]).reset_index(drop=True)


# --- reviews: a post-visit survey (NPS question + comment + «откуда узнали») ---

SEGMENTS = ("школьники", "студенты", "семьи", "деловые делегации", "организованные туристы", "иностранные туристы")
_CHANNEL_SEGMENTS = {
    SCHOOLS: {"школьники": 1.0},
    COLLEGES: {"студенты": 1.0},
    PORTAL: {"семьи": 0.7, "организованные туристы": 0.3},
    RUSSPASS: {"семьи": 0.6, "организованные туристы": 0.4},
    AGGREGATORS: {"семьи": 0.6, "организованные туристы": 0.4},
    VK: {"семьи": 0.7, "студенты": 0.3},
    TELEGRAM: {"семьи": 0.5, "студенты": 0.5},
    AGENCIES: {"организованные туристы": 0.8, "семьи": 0.2},
    EVENTS: {"деловые делегации": 1.0},
    FOREIGN: {"иностранные туристы": 1.0},
}
_SEGMENT_MEAN = {
    "школьники": 7.9,
    "студенты": 8.4,
    "семьи": 8.7,
    "деловые делегации": 9.1,
    "организованные туристы": 8.5,
    "иностранные туристы": 8.8,
}
_REPEAT_P = {
    "школьники": 0.04,
    "студенты": 0.08,
    "семьи": 0.15,
    "деловые делегации": 0.10,
    "организованные туристы": 0.05,
    "иностранные туристы": 0.01,
}
RESPONSE_RATE = 0.08  # one visitor in ~12 fills in the survey

_GOOD = [
    "Гид рассказывал увлечённо, слушали не отрываясь.",
    "Впервые увидели настоящее производство вживую — впечатляет!",
    "Отличная профориентация: сын теперь хочет в инженеры.",
    "Всё чётко организовано: инструктаж, СИЗ, наушники.",
    "Мастер цеха ответил на все вопросы, очень живо.",
    "Поедем ещё раз, уже с друзьями.",
]
_MIXED = [
    "В целом интересно, но маршрут короткий.",
    "Хорошая экскурсия, но долго ждали на проходной.",
    "Интересно, хотя в цехе было шумно и гида плохо слышно.",
    "Неплохо, но цена для семьи высоковата.",
]
_BAD = [  # (text, weight); the photo complaint only where photography is restricted
    ("Инструктаж по технике безопасности длился почти час.", 0.26),
    ("Нельзя было фотографировать, заранее не предупредили.", 0.22),
    ("Группа слишком большая, гида было плохо слышно.", 0.16),
    ("Долго ждали на проходной, экскурсия началась с опозданием.", 0.13),
    ("Дорого для школьной группы.", 0.08),
    ("Нет парковки для автобуса.", 0.05),
    ("Показали мало производства, больше рассказывали в зале.", 0.10),
]
_EN = {
    "good": ["Fascinating tour of a real working plant.", "Well organised: safety briefing, helmets, headsets."],
    "mixed": ["Interesting, but the route was short."],
    "bad": ["Safety briefing only in Russian, hard to follow.", "Long wait at the security gate."],
}


def _review_text(rng: np.random.Generator, lang: str, score: int, photo: str) -> str:
    tier = "good" if score >= 9 else "mixed" if score >= 7 else "bad"
    if lang == "en":
        pool = _EN[tier]
        return pool[int(rng.integers(0, len(pool)))]
    if tier == "bad":
        bad = [(t, w) for t, w in _BAD if photo != "разрешено" or "фотограф" not in t]
        texts, weights = [t for t, _ in bad], np.array([w for _, w in bad])
    else:
        texts = _GOOD if tier == "good" else _MIXED
        weights = np.ones(len(texts))
    k = 1 if rng.random() < 0.6 else 2
    picked = rng.choice(len(texts), size=k, replace=False, p=weights / weights.sum())
    return " ".join(texts[i] for i in picked)


def build_reviews(rng: np.random.Generator) -> pd.DataFrame:
    # the very frame that `campaigns` holds: same generator, same seed as Dataset.generate
    campaigns = build_campaigns(np.random.default_rng(zlib.crc32(b"campaigns")))
    photo = {e.id: e.photo for e in ENTERPRISES}
    rows = []
    for row in campaigns.itertuples(index=False):
        n = int(rng.binomial(row.visits, RESPONSE_RATE))
        month = pd.Timestamp(row.month)
        weights = _CHANNEL_SEGMENTS[row.channel]
        segs, ps = list(weights), np.array(list(weights.values()))
        for _ in range(n):
            seg = segs[int(rng.choice(len(segs), p=ps / ps.sum()))]
            lang = "en" if row.market == EXTERNAL and rng.random() < 0.6 else "ru"
            score = int(np.clip(round(rng.normal(_SEGMENT_MEAN[seg], 1.7)), 0, 10))
            day = int(rng.integers(0, month.days_in_month))
            rows.append(
                {
                    "enterprise_id": row.enterprise_id,
                    "date": (month + pd.Timedelta(days=day)).strftime("%Y-%m-%d"),
                    "score": score,
                    "text": _review_text(rng, lang, score, photo[row.enterprise_id]),
                    "language": lang,
                    "market": row.market,
                    "segment": seg,
                    "channel": row.channel,
                    "repeat_visit": bool(rng.random() < _REPEAT_P[seg]),
                }
            )
    frame = pd.DataFrame(rows).sort_values(["date", "enterprise_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "review_id", [f"R{i:05d}" for i in range(1, len(frame) + 1)])
    return frame


# --- message_test: an A/B test of two ad messages for the model product, shown to parents ---

MESSAGES = {
    "A": f"Экскурсия {MODEL_PRODUCT.name}: посмотрите, как плавят сталь",
    "B": "Кем работать после 9 класса? День на комбинате с мастером-металлургом",
}
_AB_RATE = {"A": 0.021, "B": 0.0245}


def build_message_test(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for day in pd.date_range(f"{YEAR}-03-03", periods=14, freq="D"):
        weekend = day.day_of_week >= 5
        for variant in ("A", "B"):
            shown = int(rng.poisson(900 if weekend else 1100))
            regs = int(rng.binomial(shown, _AB_RATE[variant]))
            rows.append(
                {
                    "enterprise_id": MODEL_ENTERPRISE_ID,
                    "date": day.strftime("%Y-%m-%d"),
                    "variant": variant,
                    "message": MESSAGES[variant],
                    "channel": VK,
                    "shown": shown,
                    "registrations": regs,
                }
            )
    return pd.DataFrame(rows)


_SRC = (
    "синтетика (вымышленный регион курса и его шесть предприятий, promtour.world); визиты за год "
    "≈ «гостей за прошлый год» в профиле предприятия; воронки, цены размещения и комиссии — "
    "допущения курса, не прайс-листы площадок"
)

DATASETS = [
    Dataset(
        name="campaigns",
        title="Продвижение экскурсий шести предприятий Приреченской области по каналам и месяцам",
        columns={
            "enterprise_id": Column("category", "код предприятия (PMK, MAG, SLK, AZT, GES, IZR)"),
            "campaign_id": Column("str", "код кампании: предприятие и номер канала"),
            "channel": Column("category", "канал продвижения"),
            "market": Column("category", "рынок: внутренний или внешний"),
            "month": Column("date", "месяц (первое число)"),
            "spend_rub": Column("int", "затраты за месяц (реклама, комиссия, стенд, работа с площадкой)", "руб."),
            "impressions": Column("int", "показы или охват (получатели рассылки, контакты на стенде)", "чел."),
            "clicks": Column("int", "клики или отклики (переходы, запросы)", "чел."),
            "registrations": Column("int", "записавшиеся на экскурсию", "чел."),
            "visits": Column("int", "пришедшие на экскурсию", "чел."),
            "revenue_rub": Column("int", "выручка от билетов этих посетителей", "руб."),
            "goal_value": Column(
                "int", "вклад в главный результат предприятия (goal_metric профиля)", "ед. главного результата"
            ),
        },
        build=build_campaigns,
        synthetic=True,
        source=_SRC,
    ),
    Dataset(
        name="reviews",
        title="Анкеты после экскурсий на предприятия региона: оценка 0–10 «порекомендуете ли», отзыв",
        columns={
            "review_id": Column("str", "номер анкеты"),
            "enterprise_id": Column("category", "код предприятия"),
            "date": Column("date", "дата визита"),
            "score": Column("int", "готовность рекомендовать, 0–10", "балл"),
            "text": Column("str", "комментарий посетителя"),
            "language": Column("category", "язык отзыва: ru или en"),
            "market": Column("category", "рынок: внутренний или внешний"),
            "segment": Column("category", "сегмент посетителя"),
            "channel": Column("category", "откуда узнали об экскурсии (канал)"),
            "repeat_visit": Column("bool", "бывал на экскурсиях предприятия раньше"),
        },
        build=build_reviews,
        synthetic=True,
        source="синтетика; ~8% посетителей из «campaigns» заполняют анкету; шкала NPS (Reichheld, HBR, 2003)",
    ),
    Dataset(
        name="message_test",
        title="A/B-тест двух рекламных сообщений экскурсии ПМК: показы и записи по дням",
        columns={
            "enterprise_id": Column("category", "код предприятия"),
            "date": Column("date", "день показа"),
            "variant": Column("category", "вариант сообщения: A или B"),
            "message": Column("str", "текст сообщения"),
            "channel": Column("category", "канал показа"),
            "shown": Column("int", "показы сообщения", "показов"),
            "registrations": Column("int", "записи после показа", "чел."),
        },
        build=build_message_test,
        synthetic=True,
        source="синтетика; конверсии 2,1% и 2,45% — допущение курса о порядке конверсии «показ → запись»",
    ),
]
