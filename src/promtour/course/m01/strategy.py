"""The enterprise's side of module 1: its baseline and goals, and the regional team around it.

Every function takes an :class:`promtour.enterprise.Enterprise`, so it runs the same on an
enterprise of the course's world or on a learner's own profile (``promtour.enterprise.choose``).
The team map follows the influence/interest grid taught in the lesson: four quadrants, each
with what the coordinator does about its members.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd

from promtour.enterprise import Enterprise

HIGH = 3  # on the 1–5 scale, 3 and above is "high"

# quadrant -> (what to do with its members), in the order the lesson teaches them
QUADRANTS: dict[str, str] = {
    "ключевые участники": "вовлекать в решения: рабочая группа, общий план и показатели, регулярные встречи",
    "держать довольными": "согласовывать заранее и коротко отчитываться: без них проект остановится",
    "держать в курсе": "информировать и звать в работу: рассылка, ознакомительные туры, календарь",
    "наблюдать": "минимум усилий: общая информация, пересматривать оценку раз в полгода",
}


def quadrant(influence: float, interest: float) -> str:
    """The grid quadrant of a participant scored 1–5 on influence and interest."""
    if pd.isna(influence) or pd.isna(interest):
        return "нет оценки"
    high_influence, high_interest = influence >= HIGH, interest >= HIGH
    if high_influence and high_interest:
        return "ключевые участники"
    if high_influence:
        return "держать довольными"
    if high_interest:
        return "держать в курсе"
    return "наблюдать"


@dataclass(frozen=True)
class Member:
    key: str
    who: str  # Russian: the kind of organisation
    label: str  # short Russian label for the grid
    role: str
    gives: str  # what it brings to the product
    gets: str  # what it wants from it (its interest)
    influence: int  # 1–5
    interest: int  # 1–5


# The regional team of the lesson, scored for a typical enterprise that admits school groups.
TEAM: tuple[Member, ...] = (
    Member(
        "enterprise",
        "Предприятие",
        "Предприятие",
        "хозяин площадки",
        "маршрут, экскурсоводы из сотрудников, инструктаж и СИЗ, история и продукт",
        "цели из профиля предприятия",
        5,
        5,
    ),
    Member(
        "industry_ministry",
        "Министерство промышленности региона",
        "Минпром\nрегиона",
        "координатор команды",
        "реестр открытых предприятий, стратегия и показатели, связь с руководством заводов",
        "выполнение региональных показателей, кадры для промышленности",
        5,
        4,
    ),
    Member(
        "tourism_ministry",
        "Министерство (комитет) по туризму",
        "Ведомство\nпо туризму",
        "туристская политика и продвижение",
        "включение в туристские маршруты и календарь, меры поддержки, продвижение",
        "турпоток, ночёвки гостей, новые турпродукты",
        4,
        4,
    ),
    Member(
        "education_authority",
        "Управление образования",
        "Управление\nобразования",
        "выход на школы",
        "включение экскурсий в профориентацию школ, согласование поездок, график классов",
        "выполнение профориентационного минимума школ",
        4,
        3,
    ),
    Member(
        "schools",
        "Школы (директора, педагоги-навигаторы)",
        "Школы",
        "заказчик и аудитория",
        "классы 6–11, сопровождающие педагоги, обратная связь",
        "содержательные выезды для профориентации, безопасность детей",
        2,
        4,
    ),
    Member(
        "college",
        "Колледж или вуз",
        "Колледж,\nвуз",
        "кадры и аудитория",
        "студенты-экскурсоводы, профильные программы, стажировки",
        "набор абитуриентов, практика студентов",
        2,
        4,
    ),
    Member(
        "tour_operator",
        "Туроператор",
        "Туроператор",
        "упаковывает и продаёт продукт",
        "программа, цена, договоры, страхование, продажи",
        "продукт с регулярными датами и маржой",
        3,
        4,
    ),
    Member(
        "tic",
        "Туристский информационный центр (ТИЦ)",
        "ТИЦ",
        "информирует гостей",
        "консультации, афиша, продажа и бронирование для индивидуальных туристов",
        "новые поводы для гостей региона",
        2,
        3,
    ),
    Member(
        "carrier",
        "Перевозчик",
        "Перевозчик",
        "везёт группы",
        "автобусы с лицензией и допуском к перевозке детей, водители, расписание",
        "регулярные заказы в будни",
        3,
        2,
    ),
    Member(
        "museum",
        "Краеведческий музей, научное общество",
        "Музей",
        "содержание",
        "история отрасли и города, экспертиза, экспозиции",
        "новая аудитория, совместные проекты",
        1,
        3,
    ),
    Member(
        "media",
        "Городские СМИ и блогеры",
        "СМИ",
        "рассказывают о продукте",
        "публикации, репортажи, отзывы",
        "интересные истории и доступ на площадку",
        2,
        2,
    ),
)
COORDINATOR = "industry_ministry"


def team_map(ent: Enterprise) -> pd.DataFrame:
    """The regional team around ``ent``: one row per participant, scored and placed on the grid.

    The scores are a starting point for the enterprise's own situation: an enterprise that does
    not admit children needs schools and the education authority less, a restricted site needs
    the tour operator less (no open sales), a free tour makes the carrier the main cost.
    """
    rows = []
    for m in TEAM:
        influence, interest, gets = m.influence, m.interest, m.gets
        who, label = m.who, m.label
        if m.key == "enterprise":
            who, label = f"Предприятие: {ent.short}", ent.short
            gets = "; ".join(ent.goals) + f" (главный результат: {ent.goal_metric})"
        if m.key in ("schools", "education_authority") and not ent.admits_children:
            influence, interest = 1, 1
            gets += f" — но предприятие принимает гостей только с {ent.min_age} лет"
        if m.key == "college" and "кадры" in ent.goals:
            interest = 5
        if m.key == "tour_operator" and "режимный" in ent.access:
            influence, interest = 2, 2
        if m.key == "carrier" and ent.ticket_price == 0:
            influence = 4  # free tours: the bus is the main cost for a school
        rows.append(
            {
                "key": m.key,
                "participant": who,
                "label": label,
                "role": m.role,
                "gives": m.gives,
                "gets": gets,
                "influence": influence,
                "interest": interest,
                "coordinator": m.key == COORDINATOR,
            }
        )
    team = pd.DataFrame(rows)
    return place(team)


def place(team: pd.DataFrame) -> pd.DataFrame:
    """Recompute each participant's quadrant and action from its scores (returns a copy)."""
    out = team.copy()
    out["quadrant"] = [quadrant(a, b) for a, b in zip(out["influence"], out["interest"])]
    out["action"] = out["quadrant"].map(QUADRANTS).fillna("оценить влияние и интерес")
    return out


TEAM_COLUMNS = {
    "participant": "Участник",
    "role": "Роль",
    "gives": "Что даёт продукту",
    "gets": "Что получает (интерес)",
    "influence": "Влияние, 1–5",
    "interest": "Интерес, 1–5",
    "quadrant": "Квадрант",
    "action": "Что делаем",
}


def team_table(team: pd.DataFrame) -> pd.DataFrame:
    """The team map with Russian headers, the coordinator marked, for the lesson and the passport."""
    shown = team.copy()
    shown.loc[shown["coordinator"], "role"] = shown.loc[shown["coordinator"], "role"] + " (координатор)"
    return shown[list(TEAM_COLUMNS)].rename(columns=TEAM_COLUMNS).reset_index(drop=True)


def draw_team_grid(team: pd.DataFrame, title: str = "Карта участников: влияние и интерес") -> plt.Figure:
    """The influence/interest grid: quadrants shaded and named, participants as labelled points."""
    fig, ax = plt.subplots(figsize=(8.5, 6.5))
    lo, mid, hi = 0.5, HIGH - 0.5, 5.5
    shades = {
        ("ключевые участники", mid, hi, mid, hi): "#e6f4ea",
        ("держать довольными", lo, mid, mid, hi): "#fef7e0",
        ("держать в курсе", mid, hi, lo, mid): "#e8f0fe",
        ("наблюдать", lo, mid, lo, mid): "#f1f3f4",
    }
    for (name, x0, x1, y0, y1), color in shades.items():
        ax.axvspan(x0, x1, ymin=(y0 - lo) / (hi - lo), ymax=(y1 - lo) / (hi - lo), color=color, zorder=0)
        ax.text((x0 + x1) / 2, y1 - 0.15, name, ha="center", va="top", fontsize=10, color="#5f6368", fontweight="bold")
    seen: dict[tuple[float, float], int] = {}
    for row in team.dropna(subset=["influence", "interest"]).itertuples():
        spot = (float(row.interest), float(row.influence))
        k = seen.get(spot, 0)
        seen[spot] = k + 1
        color = "#b3261e" if row.coordinator else "#1a73e8"
        ax.scatter([spot[0]], [spot[1]], s=70, color=color, zorder=3)
        ax.annotate(
            row.label, spot, xytext=(0, -9 - 22 * k), textcoords="offset points", fontsize=8, ha="center", va="top"
        )
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_xlabel("Интерес к продукту, баллы 1–5")
    ax.set_ylabel("Влияние на продукт, баллы 1–5")
    ax.set_title(title + "\n(оценки — заготовка курса, уточните их; красным — координатор)")
    fig.tight_layout()
    return fig


def enterprise_baseline(
    ent: Enterprise, region_visitors: float | None = None, region_target: float | None = None
) -> pd.DataFrame:
    """The enterprise's baseline and goals in one Russian table («Показатель», «Значение»).

    With the region's visitors (and target), also the enterprise's share of the regional flow
    and the part of the region's gap its own plan covers.
    """
    rows: list[tuple[str, object]] = [
        ("Предприятие", f"{ent.name} ({ent.town})"),
        ("Цели предприятия (главная первой)", "; ".join(ent.goals)),
        ("Главный результат для предприятия", ent.goal_metric),
        ("Цель по главному результату на следующий год", ent.goal_target),
        ("Гостей за прошлый год, чел.", ent.visitors_last_year),
        ("Экскурсий за прошлый год", ent.tours_last_year),
    ]
    if ent.tours_last_year:
        rows.append(("Средняя группа, чел.", round(ent.visitors_last_year / ent.tours_last_year, 1)))
    rows.append(("Цель по гостям на следующий год, чел.", ent.target_visitors))
    if ent.visitors_last_year:
        rows.append(("Рост к цели по гостям, %", round(100 * (ent.target_visitors / ent.visitors_last_year - 1), 1)))
    if region_visitors:
        rows.append(("Доля в турпотоке региона, %", round(100 * ent.visitors_last_year / region_visitors, 1)))
        if region_target and region_target > region_visitors:
            gap = region_target - region_visitors
            rows.append(
                (
                    "Закрывает разрыв региона до цели, %",
                    round(100 * (ent.target_visitors - ent.visitors_last_year) / gap, 1),
                )
            )
    return pd.DataFrame(rows, columns=["Показатель", "Значение"])
