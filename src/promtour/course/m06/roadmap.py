"""A year's roadmap, a promotion budget by item and funding source, and the director's summary.

These build the drafts that the passport parts «roadmap» and «offer» start from: the learner
edits the tables (stages, owners, sums), the kit draws the timeline and adds up the sources.
Every builder takes an :class:`promtour.enterprise.Enterprise`, so it works on a world
enterprise and on a learner's own profile alike. The sums are illustrative drafts.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from promtour.enterprise import Enterprise

from . import dashboard as db

# funding sources, in the order the budget shows them
OWN, TICKETS, REGION = "бюджет предприятия", "выручка от билетов", "региональная поддержка"
SOURCES = (OWN, TICKETS, REGION)
STAGE_COLUMNS = ["Этап", "Начало", "Окончание", "Ответственный", "Результат"]
BUDGET_COLUMNS = ["Статья", "Сумма, руб.", "Источник"]
_MONTHS = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
_COMMISSION = {"Агрегаторы экскурсий", "Турагентства", "Иностранные туроператоры"}


def default_roadmap(ent: Enterprise, year: int) -> pd.DataFrame:
    """A draft of a year's stages for ``ent``: dates, owners and the result of each stage."""
    goal = f"{ent.goal_metric}: план " + f"{ent.goal_target:,}".replace(",", " ")
    rows = [
        (
            "Утвердить план продвижения, бюджет и ответственных",
            f"{year}-01-12",
            f"{year}-01-30",
            "руководитель проекта по промышленному туризму",
            "приказ директора, бюджет по статьям",
        ),
        (
            "Договор с оператором рекламных данных, шаблон маркировки",
            f"{year}-02-02",
            f"{year}-02-13",
            "служба по связям с общественностью",
            "каждое онлайн-объявление с пометкой «Реклама», erid и рекламодателем",
        ),
        (
            "Карточки экскурсии на региональном турпортале, в RUSSPASS и у агрегаторов",
            f"{year}-02-09",
            f"{year}-03-06",
            "служба по связям с общественностью",
            "запись онлайн с вопросом «откуда узнали»",
        ),
    ]
    if ent.admits_children:
        rows.append(
            (
                "Школы: предложение в управление образования для профминимума, договоры со школами",
                f"{year}-02-16",
                f"{year}-04-30",
                "отдел кадров и управление образования",
                "график школьных групп на весну и осень",
            )
        )
    rows += [
        (
            "Колледжи и вузы: дни открытых дверей, рассказ о целевом обучении и практике",
            f"{year}-03-02",
            f"{year}-05-29",
            "отдел кадров",
            goal,
        ),
        (
            "A/B-тест двух сообщений в соцсетях",
            f"{year}-03-16",
            f"{year}-03-29",
            "служба по связям с общественностью",
            "сообщение-победитель для осенней кампании",
        ),
        (
            "Летний сезон: семьи и туристы через порталы и агрегаторы",
            f"{year}-06-01",
            f"{year}-08-31",
            "руководитель проекта",
            "визиты и отзывы, NPS по анкетам",
        ),
        (
            "Осенний сезон: " + ("школьные и студенческие группы" if ent.admits_children else "студенческие группы"),
            f"{year}-09-01",
            f"{year}-11-27",
            "отдел кадров",
            goal,
        ),
        (
            "Ежемесячная планёрка по KPI и отзывам",
            f"{year}-02-02",
            f"{year}-12-18",
            "руководитель проекта",
            "решения по каналам и жалобам",
        ),
        (
            "Отчёт директору: результат по цели, затраты, план на следующий год",
            f"{year}-12-01",
            f"{year}-12-18",
            "руководитель проекта",
            "решение о бюджете на следующий год",
        ),
    ]
    frame = pd.DataFrame(rows, columns=STAGE_COLUMNS)
    for col in ("Начало", "Окончание"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def roadmap_view(stages: pd.DataFrame) -> pd.DataFrame:
    """The stages with dates written as ДД.ММ.ГГГГ, for the passport."""
    out = stages.copy()
    for col in ("Начало", "Окончание"):
        out[col] = pd.to_datetime(out[col]).dt.strftime("%d.%m.%Y")
    return out


def default_budget(ent: Enterprise, campaigns: pd.DataFrame, budgets: dict[str, float] | None = None) -> pd.DataFrame:
    """A draft budget: each channel of ``ent`` (``budgets[channel]`` or last year's spend) plus
    the project's own items.

    Commission channels are paid from ticket revenue where tickets are sold; events may be
    co-funded by regional support; everything else comes from the enterprise's budget.
    A channel budgeted at zero is left out; ``budgets`` for channels the enterprise does not use
    are ignored when its rows are in ``campaigns``.
    """
    rows = []
    own = db.of(campaigns, ent)
    spend = own.groupby(own["channel"].astype(str))["spend_rub"].sum().astype(float)
    for channel, rub in (budgets or {}).items():
        if own.empty or channel in spend.index:  # an own profile without data takes every channel given
            spend[channel] = float(rub)
    for channel, rub in spend.items():
        if rub <= 0:
            continue
        if channel in _COMMISSION and ent.ticket_price > 0:
            source = TICKETS
        elif channel == "Выставки и форумы":
            source = REGION
        else:
            source = OWN
        rows.append((f"Канал: {channel}", int(round(rub, -3)), source))
    rows += [
        ("Маркировка рекламы: услуги оператора рекламных данных", 24_000, OWN),
        ("Фото и видео для карточек экскурсии", 60_000, OWN),
        ("Печать материалов для школ и колледжей", 30_000, OWN),
        ("Анкеты после экскурсии и обработка отзывов", 12_000, OWN),
    ]
    return pd.DataFrame(rows, columns=BUDGET_COLUMNS)


def budget_by_source(budget: pd.DataFrame) -> pd.DataFrame:
    """Totals of a budget by funding source, with shares; sources follow :data:`SOURCES`."""
    sums = budget.groupby("Источник")["Сумма, руб."].sum()
    order = [s for s in SOURCES if s in sums.index] + sorted(set(sums.index) - set(SOURCES))
    out = pd.DataFrame({"Сумма, руб.": sums.reindex(order)})
    total = out["Сумма, руб."].sum()
    out["Доля, %"] = (100 * out["Сумма, руб."] / total).round(1) if total else 0.0
    out.index.name = "Источник"
    return out


def plot_roadmap(stages: pd.DataFrame, title: str = "Дорожная карта на год") -> plt.Figure:
    """A timeline (Gantt chart) of the stages, first stage on top, months on the x axis."""
    fig, ax = plt.subplots(figsize=(11, 0.45 * len(stages) + 1.6))
    start = pd.to_datetime(stages["Начало"])
    end = pd.to_datetime(stages["Окончание"])
    y = list(range(len(stages)))[::-1]
    ax.barh(y, (end - start).dt.days + 1, left=start, color="#2f6db5", height=0.6)
    ax.set_yticks(y, [s if len(s) <= 60 else s[:57] + "…" for s in stages["Этап"]], fontsize=8)
    months = pd.date_range(start.min().to_period("M").to_timestamp(), end.max(), freq="MS")
    ax.set_xticks(
        months,
        [
            f"{_MONTHS[m.month - 1]}\n{m.year}" if m.month == 1 or m == months[0] else _MONTHS[m.month - 1]
            for m in months
        ],
        fontsize=8,
    )
    ax.set_xlabel("Месяц")
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def offer_summary(ent: Enterprise, budget: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """The numbers of the one-page offer: cost, expected visits and goal results, cost per unit.

    ``plan`` is :func:`promtour.course.m06.dashboard.plan_visits` output for the proposed budgets.
    """
    total = int(budget["Сумма, руб."].sum())
    own = int(budget.loc[budget["Источник"] == OWN, "Сумма, руб."].sum())
    goal = float(plan["goal_plan"].sum())
    unit = db.goal_unit(ent)
    rows = [
        ("Бюджет продвижения на год", f"{total:,} руб.".replace(",", " ")),
        ("из него из бюджета предприятия", f"{own:,} руб.".replace(",", " ")),
        ("Ожидаемые визиты", f"{plan['visits_plan'].sum():,.0f} чел.".replace(",", " ")),
        (f"Ожидаемый результат: {ent.goal_metric}", f"{goal:,.0f} {unit}".replace(",", " ")),
        ("План предприятия по цели", f"{ent.goal_target:,} {unit}".replace(",", " ")),
        ("Затраты на единицу цели", f"{total / goal:,.0f} руб.".replace(",", " ") if goal else "нет результата"),
    ]
    return pd.DataFrame(rows, columns=["Показатель", "Значение"]).set_index("Показатель")
