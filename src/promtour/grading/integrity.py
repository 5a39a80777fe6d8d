"""Integrity scan of a submission: code a trainer should look at, for review, not for punishment.

``scan(notebook)`` reads the learner's code cells (the instructor's locked and test cells are
skipped: nbgrader restores them before grading) and flags code that

* touches ``builtins`` or redefines built-in names (``print``, ``open``, ``AssertionError``…);
* monkeypatches the testing helpers (``promtour.gradetools``, ``promtour.compare``, ``expect_*``);
* reads or writes files outside its folder (absolute paths, ``..``, ``~``);
* imports ``promtour.course`` (exercise declarations hold reference answers);
* spawns processes (``subprocess``, ``os.system``, ``os.fork``, ``!shell`` …);
* hooks into the kernel (``sys.settrace``, IPython events, ``ctypes``) or reaches the network.

A flag is a reason to open the notebook, not a verdict: the sandbox already blocks most of these
(see ``docs/sandbox.md``), and some have innocent explanations.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

KINDS = {
    "builtins": "встроенные функции",
    "gradetools": "подмена проверок",
    "files": "файлы вне папки работы",
    "answers": "эталонные ответы курса",
    "processes": "запуск процессов",
    "hooks": "вмешательство в ядро",
    "network": "сеть",
}

TEST_HELPERS = ("promtour.gradetools", "promtour.compare")
ANSWER_MODULES = ("promtour.course",)
PROCESS_MODULES = ("subprocess", "pty", "multiprocessing", "pexpect", "sh", "plumbum")
PROCESS_CALLS = {
    "system",
    "popen",
    "fork",
    "forkpty",
    "spawnl",
    "spawnle",
    "spawnlp",
    "spawnlpe",
    "spawnv",
    "spawnve",
    "spawnvp",
    "spawnvpe",
    "posix_spawn",
    "posix_spawnp",
    "execl",
    "execle",
    "execlp",
    "execlpe",
    "execv",
    "execve",
    "execvp",
    "execvpe",
    "kill",
    "killpg",
}
NETWORK_MODULES = ("socket", "urllib", "http", "requests", "httpx", "aiohttp", "ftplib", "smtplib", "telnetlib", "ssl")
HOOK_MODULES = ("ctypes", "cffi", "gc")
HOOK_CALLS = {"settrace", "setprofile", "addaudithook", "set_trace", "register", "reload"}
# built-in names whose redefinition changes how tests behave
BUILTIN_OVERRIDES = frozenset(
    {
        "print",
        "open",
        "len",
        "round",
        "abs",
        "sum",
        "min",
        "max",
        "sorted",
        "isinstance",
        "float",
        "int",
        "str",
        "type",
        "getattr",
        "setattr",
        "__import__",
        "compile",
        "exec",
        "eval",
        "AssertionError",
        "Exception",
        "BaseException",
    }
)
MAGIC_PROCESS = re.compile(r"^\s*(!|%+(?:system|sx|bash|sh|script|!)\b)", re.M)


@dataclass(frozen=True)
class Flag:
    kind: str  # one of KINDS
    cell: int  # index of the cell in the notebook
    grade_id: str | None  # nbgrader id of the cell, if any
    line: int  # 1-based line within the cell
    code: str  # that line, stripped
    reason: str  # Russian, for the trainer

    def __str__(self) -> str:
        where = f"ячейка {self.cell}" + (f" ({self.grade_id})" if self.grade_id else "") + f", строка {self.line}"
        return f"[{KINDS.get(self.kind, self.kind)}] {where}: {self.reason} — `{self.code}`"


def scan(notebook: nbformat.NotebookNode | Path | str) -> list[Flag]:
    """Flags for the learner's code in ``notebook`` (a notebook or a path to one), in cell order."""
    nb = notebook if isinstance(notebook, nbformat.NotebookNode) else nbformat.read(str(notebook), as_version=4)
    flags: list[Flag] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or _instructors(cell):
            continue
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        flags += _scan_cell(cell.source, index, gid)
    return flags


def _instructors(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("locked") or (meta.get("grade") and not meta.get("solution")))


def _scan_cell(source: str, index: int, gid: str | None) -> list[Flag]:
    lines = source.splitlines()
    found: dict[tuple[str, int], str] = {}

    def flag(kind: str, lineno: int, reason: str) -> None:
        found.setdefault((kind, lineno), reason)

    for match in MAGIC_PROCESS.finditer(source):
        flag("processes", source.count("\n", 0, match.start()) + 1, "выполняет команду оболочки из ячейки")
    tree = _parse(source)
    if tree is None:
        for i, line in enumerate(lines, 1):  # does not parse: a plain text look at the worst cases
            if re.search(r"\b(builtins|subprocess|os\.system|os\.fork|promtour\.course|gradetools)\b", line):
                flag("hooks", i, "код не разбирается, но упоминает опасные имена")
    else:
        _Visitor(flag).visit(tree)
    return [
        Flag(kind, index, gid, line, lines[line - 1].strip() if 0 < line <= len(lines) else "", reason)
        for (kind, line), reason in sorted(found.items(), key=lambda item: item[0][1])
    ]


def _parse(source: str) -> ast.AST | None:
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        source = TransformerManager().transform_cell(source)  # %magic and !shell -> get_ipython() calls
    except Exception:  # noqa: BLE001 - IPython missing or cannot transform: parse as is
        pass
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def _dotted(node: ast.AST) -> str:
    """``a.b.c`` for Name/Attribute chains, else ''."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):  # get_ipython().events.register -> get_ipython().events.register
        inner = _dotted(node.func)
        return ".".join([inner + "()", *reversed(parts)]) if inner else ""
    return ""


def _in(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _outside_path(text: str) -> bool:
    if "://" in text:
        return False
    return (
        text.startswith(("/", "~", "\\"))
        or re.match(r"^[A-Za-z]:[\\/]", text) is not None
        or text == ".."
        or text.startswith(("../", "..\\"))
        or "/../" in text
        or "\\..\\" in text
    )


class _Visitor(ast.NodeVisitor):
    def __init__(self, flag):
        self.flag = flag
        self.aliases: dict[str, str] = {}  # local name -> module it stands for

    # --- imports ---
    def _imported(self, module: str, node: ast.AST, name: str | None = None) -> None:
        full = f"{module}.{name}" if name else module
        line = getattr(node, "lineno", 0)
        if module == "builtins" or module == "__builtin__":
            self.flag("builtins", line, "импортирует builtins: может подменить встроенные функции")
        if _in(full, ANSWER_MODULES) or _in(module, ANSWER_MODULES):
            self.flag("answers", line, "импортирует promtour.course — там эталонные ответы упражнений")
        if _in(module, PROCESS_MODULES):
            self.flag("processes", line, f"импортирует {module}: запуск других процессов")
        if _in(module, NETWORK_MODULES):
            self.flag("network", line, f"импортирует {module}: попытка выйти в сеть")
        if _in(module, HOOK_MODULES):
            self.flag("hooks", line, f"импортирует {module}: низкоуровневый доступ к интерпретатору")

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._imported(alias.name, node)
            self.aliases[alias.asname or alias.name.split(".")[0]] = (
                alias.name if alias.asname else alias.name.split(".")[0]
            )
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        for alias in node.names:
            self._imported(module, node, alias.name)
            self.aliases[alias.asname or alias.name] = f"{module}.{alias.name}"
        self.generic_visit(node)

    def _resolve(self, dotted: str) -> str:
        head, _, rest = dotted.partition(".")
        base = self.aliases.get(head, head)
        return f"{base}.{rest}" if rest else base

    # --- names and assignments ---
    def visit_Name(self, node: ast.Name) -> None:
        if node.id in ("__builtins__", "__builtin__"):
            self.flag("builtins", node.lineno, "обращается к __builtins__: может подменить встроенные функции")
        self.generic_visit(node)

    def _assigned(self, target: ast.AST, line: int) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._assigned(element, line)
            return
        if isinstance(target, ast.Name):
            name = target.id
            if name == "expect" or name.startswith("expect_") or _in(self.aliases.get(name, ""), TEST_HELPERS):
                self.flag("gradetools", line, f"переопределяет {name} — функцию, которой проверяются ответы")
            elif name in BUILTIN_OVERRIDES:
                self.flag("builtins", line, f"переопределяет встроенное имя {name}")
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            dotted = self._resolve(_dotted(target.value))
            if _in(dotted, TEST_HELPERS) or dotted == "promtour":
                self.flag("gradetools", line, f"меняет модуль проверок {dotted}")
            if dotted in ("builtins", "__builtins__"):
                self.flag("builtins", line, "подменяет встроенную функцию через builtins")
            if dotted == "sys.modules":
                self.flag("hooks", line, "подменяет модуль в sys.modules")

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._assigned(target, node.lineno)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._assigned(node.target, node.lineno)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._assigned(node.target, node.lineno)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._assigned(ast.Name(id=node.name), node.lineno)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]  # the same check for async def

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._assigned(ast.Name(id=node.name), node.lineno)
        self.generic_visit(node)

    # --- calls ---
    def visit_Call(self, node: ast.Call) -> None:
        dotted = self._resolve(_dotted(node.func))
        last = dotted.rsplit(".", 1)[-1]
        line = node.lineno
        if (
            dotted.startswith("os.")
            and last in PROCESS_CALLS
            or dotted in ("get_ipython().system", "get_ipython().getoutput")
        ):
            self.flag("processes", line, f"вызывает {dotted}: запуск или остановка процессов")
        if (
            dotted == "get_ipython().run_cell_magic"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in ("bash", "sh", "script", "system", "sx")
        ):
            self.flag("processes", line, "выполняет ячейку оболочки")
        if _in(dotted, PROCESS_MODULES):
            self.flag("processes", line, f"вызывает {dotted}: запуск других процессов")
        if dotted in ("setattr", "delattr") and node.args:
            owner = self._resolve(_dotted(node.args[0]))
            if _in(owner, TEST_HELPERS) or owner in ("builtins", "__builtins__"):
                kind = "builtins" if owner in ("builtins", "__builtins__") else "gradetools"
                self.flag(kind, line, f"меняет атрибут модуля {owner} через {dotted}")
        if dotted in ("__import__", "importlib.import_module") and node.args and isinstance(node.args[0], ast.Constant):
            module = str(node.args[0].value)
            self._imported(module, node)
        if last in HOOK_CALLS and (
            dotted.startswith(("sys.", "importlib.", "pdb.", "bdb."))
            or ".events." in dotted
            or dotted.endswith("events.register")
        ):
            self.flag("hooks", line, f"вызывает {dotted}: вмешивается в выполнение других ячеек")
        if dotted in ("exec", "eval", "compile") and node.args and not isinstance(node.args[0], ast.Constant):
            self.flag("hooks", line, f"{dotted} от вычисляемой строки: проверка не видит, что выполняется")
        for arg in [
            *node.args[:1],
            *(k.value for k in node.keywords if k.arg in ("file", "path", "filepath_or_buffer", "fname", "filename")),
        ]:
            text = _literal_text(arg)
            if text is not None and _outside_path(text):
                self.flag("files", line, f"обращается к пути вне папки работы: {text!r}")
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:  # Path("data") / ".." / "x"
        if isinstance(node.op, ast.Div):
            text = _literal_text(node.right)
            if text is not None and (text == ".." or _outside_path(text)):
                self.flag("files", node.lineno, f"строит путь вне папки работы: {text!r}")
        self.generic_visit(node)


def _literal_text(node: ast.AST) -> str | None:
    """The text of a string literal or the literal start of an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return str(node.values[0].value)
    return None
