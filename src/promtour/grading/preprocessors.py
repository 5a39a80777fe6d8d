"""nbgrader preprocessors of the kit."""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade
from traitlets import Bool, Unicode

HIDDEN_NOTE = "# Здесь скрытые тесты: их текст не показывается, результат — ниже."


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback shows that a hidden test failed and its message, never its source.

    Removes ``### BEGIN/END HIDDEN TESTS`` regions from test cells and reduces their
    error outputs to the exception's message (a traceback would quote the hidden code).
    """

    enabled = Bool(True, help="Hide hidden tests in generated feedback.").tag(config=True)
    begin = Unicode("### BEGIN HIDDEN TESTS", help="Start of a hidden region.").tag(config=True)
    end = Unicode("### END HIDDEN TESTS", help="End of a hidden region.").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if not (self.enabled and cell.cell_type == "code" and is_grade(cell) and self.begin in cell.source):
            return cell, resources
        kept, hidden = [], False
        for line in cell.source.splitlines():
            if self.begin in line:
                hidden = True
                kept.append(line[: len(line) - len(line.lstrip())] + HIDDEN_NOTE)
            elif self.end in line:
                hidden = False
            elif not hidden:
                kept.append(line)
        cell.source = "\n".join(kept)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                out["traceback"] = [f"{out.get('ename')}: {out.get('evalue')}"]
        return cell, resources
