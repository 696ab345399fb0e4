"""A custom run's options, checked once for the command line and the settings screen alike.

``custom_config(**values)`` takes typed values or the text a user typed (flags,
fields); a bad one raises ``Invalid`` naming its field, so the CLI prints one
line and the settings screen puts the message next to that field. ``ready``
loads the data and fills what depends on it (a linear output for regression
targets), which is where a broken CSV is caught. Numpy only.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import ClassVar

from tui_nn.datasets import GENERATORS, Dataset, generate, load_csv
from tui_nn.model import HIDDEN_ACTIVATIONS, INITS, OPTIMIZERS, SCHEDULES, Spec
from tui_nn.validation import Invalid, check_alpha, check_hidden, check_iterations, check_seed

DATASETS = (*GENERATORS, "csv")
# Defaults of a custom run: a playground's (bias units, Xavier initialisation, momentum, a small
# alpha since the loss is summed over rows), under which every generated dataset, the spiral
# included, is learned in a few thousand iterations. The presets keep the tutorials' own.
DEFAULT_ALPHA = 0.003
OUTPUTS = ("auto", "sigmoid", "linear")


@dataclass(frozen=True)
class CustomConfig:
    """Everything that defines a custom run (small and picklable: the worker gets it).

    ``dataset`` is a generator's name or "csv" (then ``data`` is the file). ``preset``
    is "custom" so the parts of the app that name a run can name this one too.
    """

    dataset: str = "xor"
    data: str | None = None
    target: str | None = None
    layers: tuple[int, ...] = (4,)
    activation: str = "sigmoid"
    output: str = "auto"  # auto: linear for regression targets, else sigmoid (``ready`` decides)
    bias: bool = True
    init: str = "xavier"
    loss: str = "mse"
    error: str = "mse"
    optimizer: str = "momentum"
    momentum: float = 0.9
    batch: int | str = "full"
    l1: float = 0.0
    l2: float = 0.0
    dropout: float = 0.0
    schedule: str = "constant"
    decay: float = 0.5
    period: int = 1000
    noise: float = 0.0
    test: float = 0.5
    points: int = 200
    seed: int = 1
    alpha: float = DEFAULT_ALPHA
    iterations: int = 3000

    preset: ClassVar[str] = "custom"

    @property
    def hidden(self) -> str:
        """The layer sizes as typed ('8,8'): the controls' hidden field shows and takes them."""
        return ",".join(str(h) for h in self.layers)

    @property
    def metric(self) -> str:
        return self.error

    def with_(self, **changes: object) -> CustomConfig:
        """A checked copy; ``hidden`` means the layer sizes (text '8,8' or a tuple)."""
        if "hidden" in changes:
            changes["layers"] = changes.pop("hidden")
        return custom_config(**{**asdict(self), **changes})

    def values(self) -> dict[str, object]:
        return asdict(self)

    def __repr__(self) -> str:
        data = self.data if self.dataset == "csv" else self.dataset
        return f"CustomConfig({data}, layers={self.hidden}, {self.activation}, alpha={self.alpha:g})"


def resized(config: object, delta: int) -> object:
    """The hidden size one step bigger or smaller: every layer of a custom net, else the preset's H."""
    if isinstance(config, CustomConfig):
        return tuple(max(1, h + delta) for h in config.layers)
    return (getattr(config, "hidden", None) or 0) + delta


def _text(value: object) -> str:
    return str(value).strip()


def number(
    field: str, value: object, default: float, low: float, high: float, *, below: bool = False
) -> float:
    """A finite number in [low, high] (or [low, high) with ``below``), from a value or text."""
    if value is None:
        return default
    try:
        result = float(_text(value)) if not isinstance(value, bool) else math.nan
    except ValueError:
        result = math.nan
    if not (math.isfinite(result) and low <= result and (result < high if below else result <= high)):
        bound = f"below {high:g}" if below else f"at most {high:g}"
        raise Invalid(field, f"{field} must be a number from {low:g}, {bound}, got {_text(value)!r}")
    return result


def choice(field: str, value: object, default: str, allowed: tuple[str, ...]) -> str:
    if value is None:
        return default
    if _text(value) not in allowed:
        raise Invalid(field, f"{field} must be one of {', '.join(allowed)}, got {_text(value)!r}")
    return _text(value)


def layer_sizes(value: object) -> tuple[int, ...]:
    parts = (
        list(value) if isinstance(value, tuple | list) else [p for p in _text(value).split(",") if p.strip()]
    )
    try:
        if not parts:
            raise Invalid("layers", "")
        return tuple(check_hidden(p) for p in parts)
    except Invalid:
        shown = ",".join(str(p) for p in parts) if isinstance(value, tuple | list) else _text(value)
        raise Invalid("layers", f"layers must be sizes 1..4096 separated by commas, got {shown!r}") from None


def batch_size(value: object) -> int | str:
    if value is None or _text(value) in ("full", "online"):
        return "full" if value is None else _text(value)
    return int(number("batch", value, 1, 1, 10**9))


def activations(value: object, layers: tuple[int, ...]) -> str:
    """One hidden activation for all layers ('tanh') or one per hidden layer ('tanh,relu')."""
    if value is None:
        return "sigmoid"
    names = [part.strip().lower() for part in _text(value).split(",")]
    allowed = ", ".join(HIDDEN_ACTIVATIONS)
    if any(name not in HIDDEN_ACTIVATIONS for name in names):
        raise Invalid("activation", f"activation must be {allowed} (or one per layer), got {_text(value)!r}")
    if len(names) not in (1, len(layers)):
        raise Invalid(
            "activation",
            f"{len(names)} activations for {len(layers)} hidden layers: give one, or one per layer",
        )
    return ",".join(names)


def flag(field: str, value: object) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    text = _text(value).lower()
    if text in ("on", "yes", "true", "1"):
        return True
    if text in ("off", "no", "false", "0", ""):
        return False
    raise Invalid(field, f"{field} must be on or off, got {_text(value)!r}")


def custom_config(**values: object) -> CustomConfig:
    """Check every option (None: its default); the first bad one raises ``Invalid`` naming it."""
    unknown = set(values) - set(CustomConfig.__dataclass_fields__)
    if unknown:
        raise TypeError(f"unknown options: {', '.join(sorted(unknown))}")
    get = values.get
    dataset = choice("dataset", get("dataset"), "xor", DATASETS)
    data = None if get("data") in (None, "") else _text(get("data"))
    if data is not None and get("dataset") is None:
        dataset = "csv"
    if dataset == "csv" and data is None:
        raise Invalid("data", "choose a CSV file for the csv dataset")
    target = None if get("target") in (None, "") else _text(get("target"))
    output = choice("output", get("output"), "auto", OUTPUTS)
    losses = ("mse",) if output == "linear" else ("mse", "bce")
    layers = (4,) if get("layers") is None else layer_sizes(get("layers"))
    config = CustomConfig(
        dataset=dataset,
        data=data if dataset == "csv" else None,
        target=target if dataset == "csv" else None,
        layers=layers,
        activation=activations(get("activation"), layers),
        output=output,
        bias=True if get("bias") is None else flag("bias", get("bias")),
        init=choice("init", get("init"), "xavier", INITS),
        loss=choice("loss", get("loss"), "mse", losses),
        error=choice("error", get("error"), "mse", ("mae", "mse")),
        optimizer=choice("optimizer", get("optimizer"), "momentum", OPTIMIZERS),
        momentum=number("momentum", get("momentum"), 0.9, 0.0, 1.0, below=True),
        batch=batch_size(get("batch")),
        l1=number("l1", get("l1"), 0.0, 0.0, 1e6),
        l2=number("l2", get("l2"), 0.0, 0.0, 1e6),
        dropout=number("dropout", get("dropout"), 0.0, 0.0, 1.0, below=True),
        schedule=choice("schedule", get("schedule"), "constant", SCHEDULES),
        decay=number("decay", get("decay"), 0.5, 1e-9, 1e9),
        period=int(number("period", get("period"), 1000, 1, 10**12)),
        noise=number("noise", get("noise"), 0.0, 0.0, 1.0),
        test=number("test", get("test"), 0.0 if dataset == "csv" else 0.5, 0.0, 1.0, below=True),
        points=int(number("points", get("points"), 200, 4, 100_000)),
        seed=1 if get("seed") is None else check_seed(get("seed")),
        alpha=DEFAULT_ALPHA if get("alpha") is None else check_alpha(get("alpha")),
        iterations=3000 if get("iterations") is None else check_iterations(get("iterations")),
    )
    return config


_loaded: dict[tuple, Dataset] = {}


def load_data(config: CustomConfig) -> Dataset:
    """The run's data: generated, or read from its CSV (cached per file version in this process)."""
    if config.dataset != "csv":
        return generate(
            config.dataset,
            points=config.points,
            noise=config.noise,
            test_fraction=config.test,
            seed=config.seed,
        )
    path = Path(config.data or "")
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    key = (str(path), stamp, config.target, config.test, config.seed)
    if key not in _loaded or stamp is None:
        data = load_csv(path, target=config.target, test_fraction=config.test, seed=config.seed)
        _loaded.clear()  # one file at a time: a big CSV is not kept twice
        _loaded[key] = data
    return _loaded[key]


def ready(config: CustomConfig) -> tuple[CustomConfig, Dataset]:
    """Load the data and settle the output (auto: linear for regression targets, else sigmoid)."""
    data = load_data(config)
    if config.output == "auto":
        config = replace(config, output="linear" if data.regression else "sigmoid")
    if config.loss == "bce" and config.output != "sigmoid":
        raise Invalid("loss", f"loss must be one of mse, got {config.loss!r} (bce needs a sigmoid output)")
    return config, data


def spec_of(config: CustomConfig, inputs: int) -> Spec:
    """The network of a ready config for ``inputs`` input columns."""
    output = "sigmoid" if config.output == "auto" else config.output
    return Spec(
        inputs=inputs,
        hidden=config.layers,
        activation=config.activation,
        output=output,
        bias=config.bias,
        init=config.init,
        loss=config.loss,
        optimizer=config.optimizer,
        momentum=config.momentum,
        batch=config.batch,
        l1=config.l1,
        l2=config.l2,
        dropout=config.dropout,
        alpha=config.alpha,
        schedule=config.schedule,
        decay=config.decay,
        period=config.period,
        seed=config.seed,
    )
