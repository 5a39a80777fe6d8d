"""Course kit «Специалист по организации промышленного туризма».

Subpackages: ``course`` (the six modules: datasets, self-checks, widgets),
``grading`` (the nbgrader trainer pipeline), ``certificates`` (issuing and
verifying completion certificates), ``passport`` (the learner's product passport),
``world`` and ``enterprise`` (the course's fictional region and enterprise profiles).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("promtour")  # the one place is pyproject.toml
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"
