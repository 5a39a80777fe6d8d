"""Self-checks of the module 6 lesson (promotion funnel, channel costs, A/B test, NPS).

Expected values are computed from the datasets when a check runs, so they follow
the data if it is regenerated.
"""

from __future__ import annotations

from typing import Any

from promtour import compare
from promtour.datasets import load
from promtour.selfcheck import Exercise


def _ctr_vk() -> float:
    c = load("campaigns")
    vk = c[c["channel"] == "VK Реклама"]
    return vk["clicks"].sum() / vk["impressions"].sum()


def _cheapest_domestic_registration() -> str:
    c = load("campaigns")
    dom = c[c["market"] == "внутренний"].groupby("channel", observed=True)[["spend_rub", "registrations"]].sum()
    return str((dom["spend_rub"] / dom["registrations"]).idxmin())


def _lift_b() -> float:
    t = load("message_test").groupby("variant", observed=True)[["shown", "registrations"]].sum()
    rate = t["registrations"] / t["shown"]
    return rate["B"] / rate["A"] - 1


def _nps_school() -> float:
    s = load("reviews").query("segment == 'школьники'")["score"]
    return 100 * ((s >= 9).mean() - (s <= 6).mean())


def _check_ctr(value: Any) -> str | None:
    return compare.number(value, _ctr_vk(), rel=1e-4)


def _check_cheapest(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"ожидалось название канала (строка), а получено {compare.describe(value)}"
    expected = _cheapest_domestic_registration()
    if value.strip() == expected:
        return None
    channels = set(load("campaigns")["channel"].astype(str))
    if value.strip() not in channels:
        return f"канала «{value}» нет в данных; скопируйте название из столбца channel"
    return (f"«{value}» — не самый дешёвый по стоимости регистрации; разделите сумму затрат "
            "канала на сумму его регистраций и найдите минимум")


def _check_lift(value: Any) -> str | None:
    problem = compare.number(value, _lift_b(), rel=1e-3)
    if problem:
        return problem + " (нужен относительный прирост: p_B / p_A − 1, доля, а не п. п.)"
    return None


def _check_nps(value: Any) -> str | None:
    problem = compare.number(value, _nps_school(), rel=1e-3, abs_tol=1e-6)
    if problem:
        return problem + " (NPS — в пунктах от −100 до 100: % промоутеров минус % критиков)"
    return None


EXERCISES = [
    Exercise(
        var="ctr_vk",
        title="CTR канала «VK Реклама» за два года",
        checker=_check_ctr,
        hints=[
            "CTR — доля показов, после которых человек кликнул: клики / показы. "
            "Считайте по сумме за весь период, а не как среднее месячных CTR.",
            "Отфильтруйте строки `campaigns[campaigns['channel'] == 'VK Реклама']` и сложите "
            "столбцы `clicks` и `impressions`.",
            "`vk = campaigns[campaigns['channel'] == 'VK Реклама']`, затем "
            "`vk['clicks'].sum() / vk['impressions'].sum()` — доля, не проценты.",
        ],
        solution=(
            "campaigns = load('campaigns')\n"
            "vk = campaigns[campaigns['channel'] == 'VK Реклама']\n"
            "ctr_vk = vk['clicks'].sum() / vk['impressions'].sum()"
        ),
        wrong=(
            "campaigns = load('campaigns')\n"
            "vk = campaigns[campaigns['channel'] == 'VK Реклама']\n"
            "ctr_vk = 100 * vk['clicks'].sum() / vk['impressions'].sum()"
        ),
    ),
    Exercise(
        var="cheapest_channel",
        title="самый дешёвый канал по стоимости регистрации на внутреннем рынке",
        checker=_check_cheapest,
        hints=[
            "Оставьте только строки с `market == 'внутренний'` и сгруппируйте их по каналу.",
            "Стоимость регистрации канала = сумма `spend_rub` / сумма `registrations` "
            "(не минимальные затраты и не среднее по месяцам).",
            "`g = dom.groupby('channel', observed=True)[['spend_rub', 'registrations']].sum()`, "
            "затем `(g['spend_rub'] / g['registrations']).idxmin()`.",
        ],
        solution=(
            "campaigns = load('campaigns')\n"
            "dom = campaigns[campaigns['market'] == 'внутренний']\n"
            "g = dom.groupby('channel', observed=True)[['spend_rub', 'registrations']].sum()\n"
            "cheapest_channel = (g['spend_rub'] / g['registrations']).idxmin()"
        ),
        wrong=(
            "campaigns = load('campaigns')\n"
            "dom = campaigns[campaigns['market'] == 'внутренний']\n"
            "g = dom.groupby('channel', observed=True)[['spend_rub', 'registrations']].sum()\n"
            "cheapest_channel = g['spend_rub'].idxmax()"
        ),
    ),
    Exercise(
        var="lift_b",
        title="относительный прирост конверсии сообщения B к A",
        checker=_check_lift,
        hints=[
            "Сначала конверсии вариантов: сумма регистраций / сумма показов для A и для B.",
            "Относительный прирост (lift) = p_B / p_A − 1. Разность p_B − p_A — это "
            "процентные пункты, а не прирост.",
            "`t = ab.groupby('variant', observed=True)[['shown', 'registrations']].sum()`, "
            "`p = t['registrations'] / t['shown']`, `lift_b = p['B'] / p['A'] - 1`.",
        ],
        solution=(
            "ab = load('message_test')\n"
            "t = ab.groupby('variant', observed=True)[['shown', 'registrations']].sum()\n"
            "p = t['registrations'] / t['shown']\n"
            "lift_b = p['B'] / p['A'] - 1"
        ),
        wrong=(
            "ab = load('message_test')\n"
            "t = ab.groupby('variant', observed=True)[['shown', 'registrations']].sum()\n"
            "p = t['registrations'] / t['shown']\n"
            "lift_b = p['B'] - p['A']"
        ),
    ),
    Exercise(
        var="nps_school",
        title="NPS сегмента «школьники»",
        checker=_check_nps,
        hints=[
            "Промоутеры ставят 9–10, критики 0–6, нейтралы 7–8. NPS = % промоутеров − % критиков.",
            "Отберите `reviews[reviews['segment'] == 'школьники']['score']`; доля промоутеров — "
            "`(s >= 9).mean()`, доля критиков — `(s <= 6).mean()`.",
            "`nps_school = 100 * ((s >= 9).mean() - (s <= 6).mean())` — в пунктах, от −100 до 100.",
        ],
        solution=(
            "reviews = load('reviews')\n"
            "s = reviews[reviews['segment'] == 'школьники']['score']\n"
            "nps_school = 100 * ((s >= 9).mean() - (s <= 6).mean())"
        ),
        wrong=(
            "reviews = load('reviews')\n"
            "s = reviews[reviews['segment'] == 'школьники']['score']\n"
            "nps_school = 100 * ((s >= 9).mean() - (s <= 5).mean())"
        ),
    ),
]
