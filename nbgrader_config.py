# nbgrader configuration of this course: the repository root is the course directory.
# solutions/ -> source, assignments/ -> release, grading/{submitted,autograded,feedback}
# and grading/gradebook.db (or $PROMTOUR_DB_URL). See promtour.grading.config.
from pathlib import Path

from promtour.grading.config import configure

configure(get_config(), Path(__file__).resolve().parent)  # noqa: F821 (nbgrader injects get_config)
