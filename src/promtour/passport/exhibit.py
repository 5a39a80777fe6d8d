"""What a notebook cell shows so that its table or figure also lands in the product passport.

The learner sees an ordinary table or figure; the output carries, beside it, a small JSON
payload (``MIME``) that :mod:`promtour.passport.extract` reads back from the graded notebook.
"""

from __future__ import annotations

import base64
import io
import math
from typing import Any

MIME = "application/vnd.promtour.exhibit+json"


def _display(bundle: dict[str, Any]) -> None:
    from IPython.display import display

    display(bundle, raw=True)


def _cell(value: Any) -> Any:
    """A JSON-safe cell value: numbers stay numbers, everything else becomes text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, (int, float)):
        return value
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return str(value)


def table(frame, *, part: str, title: str, note: str = "") -> None:
    """Show a pandas table and record it for passport part ``part``."""
    from .template import part as known_part

    known_part(part)
    data = frame.reset_index() if frame.index.name or getattr(frame.index, "names", [None])[0] else frame
    payload = {
        "kind": "table",
        "part": part,
        "title": title,
        "note": note,
        "columns": [str(c) for c in data.columns],
        "rows": [[_cell(v) for v in row] for row in data.itertuples(index=False, name=None)],
    }
    import pandas as pd

    plain_index = isinstance(frame.index, pd.RangeIndex)  # 0, 1, 2 … says nothing to a reader
    html = f"<p><b>{_escape(title)}</b></p>" + frame.to_html(na_rep="—", index=not plain_index)
    if note:
        html += f"<p><i>{_escape(note)}</i></p>"
    _display({"text/html": html, "text/plain": f"{title}\n{frame}", MIME: payload})


def figure(fig, *, part: str, title: str, note: str = "") -> None:
    """Show a matplotlib figure and record it for passport part ``part``; closes the figure."""
    import matplotlib.pyplot as plt

    from .template import part as known_part

    known_part(part)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    payload = {"kind": "figure", "part": part, "title": title, "note": note}
    _display({"image/png": png, "text/plain": title, MIME: payload})


def show_enterprise(ent) -> None:
    """The enterprise card: the learner sees it, the passport learns which enterprise it is."""
    from dataclasses import asdict

    record = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(ent).items()}
    payload = {"kind": "enterprise", "part": "goals", "title": ent.name, "enterprise": record}
    _display({"text/markdown": ent.card(), "text/plain": ent.name, MIME: payload})


def _escape(text: str) -> str:
    import html

    return html.escape(text)
