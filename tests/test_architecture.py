"""The shape of the code: a thin command line over the core, typer used through its
public hooks only, and a typer range that CI tests at both ends."""

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "liquidator"
CLI = PACKAGE / "cli"
LONGEST_FUNCTION = 50

# What the core decides, by the names it decides them with: none of them may be used by
# a command module (the command passes what was typed to one core function instead).
RULES_IN_THE_CORE = {
    # the as-of filter of `list` (items.list_items)
    "HELD_STATUSES": "items.list_items",
    "changed_after": "items.list_items",
    "as_they_stood": "items.list_items",
    "find_items": "items.list_items",
    "checked_status": "items.list_items",
    # the seller-cancel rule and the desk's questions (cancellations.handle_cancellation)
    "SELLER_REASONS": "cancellations.seller_cancels",
    "BUYER_REASONS": "cancellations.handle_cancellation",
    "STAGES": "cancellations.handle_cancellation",
    "VIAS": "cancellations.handle_cancellation",
    "has_order_data": "cancellations.cancel_rate_report",
    # the missing-item checks (items.find_item, recommend.recommend_for, …)
    "ID_RANGE": "recommend.recommend_for",
    "get_item": "items.find_item",
    "NotFound": "items.find_item",
    "held_codes": "market.observations.held_observations",
    # a sale as typed (sales.sale_from_text) and a listing (sales.record_listing)
    "SaleIn": "sales.sale_from_text",
    "record_sale": "sales.sell_item",
    "mark_listed": "sales.record_listing",
    "read_disposals": "sales.disposals_between",
    # the demo's workspace (demo.run_demo)
    "fill_demo": "demo.run_demo",
    "mkdtemp": "demo.run_demo",
    "default_sqlite_url": "demo.run_demo",
    "rmtree": "demo.run_demo",
    # an export's checks and encoding (exports.run.export_csv)
    "build_export": "exports.run.export_csv",
    "encode_csv": "exports.run.export_csv",
    "check_encoding": "exports.run.export_csv",
    # which settings and which database file a command uses
    "calibrated_settings": "calibration.settings_in_use",
    "sqlite_path": "database_url.file_to_copy",
    "postgres_hint": "database_url.file_to_copy",
    "default_backup_path": "backup.backup_destination",
}
# Where typer keeps what it does not export: importing it, or assigning to anything of
# typer's, is patching its internals.
PRIVATE_MODULE = re.compile(r"(^|\.)_[a-z]")


def _modules(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _functions(tree):
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def _names_used(tree) -> set[str]:
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            used.update(alias.name for alias in node.names)
    return used


def test_no_function_in_the_command_line_is_longer_than_fifty_lines():
    """From its ``def`` to its last line, decorators aside (a command's options are
    declared once, as ``Annotated`` aliases, not in its signature)."""
    long = [
        f"cli/{path.name}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path, tree in _modules(CLI)
        for node in _functions(tree)
        if node.end_lineno - node.lineno + 1 > LONGEST_FUNCTION
    ]
    assert not long, long


def test_the_rules_moved_to_the_core_are_used_by_no_command_module():
    found = [
        f"cli/{path.name} uses {name} (decided in {RULES_IN_THE_CORE[name]})"
        for path, tree in _modules(CLI)
        for name in sorted(_names_used(tree) & RULES_IN_THE_CORE.keys())
    ]
    assert not found, found


def test_every_core_function_the_rules_moved_to_exists_and_takes_keywords_or_one_name():
    """The core functions named above exist, so the list cannot go stale."""
    import importlib

    for where in set(RULES_IN_THE_CORE.values()):
        module_name, _, function = where.rpartition(".")
        module = importlib.import_module(f"liquidator.{module_name}")
        assert callable(getattr(module, function)), where


def test_nothing_of_typer_is_assigned_to_or_imported_from_its_private_modules():
    """No ``typer.core._ = …``, no ``HelpFormatter.write_usage = …``: liquidator extends
    typer by subclassing its public classes (cli/base.py) and never reaches into the
    modules it keeps private (typer._click …)."""
    problems = []
    for path, tree in _modules(PACKAGE):
        from_typer = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in ("typer", "click"):
                        from_typer.add((alias.asname or alias.name).split(".")[0])
                        if PRIVATE_MODULE.search(alias.name):
                            problems.append(f"{path.name}:{node.lineno} imports {alias.name}")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
                "typer",
                "click",
            ):
                from_typer.update(alias.asname or alias.name for alias in node.names)
                private = [a.name for a in node.names if a.name.startswith("_")]
                if PRIVATE_MODULE.search(node.module) or private:
                    problems.append(f"{path.name}:{node.lineno} imports from {node.module}")
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                root = target
                while isinstance(root, ast.Attribute):
                    root = root.value
                if target is not root and isinstance(root, ast.Name) and root.id in from_typer:
                    problems.append(f"{path.name}:{node.lineno} assigns to {ast.unparse(target)}")
    assert not problems, problems


def _class_names_compared(tree):
    """``type(x).__name__`` compared, or kept to compare later (not shown in a message)."""
    for parent in ast.walk(tree):
        if not isinstance(parent, ast.Compare | ast.Assign):
            continue
        for node in ast.iter_child_nodes(parent):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "__name__"
                and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "id", None) == "type"
            ):
                yield node


def test_no_error_is_told_apart_by_its_class_name():
    """The command line catches errors by class (``except typer.TyperException``), never
    recognising one by its ``type(exc).__name__``."""
    found = [
        f"cli/{path.name}:{node.lineno}"
        for path, tree in _modules(CLI)
        for node in _class_names_compared(tree)
    ]
    assert not found, found


def _typer_range() -> tuple[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [typer] = [d for d in project["project"]["dependencies"] if d.startswith("typer")]
    match = re.fullmatch(r"typer>=([\d.]+),<([\d.]+)", typer.replace(" ", ""))
    assert match, f"typer is declared as a tested range typer>=X,<Y, not {typer!r}"
    return match.group(1), match.group(2)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_the_installed_typer_is_in_the_declared_range():
    from importlib.metadata import version

    lowest, below = _typer_range()
    assert _version(lowest) <= _version(version("typer")) < _version(below)


def test_ci_runs_the_suite_again_at_the_lowest_typer_declared():
    lowest, _below = _typer_range()
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"typer=={lowest}" in script


HEAVY = ("sqlalchemy", "sqlmodel", "pandas", "numpy", "matplotlib", "budoux")


def test_help_in_either_language_imports_no_heavy_library():
    """The help classes of cli/base.py stay light: ``--help`` (the root's and a
    command's, in Japanese too) loads none of the libraries a command's work needs
    (BudouX excepted: Japanese help folds at its phrase boundaries, as tables do)."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from liquidator.cli import app\n"
        "for args in (['--help'], ['sell', '--help'], ['--lang', 'ja', 'list', '--help']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0, (args, exc.code)\n"
        f"print(sorted((set({HEAVY!r}) - {{'budoux'}}) & set(sys.modules)))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip().splitlines()[-1] == "[]", ran.stdout[-500:]


def _import_graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """liquidator's modules and what each imports of liquidator: at the top of the
    module (run on import; ``if TYPE_CHECKING:`` blocks left out, they never run), and
    inside functions (run when called), counted apart."""
    import ast

    root = Path(__file__).parent.parent
    names = {
        ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        for path in (root / "liquidator").rglob("*.py")
    }
    top: dict[str, set[str]] = {name: set() for name in names}
    inner: dict[str, set[str]] = {name: set() for name in names}

    def target(node, module: str, is_package: bool) -> list[str]:
        if isinstance(node, ast.Import):
            return [alias.name for alias in node.names]
        base = module if is_package else module.rpartition(".")[0]
        for _level in range(node.level - 1):
            base = base.rpartition(".")[0]
        stem = (f"{base}.{node.module}" if node.module else base) if node.level else node.module
        # ``from package import module`` is an edge to the module; the package's own
        # __init__ counts only when a name is taken from it (as for every parent package,
        # whose __init__ runs first on any import below it).
        modules = [f"{stem}.{alias.name}" for alias in node.names]
        return modules + ([stem] if not all(m in names for m in modules) else [])

    def walk(node, module: str, is_package: bool, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import | ast.ImportFrom):
                found = {t for t in target(child, module, is_package) if t in names}
                (inner if in_function else top)[module].update(found - {module})
            walk(child, module, is_package, nested)

    for name in names:
        path = root / (name.replace(".", "/") + ".py")
        is_package = not path.exists()
        if is_package:
            path = root / name.replace(".", "/") / "__init__.py"
        walk(ast.parse(path.read_text(encoding="utf-8")), name, is_package, False)
    return top, inner


def _a_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` (a path back to its start), or None."""
    done: set[str] = set()
    for start in sorted(graph):
        path: list[str] = []
        on_path: set[str] = set()
        stack = [(start, iter(sorted(graph[start])))]
        if start in done:
            continue
        path.append(start)
        on_path.add(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                on_path.discard(node)
                done.add(node)
            elif child in on_path:
                return path[path.index(child) :] + [child]
            elif child not in done:
                stack.append((child, iter(sorted(graph[child]))))
                path.append(child)
                on_path.add(child)
    return None


def test_the_modules_imported_at_the_top_of_liquidator_form_no_cycle():
    top, inner = _import_graph()
    assert len(top) > 100 and sum(map(len, top.values())) > 100
    assert _a_cycle(top) is None, " → ".join(_a_cycle(top))
    # The message catalogue is below everything: nothing of liquidator's, ever.
    assert not top["liquidator.i18n"] and not inner["liquidator.i18n"]


def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle():
    assert _a_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _a_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_error_of_the_core_names_a_command_line_option():
    """The core names fields (``buckets``); the CLI edge turns a field into its option."""
    import ast

    root = Path(__file__).parent.parent / "liquidator"
    found = []
    for path in root.rglob("*.py"):
        if "cli" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            named = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if name in ("InvalidInput", "check_choice") and named and first.value.startswith("-"):
                found.append(f"{path.relative_to(root)}:{node.lineno} {first.value}")
            elif name == "check_choice" and len(node.args) > 2:
                field = node.args[2]
                if isinstance(field, ast.Constant) and str(field.value).startswith("-"):
                    found.append(f"{path.relative_to(root)}:{node.lineno} {field.value}")
    assert not found, found
