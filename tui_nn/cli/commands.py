"""The commands: the app (no subcommand), ``train``, ``sweep``, ``export``, ``serve``, ``presets``.

Every command takes any run, preset or custom. ``train`` runs the very loop the
app's worker runs (``RunController``), so a custom run stops at divergence with
``diverged at iteration N`` as the app's does. The headless commands never import
Textual; the app is imported only when it is about to run, after every flag has
been checked (bad flags exit 2 with one line on stderr before any screen opens).
"""

from __future__ import annotations

import argparse
import gc
import os
import shlex
import sys
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from tui_nn.cli.flags import config_from_args, flags_of, wants_custom
from tui_nn.core.learner import Learner
from tui_nn.core.validation import Invalid, check_alpha, check_alphas, check_every, check_iterations
from tui_nn.data.dataset import describe
from tui_nn.io.files import target_of
from tui_nn.io.progress import progress
from tui_nn.io.report import sweep_json, sweep_text, train_json, train_text
from tui_nn.run.build import load_data, ready
from tui_nn.run.classify import Scores, scores
from tui_nn.run.config import RunConfig
from tui_nn.run.controller import RunController
from tui_nn.run.presets import PRESETS
from tui_nn.run.sweep import checkpoints, default_every, run_sweep, walk

_CHUNK = 65536


def _loaded(args: argparse.Namespace, *, at_target_ok: bool = False) -> tuple[RunConfig, Learner, dict]:
    """The session of --load, with --alpha applied and the target moved --iterations further; and the
    state a RunController continues (the Learner's, with the session's timeline)."""
    fixed = [f"--{name}" for name in ("preset", "hidden", "seed") if getattr(args, name) is not None]
    if fixed or wants_custom(args):
        given = ", ".join(fixed) or "custom-run flags"
        raise Invalid("load", f"{given} cannot change a loaded session (it keeps its own)")
    from tui_nn.io import session  # only where a session is read or written: not in every start-up

    config, learner, saved = session.load_run(args.load)
    if args.alpha is not None:
        config = replace(config, alpha=check_alpha(args.alpha))
        learner.alpha = saved["alpha"] = config.alpha
    if args.iterations is not None:
        more = check_iterations(args.iterations)
    else:
        more = config.iterations - learner.iteration
        if at_target_ok:
            return config, learner, saved
        if more < 1:
            raise Invalid("iterations", f"{args.load} is at its target already: give --iterations N to go on")
    return replace(config, iterations=learner.iteration + more), learner, saved


def _every(args: argparse.Namespace, config: RunConfig) -> int:
    return default_every(config.iterations) if args.every is None else check_every(args.every)


def _run_scored(
    controller: RunController,
    every: int,
    heard: Callable[[int, np.ndarray], None],
    classes: tuple[str, ...],
    scored: dict[int, Scores],
) -> None:
    """``run_to_target`` in chunks that end at every printed iteration, where the weights are the
    ones that error was measured with: their accuracy and confusion go in ``scored``."""
    controller.start()
    while True:
        t = controller.training
        if t.iteration % every == 0:
            scored[t.iteration] = scores(t, classes)
        if not controller.running:
            break
        first = t.iteration
        controller.run_chunk(min(_CHUNK, every - first % every))
        if len(controller.last_errors):
            heard(first, controller.last_errors)


def cmd_train(args: argparse.Namespace) -> int:
    if args.save:
        _check_save_target(args.save)
    if args.load:
        config, _, saved = _loaded(args)
        controller = RunController(config, saved)
        data = load_data(config)
    else:
        config, data = ready(config_from_args(args))
        controller = RunController(config)
    every = _every(args, config)
    classes = data.classes if config.custom else ()
    scored: dict[int, Scores] = {}
    learner = controller.training
    printed: list[tuple[int, float]] = []
    tests: list[float] = []
    first_iteration = learner.iteration

    with progress(config.iterations - first_iteration, "train") as advance:

        def heard(start: int, errors: np.ndarray) -> None:
            for offset in range(-start % every, len(errors), every):
                printed.append((start + offset, float(errors[offset])))
                if len(learner.last_test_errors):
                    tests.append(float(learner.last_test_errors[offset]))
            advance(start + len(errors) - first_iteration)

        if learner.trainable and classes:
            _run_scored(controller, every, heard, classes, scored)
        elif learner.trainable:
            controller.run_to_target(_CHUNK, heard)
        else:
            controller.step()  # records the forward pass; the ReLU example has nothing to learn
    learner = controller.training
    if classes:
        scored[learner.iteration] = scores(learner, classes)
    if args.save:
        from tui_nn.io import session

        session.save(args.save, config, learner, controller.timeline)
    if args.json:
        print(
            train_json(
                learner, config, printed, every, tests, classes=classes, final=scored.get(learner.iteration)
            )
        )
    else:
        with np.printoptions(threshold=sys.maxsize):
            text = train_text(
                learner, config, printed, tests, notes=describe(data), classes=classes, scored=scored
            )
            print(text)
    return 0


def _grid_axes(args: argparse.Namespace) -> tuple[list[int] | None, list[int] | None] | None:
    """The grid's hidden sizes and seeds when ``--seeds`` or a list of ``--hidden`` asks for a
    grid (None: the alpha sweep, whose table and flags stay as they were)."""
    hidden = None if args.hidden is None else str(args.hidden)
    if args.seeds is None and (hidden is None or "," not in hidden):
        return None
    from tui_nn.run.grid_values import check_hiddens, check_seeds  # grids only: not in every start-up

    return (None if hidden is None else check_hiddens(hidden)), (
        None if args.seeds is None else check_seeds(args.seeds)
    )


def cmd_sweep(args: argparse.Namespace) -> int:
    axes = _grid_axes(args)
    if axes is not None:
        return _grid_sweep(args, *axes)
    config = ready(config_from_args(args))[0]
    alphas = check_alphas(args.alphas)
    every = _every(args, config)
    with progress(config.iterations, f"sweep of {len(alphas)} alphas") as advance:
        try:
            sweep, marks, table = run_sweep(config, alphas, every, advance)
        except ValueError:
            what = config.name if config.custom else f"preset {config.preset}"
            raise Invalid("preset", f"{what} does not train, so it has nothing to sweep") from None
    print(
        sweep_json(config, alphas, marks, table, sweep)
        if args.json
        else sweep_text(config, alphas, marks, table)
    )
    return 0


def _grid_sweep(args: argparse.Namespace, hiddens: list[int] | None, seeds: list[int] | None) -> int:
    """Every alpha x hidden size x seed; the table of final errors (or every run as JSON)."""
    from tui_nn.io.grid_report import grid_json, grid_text
    from tui_nn.run.grid import GridSweep

    config = ready(config_from_args(replace_namespace(args, hidden=None)))[0]
    alphas = check_alphas(args.alphas)
    every = _every(args, config)
    try:
        grid = GridSweep(config, alphas, hiddens, seeds)
    except ValueError as exc:
        if isinstance(exc, Invalid):
            raise
        what = config.name if config.custom else f"preset {config.preset}"
        raise Invalid("preset", f"{what} does not train, so it has nothing to sweep") from None
    reached: tuple[GridSweep, list[int], np.ndarray] | None = None
    with progress(config.iterations, f"grid of {len(grid.runs)} runs") as advance:
        for reached in walk(grid, checkpoints(config.iterations, every), config.iterations, _CHUNK):
            advance(reached[0].iteration)
    assert reached is not None  # at least one chunk: iterations >= 1
    _, marks, table = reached
    state = grid.state()
    print(grid_json(config, state, marks, table) if args.json else grid_text(config, state))
    return 0


def replace_namespace(args: argparse.Namespace, **changes: object) -> argparse.Namespace:
    """A copy of parsed flags with some changed (the grid's hidden sizes are not the run's)."""
    return argparse.Namespace(**{**vars(args), **changes})


def cmd_export(args: argparse.Namespace) -> int:
    if not (args.script or args.weights or args.history):
        raise Invalid("export", "say what to export: --script PATH, --weights PATH and/or --history PATH")
    from tui_nn.io import session
    from tui_nn.io.export import export

    config, learner = session.load(args.session)
    for line in export(config, learner, script_path=args.script, weights_path=args.weights,
                       history_path=args.history):  # fmt: skip
        print(line)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The same app, one per browser tab, through textual-serve, for whoever holds the printed
    link (its token): see ``tui_nn.cli.serve``."""
    config = ready(config_from_args(args))[0]
    port = _check_port(args.port)
    try:
        from tui_nn.cli.serve import serve
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in ("textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2"):
            raise
        raise Invalid(
            "serve", "serving in a browser needs the serve extra: pip install 'tui_nn[serve]'"
        ) from None
    command = shlex.join([sys.executable, "-m", "tui_nn", *flags_of(config), "--pace", str(args.pace.text)])
    return serve(command, host=args.host, port=port, max_apps=args.max_apps, public_url=args.public_url)


def _check_port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise Invalid("port", f"port must be an integer from 1 to 65535, got {text!r}")
    return port


def cmd_presets(args: argparse.Namespace) -> int:
    for p in PRESETS.values():
        hidden = f", H {p.hidden}" if p.hidden is not None else ""
        defaults = f"alpha {p.alpha:g}{hidden}, seed {p.seed}, {p.iterations} it, {p.metric.upper()}"
        if not p.trainable:
            defaults = "forward only"
        print(f"{p.name:<13} {p.summary} ({defaults})")
    return 0


def _check_save_target(path: str) -> None:
    """--save: fail now, not after an hour of training, if the target or its folder cannot take it
    (a FIFO, a device or a folder is never replaced; a symlink is checked where it points)."""
    try:
        target = target_of(path)
    except Invalid as exc:
        raise Invalid("save", f"--save {exc}") from None
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise Invalid("save", f"--save {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise Invalid("save", f"--save {path}: the folder {folder} is not writable")


def cmd_app(args: argparse.Namespace) -> int:
    saved = None
    if args.load:
        config, _, saved = _loaded(args, at_target_ok=True)
    else:
        # A custom run is checked (and its CSV read) before any screen opens.
        config = ready(config_from_args(args))[0]
    if args.save:
        _check_save_target(args.save)
    from tui_nn.worker.children import prepare

    prepare()  # the fork server imports the engine for the training process while Textual is imported
    gc.disable()  # start-up makes objects that all live on: the app freezes them after its first frame
    from tui_nn.app.launch import run_app

    return run_app(config, saved=saved, load=args.load, save=args.save, pace=args.pace, theme=args.theme)
