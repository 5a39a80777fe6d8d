"""The learner: one record, one id rule, one set of name checks and one roster reader.

Intake, the gradebook, the certificates and the hub all take learners from here, so a roster
row accepted by one step is accepted by every later step. Nothing here writes anywhere.
"""

from __future__ import annotations

from .ids import LEARNER_ID, RULE, id_problem
from .names import Learner, fix_lookalikes, name_problems, normalise_spaces
from .roster import RosterError, RosterReport, RowIssue, check_roster, csv_encoding, read_table

__all__ = [
    "LEARNER_ID",
    "RULE",
    "Learner",
    "RosterError",
    "RosterReport",
    "RowIssue",
    "check_roster",
    "csv_encoding",
    "fix_lookalikes",
    "id_problem",
    "name_problems",
    "normalise_spaces",
    "read_table",
]
