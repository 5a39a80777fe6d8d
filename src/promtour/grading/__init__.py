"""The trainer pipeline over nbgrader: build, collect, autograde, feedback, export."""
