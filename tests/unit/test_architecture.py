"""The hexagonal rule: domain code imports only shared_kernel and the standard library."""
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"shared_kernel", "__future__"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module)
    return roots


def test_domain_imports_only_shared_kernel_its_own_domain_and_stdlib():
    offenders = []
    domain_files = sorted(ROOT.glob("services/*/domain/**/*.py")) + sorted(
        ROOT.glob("shared_kernel/**/*.py"))
    assert domain_files, "no domain code found"
    for path in domain_files:
        own = "services." + path.relative_to(ROOT / "services").parts[0] + ".domain" \
            if "services" in path.parts else "shared_kernel"
        for module in imported_roots(path):
            top = module.split(".")[0]
            if top in ALLOWED or top in sys.stdlib_module_names or module.startswith(own):
                continue
            offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []
