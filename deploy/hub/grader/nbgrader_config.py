# nbgrader configuration of the trainer's (grader's) server on the hub: the course directory
# is $PROMTOUR_HUB_COURSE (set by jupyterhub_config.py), laid out like this repository; the
# gradebook is $PROMTOUR_DB_URL or SQLite in its grading/; the exchange is $PROMTOUR_EXCHANGE.
# The same function configures the course's own nbgrader_config.py and the kit's CLI, so the
# formgrader's «Generate feedback» writes the kit's Russian page (promtour.grading.feedback).
import os

from promtour.grading.config import configure

configure(get_config(), os.environ["PROMTOUR_HUB_COURSE"])  # noqa: F821 (nbgrader injects get_config)
