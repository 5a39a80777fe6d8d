"""Self-checks of the module 6 lesson: ad labelling, funnel, cost per goal result, the goal's plan,
A/B test, NPS.

All are asked about the model enterprise (PMK) so that every learner gets the same answer;
expected values are computed from the datasets when a check runs, so they follow the data if
it is regenerated.
"""

from __future__ import annotations

from typing import Any

from promtour import compare
from promtour.datasets import load
from promtour.selfcheck import Exercise
from promtour.world import MODEL_ENTERPRISE_ID, MODEL_PRODUCT, enterprise, model_enterprise

from .datasets import VK

# Online ads for the labelling self-check: (text, has the «Реклама» mark, names the advertiser, has an erid).
# The tokens are made up for the example.
AD_POSTS: tuple[tuple[str, bool, bool, bool], ...] = (
    (
        f"Реклама. {enterprise('PMK').name}. erid: 2Vtzqx0000. Кем работать после 9 класса? "
        "День на комбинате с мастером-металлургом — запись для школ.",
        True,
        True,
        True,
    ),
    (f"Экскурсия {MODEL_PRODUCT.name}: посмотрите, как плавят сталь. Запись по ссылке.", False, False, False),
    (f"Реклама. erid: 2Vtzqx0001. Экскурсия {MODEL_PRODUCT.name}: посмотрите, как плавят сталь.", True, False, True),
    (f"Реклама. {enterprise('SLK').name}. Экскурсия с дегустацией для всей семьи, каждую субботу.", True, True, False),
    (f"Реклама. {enterprise('IZR').name}. erid: 2Vtzqx0002. Мастер-класс: распишите свой изразец.", True, True, True),
)


def _labelled_ok() -> set[int]:
    return {i for i, (_, mark, who, erid) in enumerate(AD_POSTS, start=1) if mark and who and erid}


def _check_labelled(value: Any) -> str | None:
    if isinstance(value, (int, str)) or not hasattr(value, "__iter__"):
        return f"ожидался список номеров объявлений, например [1, 2], а получено {compare.describe(value)}"
    try:
        got = {int(v) for v in value}
    except (TypeError, ValueError):
        return f"в списке должны быть номера объявлений (целые числа), а получено {compare.describe(value)}"
    expected = _labelled_ok()
    if got == expected:
        return None
    extra = sorted(got - expected)
    if extra:
        why = []
        for i in extra:
            if not 1 <= i <= len(AD_POSTS):
                return f"объявления № {i} нет: их {len(AD_POSTS)}"
            _, mark, who, erid = AD_POSTS[i - 1]
            missing = [m for m, ok in (("пометки «Реклама»", mark), ("рекламодателя", who), ("erid", erid)) if not ok]
            why.append(f"в № {i} нет {', '.join(missing)}")
        return "лишние номера: " + "; ".join(why)
    return "не все правильно оформленные объявления отмечены: проверьте у каждого три элемента маркировки"


def _pmk():
    c = load("campaigns")
    return c[c["enterprise_id"] == MODEL_ENTERPRISE_ID]


def _ctr_vk() -> float:
    vk = _pmk()[_pmk()["channel"] == VK]
    return vk["clicks"].sum() / vk["impressions"].sum()


def _per_channel(column: str):
    g = _pmk().groupby("channel", observed=True)[["spend_rub", column]].sum()
    return g["spend_rub"] / g[column].where(g[column] > 0)


def _cheapest_for_goal() -> str:
    return str(_per_channel("goal_value").idxmin())


def _goal_done() -> float:
    return _pmk()["goal_value"].sum() / model_enterprise().goal_target


def _lift_b() -> float:
    t = load("message_test").groupby("variant", observed=True)[["shown", "registrations"]].sum()
    rate = t["registrations"] / t["shown"]
    return rate["B"] / rate["A"] - 1


def _nps_school() -> float:
    r = load("reviews")
    s = r[(r["enterprise_id"] == MODEL_ENTERPRISE_ID) & (r["segment"] == "школьники")]["score"]
    return 100 * ((s >= 9).mean() - (s <= 6).mean())


def _check_ctr(value: Any) -> str | None:
    return compare.number(value, _ctr_vk(), rel=1e-4)


def _check_cheapest(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"ожидалось название канала (строка), а получено {compare.describe(value)}"
    if value.strip() == _cheapest_for_goal():
        return None
    channels = set(_pmk()["channel"].astype(str))
    if value.strip() not in channels:
        return f"у ПМК нет канала «{value}»; скопируйте название из столбца channel"
    if value.strip() == str(_per_channel("visits").idxmin()):
        return (
            "это самый дешёвый канал по стоимости визита, а вопрос — о стоимости одной заявки на "
            "целевое обучение: делите затраты канала на сумму goal_value, а не visits"
        )
    return (
        f"«{value}» — не самый дешёвый канал по стоимости единицы цели; разделите сумму затрат "
        "канала на сумму его goal_value (каналы без результата пропустите) и найдите минимум"
    )


def _check_goal_done(value: Any) -> str | None:
    problem = compare.number(value, _goal_done(), rel=1e-4)
    if problem:
        return problem + " (нужна доля: сумма goal_value ПМК / план по цели из профиля, а не визиты)"
    return None


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


_PMK = "pmk = campaigns[campaigns['enterprise_id'] == 'PMK']\n"

EXERCISES = [
    Exercise(
        var="labelled_ok",
        title="какие объявления промаркированы полностью",
        checker=_check_labelled,
        hints=[
            "Маркировка интернет-рекламы — три элемента: пометка «Реклама», рекламодатель, erid.",
            "Пройдите по объявлениям и отметьте, каких элементов нет: в № 3 не сказано, кто "
            "рекламодатель, в № 4 нет идентификатора.",
            "Все три элемента есть только у двух объявлений: `labelled_ok = [1, 5]`.",
        ],
        solution="labelled_ok = [1, 5]",
        wrong="labelled_ok = [1, 3, 5]",
    ),
    Exercise(
        var="ctr_vk",
        title="CTR таргетированной рекламы ВКонтакте у ПМК за год",
        checker=_check_ctr,
        hints=[
            "CTR — доля показов, после которых человек кликнул: клики / показы. "
            "Считайте по сумме за год, а не как среднее месячных CTR.",
            "Оставьте строки ПМК и канала `'Таргетированная реклама ВКонтакте'`, сложите "
            "столбцы `clicks` и `impressions`.",
            "`vk = pmk[pmk['channel'] == 'Таргетированная реклама ВКонтакте']`, затем "
            "`vk['clicks'].sum() / vk['impressions'].sum()` — доля, не проценты.",
        ],
        solution=(
            "campaigns = load('campaigns')\n"
            + _PMK
            + "vk = pmk[pmk['channel'] == 'Таргетированная реклама ВКонтакте']\n"
            "ctr_vk = vk['clicks'].sum() / vk['impressions'].sum()"
        ),
        wrong=(
            "campaigns = load('campaigns')\n"
            + _PMK
            + "vk = pmk[pmk['channel'] == 'Таргетированная реклама ВКонтакте']\n"
            "ctr_vk = 100 * vk['clicks'].sum() / vk['impressions'].sum()"
        ),
    ),
    Exercise(
        var="goal_done",
        title="доля годового плана ПМК по заявкам на целевое обучение, которую дал 2025 год",
        checker=_check_goal_done,
        hints=[
            "Главный результат ПМК — заявки на целевое обучение; их приносит каждая кампания, "
            "это столбец `goal_value`. План — в профиле предприятия: `enterprise('PMK').goal_target`.",
            "Сложите `goal_value` по строкам ПМК и разделите на план. Визиты здесь ни при чём.",
            "`goal_done = pmk['goal_value'].sum() / enterprise('PMK').goal_target`",
        ],
        solution=(
            "from promtour.world import enterprise\n"
            "campaigns = load('campaigns')\n"
            + _PMK
            + "goal_done = pmk['goal_value'].sum() / enterprise('PMK').goal_target"
        ),
        wrong=(
            "from promtour.world import enterprise\n"
            "campaigns = load('campaigns')\n"
            + _PMK
            + "goal_done = pmk['visits'].sum() / enterprise('PMK').target_visitors"
        ),
    ),
    Exercise(
        var="cheapest_for_goal",
        title="канал ПМК с самой дешёвой заявкой на целевое обучение",
        checker=_check_cheapest,
        hints=[
            "Сгруппируйте строки ПМК по каналу и сложите `spend_rub` и `goal_value`.",
            "Стоимость единицы цели = сумма затрат / сумма `goal_value`. Каналы, где заявок 0, "
            "в сравнение не берите (деление на ноль). Не путайте со стоимостью визита.",
            "`g = pmk.groupby('channel', observed=True)[['spend_rub', 'goal_value']].sum()`, "
            "`g = g[g['goal_value'] > 0]`, затем `(g['spend_rub'] / g['goal_value']).idxmin()`.",
        ],
        solution=(
            "campaigns = load('campaigns')\n"
            + _PMK
            + "g = pmk.groupby('channel', observed=True)[['spend_rub', 'goal_value']].sum()\n"
            "g = g[g['goal_value'] > 0]\n"
            "cheapest_for_goal = (g['spend_rub'] / g['goal_value']).idxmin()"
        ),
        wrong=(
            "campaigns = load('campaigns')\n"
            + _PMK
            + "g = pmk.groupby('channel', observed=True)[['spend_rub', 'visits']].sum()\n"
            "cheapest_for_goal = (g['spend_rub'] / g['visits']).idxmin()"
        ),
    ),
    Exercise(
        var="lift_b",
        title="относительный прирост конверсии сообщения B к A",
        checker=_check_lift,
        hints=[
            "Сначала конверсии вариантов: сумма записей / сумма показов для A и для B.",
            "Относительный прирост (lift) = p_B / p_A − 1. Разность p_B − p_A — это процентные пункты, а не прирост.",
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
        title="NPS школьников на экскурсиях ПМК",
        checker=_check_nps,
        hints=[
            "Промоутеры ставят 9–10, критики 0–6, нейтралы 7–8. NPS = % промоутеров − % критиков.",
            "Отберите анкеты ПМК сегмента «школьники»; доля промоутеров — `(s >= 9).mean()`, "
            "доля критиков — `(s <= 6).mean()`.",
            "`nps_school = 100 * ((s >= 9).mean() - (s <= 6).mean())` — в пунктах, от −100 до 100.",
        ],
        solution=(
            "reviews = load('reviews')\n"
            "s = reviews[(reviews['enterprise_id'] == 'PMK') & (reviews['segment'] == 'школьники')]['score']\n"
            "nps_school = 100 * ((s >= 9).mean() - (s <= 6).mean())"
        ),
        wrong=(
            "reviews = load('reviews')\n"
            "s = reviews[(reviews['enterprise_id'] == 'PMK') & (reviews['segment'] == 'школьники')]['score']\n"
            "nps_school = 100 * ((s >= 9).mean() - (s <= 5).mean())"
        ),
    ),
]
