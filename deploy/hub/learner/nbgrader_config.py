# nbgrader configuration of a learner's server on the hub: one course, the shared exchange.
# Fetched assignments land in the learner's home as <assignment>/ (the Assignments tab).
import os

from promtour.grading.config import CELL_TIMEOUT_S, COURSE_ID

c = get_config()  # noqa: F821 (nbgrader injects get_config)
c.CourseDirectory.course_id = COURSE_ID
c.Exchange.root = os.environ["PROMTOUR_EXCHANGE"]
c.Exchange.path_includes_course = False
# "Validate" runs the learner's notebook with the same per-cell limit as the autograder
c.ExecutePreprocessor.timeout = CELL_TIMEOUT_S
