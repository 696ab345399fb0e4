"""The layers hold: the headless modules never import Textual or the CLI, no import cycles,
no module over ~300 lines, no CSS outside the stylesheet. Checked on the package tree itself,
so a new module is covered."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tui_nn"
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(module_name(p) for p in PACKAGE.rglob("*.py"))
HEADLESS = [m for m in MODULES if not m.startswith("tui_nn.app") and m != "tui_nn.__main__"]
# The layers below the command line: they must not reach up into it either.
BELOW_CLI = [m for m in HEADLESS if not m.startswith("tui_nn.cli")]

PROBE = """
import importlib, io, sys, contextlib
for name in {modules!r}:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "textual_plotext", "plotext")
                or m.startswith({forbidden!r}))
print(",".join(loaded) or "clean")
"""

RUNS = """
from tui_nn.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(["train", "--iterations", "50"])
    main(["sweep", "--iterations", "50", "--alphas", "0.1,1"])
    main(["train", "--preset", "digits", "--json"])
    main(["train", "--dataset", "spiral", "--layers", "4,4", "--iterations", "20"])
    main(["presets"])
"""


def probe(modules: list[str], forbidden: tuple[str, ...], then: str = "") -> str:
    code = PROBE.format(modules=modules, forbidden=forbidden)
    if then:
        code = code.replace("loaded = sorted", then + "\nloaded = sorted", 1)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_every_headless_module_and_command_leaves_textual_out():
    assert "tui_nn.core.learner" in HEADLESS and "tui_nn.cli.commands" in HEADLESS
    assert probe(HEADLESS, ("tui_nn.app",), RUNS) == "clean"


def test_the_layers_below_the_command_line_never_import_it():
    assert probe(BELOW_CLI, ("tui_nn.cli", "tui_nn.app")) == "clean"


def test_the_engine_imports_numpy_and_itself_only():
    core = [m for m in MODULES if m.startswith("tui_nn.core")]
    assert probe(core, ("tui_nn.run", "tui_nn.io", "tui_nn.data", "tui_nn.cli", "tui_nn.app")) == "clean"


def imports_of(path: Path) -> set[str]:
    """The tui_nn modules a file imports (at any depth of the code: lazy imports count too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tui_nn"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("tui_nn")}
    return {m for m in found if m in MODULES}


def test_no_import_cycles():
    graph = {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if nxt == node or (nxt in node and node.startswith(nxt + ".")):
                continue  # a package's own __init__
            assert state.get(nxt) != "open", "import cycle: " + " -> ".join([*path, node, nxt])
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = "done"

    for module in graph:
        if module not in state:
            visit(module, [])


def test_no_module_is_too_long():
    long = {
        module_name(p): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_styles_live_in_the_stylesheet():
    """No widget carries its own CSS: a DEFAULT_CSS rule ranks below every rule of app.tcss, so one
    that app.tcss also sets (a label's width, say) silently loses, and the look is in two places."""
    inline = sorted(
        module_name(p)
        for p in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(p.read_text()))
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id in ("DEFAULT_CSS", "CSS") for t in node.targets)
    )
    assert inline == []
