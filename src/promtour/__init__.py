"""Course kit «Специалист по организации промышленного туризма».

Subpackages: ``course`` (the six modules: datasets, self-checks, widgets),
``grading`` (the nbgrader trainer pipeline), ``certificates`` (issuing and
verifying completion certificates).
"""

__version__ = "0.1.0"
