"""Learners' Markdown as a few plain blocks that both the PDF and the DOCX writers lay out.

Parsing is mistune's (already installed with nbconvert); this module only flattens its syntax
tree into headings, paragraphs, lists, tables and code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

import mistune

_PARSE = mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])
_SOLUTION = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$", re.M)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


@dataclass
class Block:
    kind: str  # heading | paragraph | bullets | numbers | table | code
    runs: list[Run] = field(default_factory=list)  # heading, paragraph, code
    level: int = 0  # heading level
    items: list[list[Run]] = field(default_factory=list)  # list items
    rows: list[list[list[Run]]] = field(default_factory=list)  # table: header row first


def blocks(text: str) -> list[Block]:
    nodes = cast(list[dict], _PARSE(_SOLUTION.sub("", text)))
    return [b for node in nodes for b in _block(node)]


def _block(node: dict) -> list[Block]:
    kind = node["type"]
    if kind == "heading":
        return [Block("heading", _runs(node["children"]), level=node["attrs"]["level"])]
    if kind in ("paragraph", "block_text"):
        return [Block("paragraph", _runs(node["children"]))]
    if kind == "list":
        items = [[r for child in item["children"] for r in _item_runs(child)] for item in node["children"]]
        return [Block("numbers" if node["attrs"].get("ordered") else "bullets", items=items)]
    if kind == "table":
        rows = []
        for part in node["children"]:
            cells_rows = (
                [part["children"]] if part["type"] == "table_head" else [r["children"] for r in part["children"]]
            )
            rows += [[_runs(cell["children"]) for cell in cells] for cells in cells_rows]
        return [Block("table", rows=rows)]
    if kind == "block_code":
        return [Block("code", [Run(node.get("raw", "").rstrip(), code=True)])]
    if kind == "block_quote":
        return [b for child in node["children"] for b in _block(child)]
    if kind == "thematic_break" or kind == "blank_line":
        return []
    text = node.get("raw") or ""
    return [Block("paragraph", [Run(text)])] if text.strip() else []


def _item_runs(node: dict) -> list[Run]:
    if node["type"] == "list":  # a nested list: flatten into the item, one line each
        return [r for item in node["children"] for child in item["children"] for r in [Run("\n– "), *_item_runs(child)]]
    return _runs(node.get("children", [])) if "children" in node else [Run(node.get("raw", ""))]


def _runs(children: list[dict], bold: bool = False, italic: bool = False) -> list[Run]:
    out: list[Run] = []
    for c in children:
        t = c["type"]
        if t in ("text", "inline_html"):
            out.append(Run(_formula(c.get("raw", "")), bold, italic))
        elif t == "codespan":
            out.append(Run(c.get("raw", ""), bold, italic, code=True))
        elif t == "strong":
            out += _runs(c["children"], True, italic)
        elif t in ("emphasis", "strikethrough"):
            out += _runs(c["children"], bold, True)
        elif t == "link":
            out += _runs(c["children"], bold, italic)
        elif t in ("softbreak", "linebreak"):
            out.append(Run(" " if t == "softbreak" else "\n", bold, italic))
        elif "children" in c:
            out += _runs(c["children"], bold, italic)
        else:
            out.append(Run(c.get("raw", ""), bold, italic))
    return out


def _formula(text: str) -> str:
    """Inline TeX as readable text: $\\frac{a}{b}$ is rare in passports; keep the symbols, drop the dollars."""
    return re.sub(
        r"\$([^$]+)\$",
        lambda m: (
            m.group(1)
            .replace("\\cdot", "·")
            .replace("\\times", "×")
            .replace("\\le", "≤")
            .replace("\\ge", "≥")
            .replace("\\", "")
        ),
        text,
    )


def plain(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)
