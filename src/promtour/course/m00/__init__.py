"""Module 0 «Jupyter и Python с нуля»: the intro lesson's self-checks and its table of the course's region."""
