"""The learner's feedback page: the kit's Russian template, formulas as MathML.

nbgrader's ``GenerateFeedback`` exports with :class:`FeedbackExporter` (``configure`` sets
``GenerateFeedback.exporter_class``), so the CLI, the trainer's Python API and the hub's
formgrader write the same page. It loads nothing at run time: CSS is embedded and LaTeX in
markdown cells becomes MathML, which browsers render natively (no MathJax, no CDN).
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from jinja2 import pass_context
from latex2mathml.converter import convert
from nbconvert.exporters import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbgrader.preprocessors import GetGrades
from traitlets import default

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "feedback"  # templates/feedback/; nbgrader's API insists on this name for HTMLExporter
_XMLNS = re.compile(r'\sxmlns="[^"]*"')  # HTML5 puts <math> in the MathML namespace by itself


def latex_to_mathml(tex: str, display: bool = False) -> str:
    """``<math>`` for a LaTeX formula; the formula's source, escaped, if it cannot be converted."""
    try:
        mathml = convert(tex.strip(), display="block" if display else "inline")
    except Exception:  # a malformed formula stays readable as text rather than failing the page
        fence = "$$" if display else "$"
        return f'<code class="pt-tex">{escape(fence + tex + fence)}</code>'
    return _XMLNS.sub("", mathml, count=1)


class MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer with math written as MathML instead of left for MathJax."""

    def inline_math(self, body: str) -> str:
        return latex_to_mathml(body)

    def block_math(self, body: str) -> str:
        return latex_to_mathml(body, display=True)

    def latex_environment(self, name: str, body: str) -> str:
        return latex_to_mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True)


class FeedbackExporter(HTMLExporter):
    """HTML export of a graded notebook for the learner (templates/feedback/)."""

    @default("template_name")
    def _template_name_default(self) -> str:
        return TEMPLATE

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(TEMPLATES)]

    @default("exclude_input_prompt")
    def _no_input_prompt(self) -> bool:
        return True  # "In [3]:" means nothing to a learner

    @default("exclude_output_prompt")
    def _no_output_prompt(self) -> bool:
        return True

    @pass_context
    def markdown2html(self, context, source: str) -> str:
        """Markdown of a cell to HTML, as :meth:`HTMLExporter.markdown2html` but with MathML."""
        cell = context.get("cell", {})
        renderer = MathMLRenderer(
            escape=False,
            attachments=cell.get("attachments", {}),
            embed_images=self.embed_images,
            path=context.get("resources", {}).get("metadata", {}).get("path", ""),
            exclude_anchor_links=True,
            **self.lexer_options,
        )
        return MarkdownWithMath(renderer=renderer).render(source)


class GetFeedbackGrades(GetGrades):
    """nbgrader's ``GetGrades`` that also marks points still waiting for the trainer, so the
    page says «ждут проверки» rather than a zero; ``resources["nbgrader"]["waiting"]`` counts them."""

    def _get_score(self, cell, resources) -> None:
        meta = cell.metadata.nbgrader
        grade = self.gradebook.find_grade(meta["grade_id"], self.notebook_id, self.assignment_id, self.student_id)
        meta.update(score=grade.score, points=grade.max_score, waiting=bool(grade.needs_manual_grade))
        if grade.needs_manual_grade:
            resources["nbgrader"]["waiting"] = resources["nbgrader"].get("waiting", 0) + 1
