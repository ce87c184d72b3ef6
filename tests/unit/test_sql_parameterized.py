"""SQL takes values as parameters only. The Python sources are read with `ast`: a string
that interpolates something into SQL (an f-string, %-formatting, .format, + or str.join)
is a finding where it reaches execute()/text()/exec_driver_sql()/copy()/sql.SQL(),
directly or through a name assigned in the same function or module, and wherever its
text starts like a statement (SELECT, INSERT, ...), whatever it is passed to.

What may be interpolated, reviewed line by line:
- a code constant: an UPPER_CASE name (`{SCHEMA}`, `{LOCK_TIMEOUT}`) or a literal;
- psycopg's composition, which quotes what it composes:
  `sql.SQL("... {}").format(sql.Identifier(name))` (not a string: never a finding);
- identifiers the code itself chose (a schema of a Service declaration, a staging table
  name, a table of a constant list), on a line marked `# sql: identifiers only (why)`:
  the marker (on a line of the string, or a comment line just above it) names where the
  identifiers come from, and is read in review.
"""

from __future__ import annotations

import ast
import io
import re
import textwrap
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("services", "olist_dw", "k8s_operator")
SINKS = {"execute", "executemany", "exec_driver_sql", "text", "copy", "SQL"}
MARKER = re.compile(r"#\s*sql: identifiers only\b(?P<why>.*)$")
CONSTANT = re.compile(r"^_*[A-Z][A-Z0-9_]*$")
STATEMENT = re.compile(
    r"^\s*\(?\s*(SELECT|INSERT|UPDATE|DELETE|MERGE|CREATE|ALTER|DROP|GRANT|REVOKE|COPY"
    r"|TRUNCATE|VACUUM|ANALYZE|REFRESH|SET|LOCK|WITH|COMMENT|EXPLAIN|CALL|NOTIFY)\b"
)


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def findings(source: str, path: str) -> list[Finding]:
    """The string-built SQL of one module that no allowance covers."""
    comments = _comments(source)
    scanned = _Module(ast.parse(source))
    found: set[Finding] = set()
    for string, offenders in scanned.sql_strings():
        lines = range(string.lineno, _end(string) + 1)
        above = string.lineno - 1  # a comment line just above the statement
        marked = [MARKER.search(comments.get(n, "")) for n in (above, *lines)]
        marker = next((m for m in marked if m), None)
        if marker is not None and marker.group("why").strip():
            continue
        names = ", ".join(sorted({ast.unparse(o) for o in offenders}))
        what = (
            f"`# sql: identifiers only` needs the reason after it ({names})"
            if marker is not None
            else f"SQL built from strings interpolates {names}: pass values as parameters"
            " (identifiers: sql.Identifier, or mark the line `# sql: identifiers only (why)`)"
        )
        found.add(Finding(path, string.lineno, what))
    return sorted(found)


def _comments(source: str) -> dict[int, str]:
    """The comments of a module by line (real comments: not a `#` inside a string)."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {t.start[0]: t.string for t in tokens if t.type == tokenize.COMMENT}


def _end(node: ast.AST) -> int:
    return getattr(node, "end_lineno", None) or getattr(node, "lineno", 0)


class _Module:
    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.assigned: dict[tuple[ast.AST, str], list[ast.expr]] = {}
        self.scope_of: dict[ast.AST, ast.AST] = {}
        self._index(tree, tree)

    def _index(self, node: ast.AST, scope: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else scope
            self.scope_of[child] = scope
            if isinstance(child, ast.Assign | ast.AnnAssign | ast.AugAssign) and child.value:
                # x += y: y is what the assignment adds (x's own assignments are read too)
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault((scope, target.id), []).append(child.value)
            self._index(child, inner)

    def sql_strings(self) -> Iterator[tuple[ast.expr, list[ast.expr]]]:
        """Each interpolating string that is SQL, with what it interpolates that is no
        constant."""
        seen: set[ast.AST] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and _called(node) in SINKS:
                for argument in node.args[:1]:
                    for string in self._strings_flowing(argument, node, depth=3):
                        seen.add(string)
            elif _is_string_building(node) and STATEMENT.match(_leading_text(node)):
                seen.add(node)
        for string in sorted(seen, key=lambda s: (s.lineno, s.col_offset)):
            offenders = list(_offenders(string))  # type: ignore[arg-type]
            if offenders:
                yield string, offenders  # type: ignore[misc]

    def _strings_flowing(self, node: ast.expr, at: ast.AST, depth: int) -> Iterator[ast.expr]:
        if _is_string_building(node):
            yield node
        elif isinstance(node, ast.IfExp):
            yield from self._strings_flowing(node.body, at, depth)
            yield from self._strings_flowing(node.orelse, at, depth)
        elif isinstance(node, ast.Name) and not CONSTANT.match(node.id) and depth:
            scope = self._scope(at)
            for where in (scope, self.tree):
                for value in self.assigned.get((where, node.id), []):
                    yield from self._strings_flowing(value, at, depth - 1)

    def _scope(self, node: ast.AST) -> ast.AST:
        scope = self.scope_of.get(node, self.tree)
        while not isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module):
            scope = self.scope_of.get(scope, self.tree)
        return scope


def _called(call: ast.Call) -> str:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else ""


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _is_string_building(node: ast.AST) -> bool:
    """An f-string with a value in it, "..." % x, "...".format(x), "..." + x, "sep".join(x)."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _is_text(node.left)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return any(_is_text(part) for part in _added(node))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("format", "join") and _is_text(node.func.value)
    return False


def _added(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _added(node.left) + _added(node.right)
    return [node]


def _leading_text(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        return first.value if isinstance(first, ast.Constant) else ""
    if isinstance(node, ast.BinOp):
        return _leading_text(node.left)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return _leading_text(node.func.value) if node.func.attr == "format" else ""
    return ""


def _offenders(node: ast.expr) -> Iterator[ast.expr]:
    """What the string interpolates that is not a code constant."""
    if isinstance(node, ast.JoinedStr):
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                yield from _unless_constant(value.value)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        yield from _offenders(node.left)
        parts = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        for part in parts:
            yield from _unless_constant(part)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        for part in _added(node):
            yield from _unless_constant(part)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        yield from _offenders(node.func.value)
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            yield from _unless_constant(argument)


def _unless_constant(node: ast.expr) -> Iterator[ast.expr]:
    if isinstance(node, ast.Constant):
        return
    if isinstance(node, ast.Name) and CONSTANT.match(node.id):
        return
    if isinstance(node, ast.Attribute) and CONSTANT.match(node.attr):
        return
    if _is_text(node) or _is_string_building(node):
        yield from _offenders(node)
        return
    yield node


def sources() -> Iterator[Path]:
    for folder in SOURCES:
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_the_sources_build_no_sql_from_strings() -> None:
    found = [
        str(finding)
        for path in sources()
        for finding in findings(path.read_text(), str(path.relative_to(ROOT)))
    ]
    assert not found, "\n".join(found)


def test_the_scan_reads_every_source_folder() -> None:
    scanned = {path.relative_to(ROOT).parts[0] for path in sources()}
    assert scanned == set(SOURCES)


# --- what the scan finds, and what it lets through ------------------------------------


def scan(code: str) -> list[int]:
    return [finding.line for finding in findings(textwrap.dedent(code), "example.py")]


@pytest.mark.parametrize(
    "code",
    [
        "connection.execute(f\"SELECT * FROM sales.order WHERE id = '{value}'\")",
        "connection.execute(text(f'DELETE FROM t WHERE id = {order.id}'))",
        "cursor.execute('SELECT * FROM t WHERE id = %s' % value)",
        "cursor.execute('SELECT * FROM t WHERE id = %s AND a = %s' % (SCHEMA, value))",
        "cursor.execute('SELECT * FROM t WHERE id = {}'.format(value))",
        "connection.exec_driver_sql('SELECT * FROM t WHERE id = ' + value)",
        "cursor.execute(sql.SQL(f'SELECT {column} FROM t'))",
        "cursor.copy(f'COPY {table} FROM STDIN')  # sql: identifiers only",
        "run(f'UPDATE t SET name = {name}')",
        "query = f'select * from t where id = {value}'\nconnection.execute(text(query))",
    ],
)
def test_string_built_sql_is_found(code: str) -> None:
    assert scan(code) == [1]


def test_a_marker_inside_the_sql_text_is_no_marker() -> None:
    code = """
        connection.execute(text(f\'\'\'
            SELECT * FROM t WHERE id = {value}  # sql: identifiers only (not a comment)
        \'\'\'))
    """
    assert scan(code) == [2]


def test_a_marker_needs_its_reason_and_may_stand_on_the_line_above() -> None:
    assert scan("connection.execute(f'CREATE SCHEMA {schema}')  # sql: identifiers only") == [1]
    code = """
        # sql: identifiers only (the marts of MARTS)
        REFRESH = f\'\'\'
            REFRESH MATERIALIZED VIEW mart.{mart}\'\'\'
    """
    assert scan(code) == []


def test_a_statement_built_in_a_function_is_found_where_it_is_built() -> None:
    code = """
        def orders_of(connection, customer):
            statement = "SELECT * FROM sales.order"
            statement += f" WHERE customer_id = '{customer}'"
            return connection.execute(statement)
    """
    assert scan(code) == [4]


@pytest.mark.parametrize(
    "code",
    [
        "connection.execute(text('SELECT * FROM t WHERE id = :id'), {'id': value})",
        "cursor.execute('SELECT * FROM t WHERE id = %s', (value,))",
        "connection.execute(text(f'SELECT * FROM {SCHEMA}.outbox WHERE n > {_LIMIT}'))",
        "cursor.execute(sql.SQL('SELECT {} FROM t').format(sql.Identifier(column)))",
        "connection.execute(f'CREATE SCHEMA \"{schema}\"')  # sql: identifiers only (ours)",
        "log.info(f'loaded {rows} rows into {table}')",
        "print('SELECT ' + 'constant')",
    ],
)
def test_parameters_constants_composition_and_marked_identifiers_pass(code: str) -> None:
    assert scan(code) == []
