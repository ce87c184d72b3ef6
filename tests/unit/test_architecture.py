"""The hexagonal rule: domain code imports only shared_kernel and the standard library,
and of the standard library nothing that does I/O or reads the clock: a domain rule gives
the same answer for the same input, wherever and whenever it runs. (The layer contracts
between packages are import-linter's, in pyproject.toml, run by `make lint`.)"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"shared_kernel", "__future__"}
# standard-library modules that reach outside the process (files, network, processes,
# databases) or depend on where and when the code runs
IO_MODULES = {
    "os",
    "io",
    "socket",
    "subprocess",
    "sqlite3",
    "urllib",
    "http",
    "shutil",
    "pathlib",
    "tempfile",
    "glob",
    "asyncio",
    "threading",
    "multiprocessing",
    "ssl",
    "select",
    "selectors",
    "signal",
    "logging",
    "random",
    "secrets",
    "time",
    "ftplib",
    "smtplib",
    "email",
    "csv",
    "json",
    "pickle",
    "shelve",
    "dbm",
    "zipfile",
    "tarfile",
    "gzip",
    "webbrowser",
    "ctypes",
    "platform",
    "sys",
}
CLOCK_READS = {"now", "utcnow", "today", "time", "monotonic", "perf_counter"}


def domain_files() -> list[Path]:
    files = sorted(ROOT.glob("services/*/domain/**/*.py")) + sorted(
        ROOT.glob("shared_kernel/**/*.py")
    )
    assert files, "no domain code found"
    return files


def own_package(path: Path) -> str:
    if "services" in path.parts:
        return "services." + path.relative_to(ROOT / "services").parts[0] + ".domain"
    return "shared_kernel"


def imported_modules(tree: ast.AST) -> set[str]:
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def import_problems(path: Path, tree: ast.AST) -> list[str]:
    problems = []
    for module in imported_modules(tree):
        top = module.split(".")[0]
        if top in IO_MODULES:
            problems.append(f"imports {module} (I/O or the clock)")
        elif not (
            top in ALLOWED or top in sys.stdlib_module_names or module.startswith(own_package(path))
        ):
            problems.append(f"imports {module}")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            problems.append(
                f"imports {'.' * node.level}{node.module or ''} (relative: "
                "name the domain module absolutely, never an adapter)"
            )
    return problems


def clock_reads(tree: ast.AST) -> list[str]:
    """`datetime.now()`, `date.today()`, `time.time()` and the like: a domain rule takes
    the moment it needs as an argument ("as of")."""
    return [
        f"reads the clock: .{node.func.attr}() at line {node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCK_READS
    ]


def problems_of(source: str, path: Path) -> list[str]:
    tree = ast.parse(source)
    return import_problems(path, tree) + clock_reads(tree)


def test_domain_imports_only_shared_kernel_its_own_domain_and_pure_stdlib():
    offenders = [
        f"{path.relative_to(ROOT)} {problem}"
        for path in domain_files()
        for problem in problems_of(path.read_text(), path)
    ]
    assert offenders == []


def test_the_rule_refuses_io_relative_imports_and_clock_reads():
    somewhere = ROOT / "services" / "sales" / "domain" / "order.py"
    assert problems_of("import subprocess", somewhere) == ["imports subprocess (I/O or the clock)"]
    assert problems_of("from os import path", somewhere) == ["imports os (I/O or the clock)"]
    assert problems_of("from ..adapters import repository", somewhere)[0].startswith(
        "imports ..adapters (relative"
    )
    assert problems_of("from datetime import datetime\nx = datetime.now()", somewhere) == [
        "reads the clock: .now() at line 2"
    ]
    assert problems_of("from services.sales.domain.lines import OrderItem", somewhere) == []
    assert problems_of("from services.chassis import bulk", somewhere) == [
        "imports services.chassis"
    ]
