"""Module 6 datasets: promotion campaigns, post-visit reviews, an A/B test of two messages.

All three are synthetic, calibrated on published figures (see data/README.md, «Модуль 6»):
- the region's campaign-attributed visits grow 2023 → 2024 like the national market
  (1.4 M → over 2 M industrial tourists, ×1.43), and 2024 lands between Lipetsk
  (~7,000) and Chelyabinsk (56,000 in 2022) — about 18,000 visits;
- the external market is small (~7% of visits), the opposite of world brands such as the
  Heineken Experience, where only 5% of visitors are Dutch;
- scores follow the 0–10 «would you recommend» question of NPS.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from promtour.datasets import Column, Dataset

DOMESTIC, EXTERNAL = "внутренний", "внешний"
MARKETS = (DOMESTIC, EXTERNAL)

# channel labels, in the order the lesson shows them
CHANNELS = (
    "VK Реклама",
    "Telegram-каналы",
    "Блогеры",
    "Рассылка по школам",
    "Турагентства",
    "Агрегаторы экскурсий",
    "Выставки",
    "Иностранные туроператоры",
)

YEARS = (2023, 2024)
GROWTH_2024 = 2.0 / 1.4  # national market: 1.4 M (2023) -> over 2 M (2024) industrial tourists

# demand seasonality of consumer channels and of school groups (no school trips in summer)
SEASON = np.array([0.7, 0.8, 1.0, 1.1, 1.1, 1.2, 1.3, 1.3, 1.0, 1.0, 0.9, 0.7])
SCHOOL_SEASON = np.array([0.8, 1.0, 1.2, 1.3, 0.9, 0.0, 0.0, 0.0, 1.0, 1.3, 1.2, 0.8])
ALL_MONTHS = tuple(range(1, 13))


# id, name, channel, market, months, monthly reach, CTR, click->registration,
# registration->visit, cost model, cost parameter, ticket RUB, seasonality
_CAMPAIGNS = [
    ("VK-01", "«Заводы открыты»: таргет ВКонтакте", "VK Реклама", DOMESTIC, ALL_MONTHS,
     230_000, 0.009, 0.045, 0.55, "cpm", 170, 1200, SEASON),
    ("TG-01", "Посевы в региональных Telegram-каналах", "Telegram-каналы", DOMESTIC, ALL_MONTHS,
     80_000, 0.014, 0.06, 0.60, "cpm", 380, 1200, SEASON),
    ("BLG-01", "Блогеры: «Как это сделано» на местных заводах", "Блогеры", DOMESTIC, (3, 4, 6, 7, 10, 11),
     150_000, 0.012, 0.05, 0.50, "fixed", 95_000, 1200, SEASON),
    ("SCH-01", "Профориентация 7–11 классов: рассылка по школам", "Рассылка по школам", DOMESTIC,
     (1, 2, 3, 4, 5, 9, 10, 11, 12), 16_000, 0.09, 0.30, 0.90, "fixed", 18_000, 700, SCHOOL_SEASON),
    ("TA-01", "Промтур-пакет для турагентств региона", "Турагентства", DOMESTIC, ALL_MONTHS,
     11_000, 0.08, 0.30, 0.88, "commission", 0.12, 1400, SEASON),
    ("AGG-01", "Витрина на агрегаторах экскурсий", "Агрегаторы экскурсий", DOMESTIC, ALL_MONTHS,
     42_000, 0.06, 0.09, 0.85, "commission", 0.20, 1300, SEASON),
    ("AGG-02", "Англоязычная витрина на агрегаторах", "Агрегаторы экскурсий", EXTERNAL, ALL_MONTHS,
     5_000, 0.05, 0.06, 0.80, "commission", 0.20, 2200, SEASON),
    ("EXH-01", "Стенд на выставке «Интурмаркет»", "Выставки", DOMESTIC, (3,),
     6_000, 0.12, 0.10, 0.60, "fixed", 450_000, 1400, None),
    ("EXH-02", "Региональный туристский форум", "Выставки", DOMESTIC, (9,),
     3_000, 0.15, 0.12, 0.65, "fixed", 160_000, 1400, None),
    ("EXH-03", "Стенд на зарубежной туристской выставке", "Выставки", EXTERNAL, (4,),
     4_000, 0.10, 0.06, 0.50, "fixed", 700_000, 2500, None),
    ("FTO-01", "Иностранные туроператоры: Китай", "Иностранные туроператоры", EXTERNAL,
     (5, 6, 7, 8, 9, 10), 2_600, 0.08, 0.25, 0.85, "fixed+commission", 120_000, 2800, SEASON),
    ("FTO-02", "Иностранные туроператоры: Беларусь и Казахстан", "Иностранные туроператоры", EXTERNAL,
     ALL_MONTHS, 1_800, 0.09, 0.30, 0.90, "fixed+commission", 40_000, 2000, SEASON),
]


def _noise(rng: np.random.Generator, sd: float = 0.12) -> float:
    return float(np.exp(rng.normal(0.0, sd)))


def build_campaigns(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for year in YEARS:
        scale = 1.0 if year == YEARS[0] else GROWTH_2024
        for (cid, name, channel, market, months, reach, ctr, reg, vis, cost, par,
             ticket, season) in _CAMPAIGNS:
            for month in months:
                seas = 1.0 if season is None else season[month - 1]
                if seas == 0:
                    continue
                # events keep their size; recurring campaigns grow with the market
                grow = 1.0 if season is None else scale
                impressions = int(rng.poisson(reach * seas * grow * _noise(rng, 0.10)))
                clicks = int(rng.binomial(impressions, min(ctr * _noise(rng, 0.05), 0.9)))
                registrations = int(rng.binomial(clicks, min(reg * _noise(rng, 0.05), 0.95)))
                visits = int(rng.binomial(registrations, min(vis * _noise(rng, 0.06), 0.98)))
                price = ticket * (1.0 if year == YEARS[0] else 1.08)  # ticket prices +8% in 2024
                revenue = visits * price * _noise(rng, 0.04)
                if cost == "cpm":
                    spend = impressions / 1000 * par * _noise(rng, 0.08)
                elif cost == "fixed":
                    spend = par * (grow if season is not None else 1.0) * _noise(rng, 0.05)
                elif cost == "commission":
                    spend = revenue * par
                else:  # fixed+commission: fam trips, translations, 15% commission
                    spend = par * _noise(rng, 0.1) + revenue * 0.15
                rows.append({
                    "campaign_id": cid,
                    "campaign": name,
                    "channel": channel,
                    "market": market,
                    "month": f"{year}-{month:02d}-01",
                    "spend_rub": int(round(spend, -2)),
                    "impressions": impressions,
                    "clicks": clicks,
                    "registrations": registrations,
                    "visits": visits,
                    "revenue_rub": int(round(revenue, -2)),
                })
    frame = pd.DataFrame(rows)
    return frame.sort_values(["month", "campaign_id"]).reset_index(drop=True)


# --- reviews: a post-visit survey (NPS question + comment + «откуда узнали») ---

SEGMENTS = ("школьники", "студенты", "семьи", "деловые делегации",
            "организованные туристы", "иностранные туристы")

# which segments a channel brings, with weights
_CHANNEL_SEGMENTS = {
    "VK Реклама": {"семьи": 0.6, "студенты": 0.4},
    "Telegram-каналы": {"семьи": 0.5, "студенты": 0.5},
    "Блогеры": {"семьи": 0.5, "студенты": 0.5},
    "Рассылка по школам": {"школьники": 1.0},
    "Турагентства": {"организованные туристы": 0.7, "семьи": 0.3},
    "Агрегаторы экскурсий": {"семьи": 0.6, "организованные туристы": 0.4},
    "Выставки": {"деловые делегации": 0.6, "организованные туристы": 0.4},
    "Иностранные туроператоры": {"иностранные туристы": 1.0},
}
# mean of the latent 0–10 score per segment
_SEGMENT_MEAN = {"школьники": 7.9, "студенты": 8.4, "семьи": 8.7, "деловые делегации": 9.1,
                 "организованные туристы": 8.5, "иностранные туристы": 8.8}
_REPEAT_P = {"школьники": 0.04, "студенты": 0.08, "семьи": 0.15, "деловые делегации": 0.10,
             "организованные туристы": 0.05, "иностранные туристы": 0.01}
RESPONSE_RATE = 0.08  # one visitor in ~12 fills in the survey

_TEXT = {
    "ru": {
        "good": [
            "Гид рассказывал увлечённо, слушали не отрываясь.",
            "Впервые увидели настоящее производство вживую — впечатляет!",
            "Отличная профориентация: сын теперь хочет в инженеры.",
            "Всё чётко организовано: инструктаж, каски, наушники.",
            "Сувениры с завода — отдельная радость.",
            "Мастер цеха ответил на все вопросы, очень живо.",
            "Поедем ещё раз, уже с друзьями.",
        ],
        "mixed": [
            "В целом интересно, но маршрут короткий.",
            "Хорошая экскурсия, но долго ждали на проходной.",
            "Интересно, хотя в цехе было шумно и гида плохо слышно.",
            "Неплохо, но цена для семьи высоковата.",
            "Понравилось, только нельзя было фотографировать.",
        ],
        "bad": [
            "Инструктаж по технике безопасности длился почти час.",
            "В цехах нельзя фотографировать, заранее не предупредили.",
            "Группа слишком большая, гида было плохо слышно.",
            "Долго ждали на проходной, экскурсия началась с опозданием.",
            "Дорого для школьной группы.",
            "Нет парковки для автобуса.",
            "Показали мало производства, больше рассказывали в зале.",
        ],
    },
    "en": {
        "good": [
            "Fascinating tour of a real working plant.",
            "The guide spoke good English and answered every question.",
            "Well organised: safety briefing, helmets, headsets.",
            "A unique experience, nothing like a museum.",
            "Great souvenirs from the factory shop.",
        ],
        "mixed": [
            "Interesting, but the route was short.",
            "Good tour, but we waited long at the security gate.",
            "Nice, although no photos were allowed inside.",
        ],
        "bad": [
            "Safety briefing only in Russian, hard to follow.",
            "No photos allowed inside — disappointing.",
            "Long wait at the security gate.",
            "Too expensive for what we saw.",
            "The group was too big to hear the guide.",
        ],
    },
}


# critics complain mostly about organisation: briefing, photo ban, big groups, the gate
_BAD_WEIGHTS = {
    "ru": [0.26, 0.22, 0.16, 0.13, 0.08, 0.05, 0.10],
    "en": [0.30, 0.30, 0.20, 0.10, 0.10],
}


def _review_text(rng: np.random.Generator, lang: str, score: int) -> str:
    tier = "good" if score >= 9 else "mixed" if score >= 7 else "bad"
    pool = _TEXT[lang][tier]
    k = 1 if rng.random() < 0.6 else 2
    weights = np.array(_BAD_WEIGHTS[lang]) if tier == "bad" else np.ones(len(pool))
    picked = rng.choice(len(pool), size=k, replace=False, p=weights / weights.sum())
    return " ".join(pool[i] for i in picked)


def build_reviews(rng: np.random.Generator) -> pd.DataFrame:
    # the very frame that `campaigns` holds: same generator, same seed as Dataset.generate
    campaigns = build_campaigns(np.random.default_rng(zlib.crc32(b"campaigns")))
    rows = []
    for row in campaigns.itertuples(index=False):
        n = int(rng.binomial(row.visits, RESPONSE_RATE))
        month = pd.Timestamp(row.month)
        weights = _CHANNEL_SEGMENTS[row.channel]
        segs, ps = list(weights), np.array(list(weights.values()))
        for _ in range(n):
            seg = segs[int(rng.choice(len(segs), p=ps / ps.sum()))]
            if row.market == EXTERNAL:
                # Belarus and Kazakhstan write in Russian; others in English
                lang = "ru" if ("Беларусь" in row.campaign or rng.random() < 0.15) else "en"
            else:
                lang = "en" if rng.random() < 0.01 else "ru"
            score = int(np.clip(round(rng.normal(_SEGMENT_MEAN[seg], 1.7)), 0, 10))
            day = int(rng.integers(0, month.days_in_month))
            rows.append({
                "date": (month + pd.Timedelta(days=day)).strftime("%Y-%m-%d"),
                "score": score,
                "text": _review_text(rng, lang, score),
                "language": lang,
                "market": row.market,
                "segment": seg,
                "channel": row.channel,
                "repeat_visit": bool(rng.random() < _REPEAT_P[seg]),
            })
    frame = pd.DataFrame(rows).sort_values("date", kind="stable").reset_index(drop=True)
    frame.insert(0, "review_id", [f"R{i:05d}" for i in range(1, len(frame) + 1)])
    return frame


# --- message_test: an A/B test of two ad messages ---

MESSAGES = {
    "A": "Экскурсия на завод: посмотрите, как это делается",
    "B": "Профессия будущего: день на заводе для школьника",
}
_AB_RATE = {"A": 0.021, "B": 0.0245}


def build_message_test(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for day in pd.date_range("2024-03-04", periods=14, freq="D"):
        weekend = day.day_of_week >= 5
        for variant in ("A", "B"):
            shown = int(rng.poisson(900 if weekend else 1100))
            regs = int(rng.binomial(shown, _AB_RATE[variant]))
            rows.append({"date": day.strftime("%Y-%m-%d"), "variant": variant,
                         "message": MESSAGES[variant], "channel": "VK Реклама",
                         "shown": shown, "registrations": regs})
    return pd.DataFrame(rows)


_SRC = ("синтетика; калибровка: рост 2023→2024 как у рынка РФ (1,4 млн → более 2 млн "
        "промтуристов: Forbes via news.tek.fm; sobaka.ru), масштаб региона между Липецкой "
        "(~7 тыс., 2024, mk-lipetsk.ru) и Челябинской (56 тыс., 2022, up74.ru) областями")

DATASETS = [
    Dataset(
        name="campaigns",
        title="Рекламные кампании регионального центра промтуризма по месяцам, 2023–2024",
        columns={
            "campaign_id": Column("str", "код кампании"),
            "campaign": Column("str", "название кампании"),
            "channel": Column("category", "канал продвижения"),
            "market": Column("category", "рынок: внутренний или внешний"),
            "month": Column("date", "месяц (первое число)"),
            "spend_rub": Column("int", "затраты за месяц (реклама, комиссия, стенд)", "руб."),
            "impressions": Column("int", "показы или охват (получатели, контакты на стенде)", "чел."),
            "clicks": Column("int", "клики или отклики (переходы, запросы)", "чел."),
            "registrations": Column("int", "зарегистрированные на экскурсию", "чел."),
            "visits": Column("int", "пришедшие на экскурсию", "чел."),
            "revenue_rub": Column("int", "выручка от билетов этих посетителей", "руб."),
        },
        build=build_campaigns,
        synthetic=True,
        source=_SRC,
    ),
    Dataset(
        name="reviews",
        title="Анкеты после экскурсии: оценка 0–10 «порекомендуете ли», отзыв, сегмент",
        columns={
            "review_id": Column("str", "номер анкеты"),
            "date": Column("date", "дата визита"),
            "score": Column("int", "готовность рекомендовать, 0–10", "балл"),
            "text": Column("str", "комментарий посетителя"),
            "language": Column("category", "язык отзыва: ru или en"),
            "market": Column("category", "рынок: внутренний или внешний"),
            "segment": Column("category", "сегмент посетителя"),
            "channel": Column("category", "откуда узнали об экскурсии (канал)"),
            "repeat_visit": Column("bool", "посещает экскурсии центра не впервые"),
        },
        build=build_reviews,
        synthetic=True,
        source="синтетика; ~8% посетителей из «campaigns» заполняют анкету; шкала NPS (Reichheld, HBR, 2003)",
    ),
    Dataset(
        name="message_test",
        title="A/B-тест двух рекламных сообщений: показы и регистрации по дням",
        columns={
            "date": Column("date", "день показа"),
            "variant": Column("category", "вариант сообщения: A или B"),
            "message": Column("str", "текст сообщения"),
            "channel": Column("category", "канал показа"),
            "shown": Column("int", "показы сообщения", "показов"),
            "registrations": Column("int", "регистрации после показа", "чел."),
        },
        build=build_message_test,
        synthetic=True,
        source="синтетика; конверсии 2,1% и 2,45% — порядок конверсии «показ → регистрация» таргетированной рекламы",
    ),
]
