"""The module 2 widget: a seasonality and segment explorer over ``bookings``.

:func:`explore` is the pure computation (testable without a kernel), :func:`draw` turns its
result into a figure, :func:`seasonality_explorer` builds the ipywidgets tool that recomputes
and redraws on every change. The explorer opens on the learner's enterprise (an
:class:`~promtour.enterprise.Enterprise`): a world enterprise shows its own bookings, an own
enterprise the bookings of its analogue within its own regulations (:func:`demand.rows_for`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from promtour.enterprise import Enterprise
from promtour.world import ENTERPRISES, REGION, enterprise

from .demand import MEASURES, MONTHS_RU, SEGMENT_COLORS, SEGMENTS, lead_time_summary, rows_for, seasonal_profile

ALL = "ALL"
ALL_LABEL = f"все предприятия: {REGION.name}"


@dataclass(frozen=True)
class Exploration:
    """What the explorer shows for one choice of segments, enterprise and measure."""

    segments: tuple[str, ...]
    where: str  # Russian name of the selection
    measure: str
    profile: pd.DataFrame  # month 1…12 → mean (per year), index (seasonality index)
    by_segment: pd.DataFrame  # month 1…12 × segment: average per year
    lead_times: pd.Series  # lead time (days) of every selected booking
    lead: dict  # n, median, p80, p90
    bookings: int
    visitors: int
    years: int

    @property
    def peak_month(self) -> int | None:
        idx = self.profile["index"]
        return None if idx.isna().all() else int(idx.idxmax())

    @property
    def low_month(self) -> int | None:
        idx = self.profile["index"]
        return None if idx.isna().all() else int(idx.idxmin())

    def summary(self) -> str:
        """A short Russian summary for the widget (HTML)."""
        who = ", ".join(self.segments) if self.segments else "все сегменты"
        if not self.bookings:
            return f"<b>{self.where}</b> · {who}: заявок нет — выберите другие сегменты или предприятие."
        peak, low = self.peak_month, self.low_month
        assert peak is not None and low is not None  # there are bookings
        return (
            f"<b>{self.where}</b> · {who}: {self.bookings} заявок, {self.visitors} посетителей за {self.years} г. "
            f"Пик — {MONTHS_RU[peak - 1]} (индекс {self.profile['index'][peak]:.2f}), "
            f"провал — {MONTHS_RU[low - 1]} (индекс {self.profile['index'][low]:.2f}). "
            f"Срок бронирования: медиана {self.lead['median']:.0f} дн.; "
            f"80 % заявок приходят в последние {self.lead['p80']:.0f} дн. перед визитом, "
            f"90 % — в последние {self.lead['p90']:.0f} дн."
        )


def explore(
    bookings: pd.DataFrame, segments: Iterable[str] = (), ent: Enterprise | str | None = None, measure: str = "visitors"
) -> Exploration:
    """Monthly profile, seasonality index and lead times of the chosen slice of bookings.

    ``ent``: an :class:`Enterprise`, a world code (``"PMK"``) or None / ``"ALL"`` for the region.
    """
    segments = tuple(segments)
    if isinstance(ent, str) and ent != ALL:
        ent = enterprise(ent)
    if isinstance(ent, Enterprise):
        rows, where = rows_for(bookings, ent), ent.name
    else:
        rows, where = bookings, ALL_LABEL
    if segments:
        rows = rows[rows["segment"].isin(segments)]
    years = max(1, pd.to_datetime(rows["date"]).dt.year.nunique()) if len(rows) else 1
    shown = segments or tuple(s for s in SEGMENTS if (rows["segment"] == s).any())
    return Exploration(
        segments=segments,
        where=where,
        measure=measure,
        profile=seasonal_profile(rows, measure),
        by_segment=_per_year(rows, shown, measure, years),
        lead_times=rows["lead_time_days"].astype(float).reset_index(drop=True),
        lead=lead_time_summary(rows),
        bookings=int(len(rows)),
        visitors=int(rows["group_size"].sum()),
        years=years,
    )


def _per_year(rows: pd.DataFrame, shown: tuple[str, ...], measure: str, years: int) -> pd.DataFrame:
    """Month × segment totals divided by the number of years in the selection."""
    months = pd.to_datetime(rows["date"]).dt.month
    values = rows["group_size"] if measure == "visitors" else pd.Series(1, index=rows.index)
    table = (
        values.groupby([months.rename("month"), rows["segment"].astype(str)]).sum().unstack(fill_value=0)
        if len(rows)
        else pd.DataFrame()
    )
    table = table.reindex(index=range(1, 13), columns=list(shown), fill_value=0).astype(float)
    table.index.name = "month"
    return table / years


def draw(result: Exploration, fig: plt.Figure | None = None) -> plt.Figure:
    """Stacked monthly bars by segment with the seasonality index, and the lead-time histogram."""
    if fig is None:
        fig = plt.figure(figsize=(11, 4.2))
    fig.clear()
    ax, ax_lead = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.7, 1]})
    months = np.arange(1, 13)
    bottom = np.zeros(12)
    for segment in result.by_segment.columns:
        values = result.by_segment[segment].to_numpy()
        ax.bar(months, values, bottom=bottom, color=SEGMENT_COLORS.get(segment, "#999999"), label=segment)
        bottom += values
    ax.set_xticks(months, MONTHS_RU)
    ax.set_xlabel("Месяц визита")
    ax.set_ylabel(f"В среднем за год: {MEASURES[result.measure]}")
    ax.set_title(f"Сезонность: {result.where}", fontsize=10)
    if len(result.by_segment.columns):
        ax.legend(fontsize=8, loc="upper left")
    twin = ax.twinx()
    twin.plot(months, result.profile["index"].to_numpy(), color="black", marker="o", lw=1.5)
    twin.axhline(1.0, color="black", ls=":", lw=1)
    twin.set_ylabel("Индекс сезонности (1 = средний месяц)")
    twin.set_ylim(0, max(2.0, float(np.nanmax(result.profile["index"].to_numpy(), initial=0)) * 1.1))
    lead = result.lead_times.dropna()
    if len(lead):
        ax_lead.hist(lead, bins=np.arange(0, min(lead.max(), 180) + 8, 7), color="#4c72b0", edgecolor="white")
        ax_lead.axvline(result.lead["median"], color="black", lw=1.5, label=f"медиана {result.lead['median']:.0f} дн.")
        ax_lead.axvline(
            result.lead["p90"], color="black", ls="--", lw=1.2, label=f"90 % заявок: {result.lead['p90']:.0f} дн."
        )
        ax_lead.legend(fontsize=8)
    ax_lead.set_title("Срок бронирования", fontsize=10)
    ax_lead.set_xlabel("Дней от заявки до визита")
    ax_lead.set_ylabel("Число заявок")
    fig.text(0.01, 0.005, "Иллюстративные (синтетические) данные курса", fontsize=7, color="#555555")
    fig.tight_layout()
    return fig


def seasonality_explorer(bookings: pd.DataFrame, ent: Enterprise | None = None):
    """The ipywidgets explorer: segments, enterprise and measure → live figure and summary.

    Opens on ``ent`` (the learner's enterprise). The returned box carries ``controls`` (the
    three inputs), ``summary`` (HTML) and ``state["result"]`` (the last :class:`Exploration`).
    """
    import ipywidgets as w
    from IPython.display import display

    choices: dict[str, Enterprise | str] = {e.id: e for e in ENTERPRISES}
    options = [(f"{e.short} ({e.id})", e.id) for e in ENTERPRISES]
    if ent is not None and ent.id not in choices:
        choices[ent.id] = ent
        options.insert(0, (f"{ent.short} — моё предприятие (по аналогу)", ent.id))
    choices[ALL] = ALL
    options.append((ALL_LABEL, ALL))
    segments = w.SelectMultiple(
        options=list(SEGMENTS), value=(), rows=6, description="Сегменты", layout=w.Layout(width="340px")
    )
    chosen = w.Dropdown(
        options=options,
        value=ent.id if ent is not None else ALL,
        description="Предприятие",
        layout=w.Layout(width="460px"),
    )
    measure = w.ToggleButtons(
        options=[("посетители", "visitors"), ("заявки", "bookings")], value="visitors", description="Считать"
    )
    summary = w.HTML()
    out = w.Output()
    state: dict = {}

    def update(*_):
        result = explore(bookings, segments.value, choices[chosen.value], measure.value)
        state["result"] = result
        summary.value = result.summary()
        with out:
            out.clear_output(wait=True)
            fig = draw(result)
            display(fig)
            plt.close(fig)

    for control in (segments, chosen, measure):
        control.observe(update, names="value")
    update()
    box = w.VBox([w.HBox([segments, w.VBox([chosen, measure])]), summary, out])
    box.controls = {"segments": segments, "enterprise": chosen, "measure": measure}
    box.summary = summary
    box.state = state
    return box
