"""The shape of the code, checked: no import cycles between product modules (an import inside
a function counts: it only hides the cycle), apps import only the apps they build on, no module
over 600 lines, no view over 40 lines. README.md ("Architecture") draws the picture."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PRODUCT_PACKAGES = ("accounts", "campaigns", "criteria", "awards", "reporting", "config")
MAX_MODULE_LINES = 600
MAX_VIEW_LINES = 40


def product_modules() -> dict[str, Path]:
    modules = {}
    for package in PRODUCT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """Product modules this module imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            # `from reporting import selectors` imports reporting.selectors; `from x import f`, x.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = product_modules()
    known = set(modules)
    graph = {name: imports_of(path, name, known) for name, path in modules.items()}
    # A package's __init__ importing its own submodules is how packages re-export; it is not a
    # cycle when the submodule imports a sibling through the package.
    for name in graph:
        graph[name] = {t for t in graph[name] if not (name.startswith(t + ".") and t in modules)}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_between_product_modules():
    assert cycles(import_graph()) == []


def test_the_cycle_check_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_base_app_imports_no_app_built_on_it():
    graph = import_graph()
    outward = {(m, t) for m, targets in graph.items() if m.startswith("accounts") for t in targets}
    assert {(m, t) for m, t in outward if not t.startswith("accounts")} == set()


# The apps in the order they build on each other. An app may import the apps before it; of the
# apps after it, the plan's base app `campaigns` reads only the models (and reference data) of
# the plan's parts that the design card puts there: award sections, deadlines.
LAYERS = ("accounts", "criteria", "campaigns", "awards", "reporting")
PLAN_PARTS = {"awards.models", "awards.reference", "reporting.models"}


def layer_violations(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    wrong = set()
    for module, targets in graph.items():
        app = module.split(".")[0]
        for target in targets:
            other = target.split(".")[0]
            upward = app in LAYERS and other in LAYERS and LAYERS.index(other) > LAYERS.index(app)
            plan_part = app == "campaigns" and any(target.startswith(part) for part in PLAN_PARTS)
            if upward and not plan_part:
                wrong.add((module, target))
    return wrong


def test_apps_import_only_the_apps_they_build_on():
    assert layer_violations(import_graph()) == set()


def test_the_layer_check_finds_an_upward_import():
    graph = {"campaigns.views": {"awards.selectors", "awards.models"}, "awards.x": {"reporting.models"}}
    assert layer_violations(graph) == {("campaigns.views", "awards.selectors"), ("awards.x", "reporting.models")}


def test_no_product_module_is_over_600_lines():
    long = {
        name: n
        for name, path in product_modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_view_function_is_over_40_lines():
    long = {}
    for name, path in product_modules().items():
        if ".views" not in f".{name}" and not name.endswith("views"):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([d.lineno for d in node.decorator_list] + [node.lineno])
                if node.end_lineno - start + 1 > MAX_VIEW_LINES:
                    long[f"{name}.{node.name}"] = node.end_lineno - start + 1
    assert long == {}
