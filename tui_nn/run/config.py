"""The one config type of a run, and its one validator: for flags, fields and sessions alike.

``make_config(**values)`` takes typed values or the text a user typed; a bad one
raises ``Invalid`` naming its field, so the command line prints one line and the
app puts the message next to that field. A preset fixes its network: only its
alpha, hidden size, seed and iteration target can change. A custom run
(``preset="custom"``) takes every option of its network and data. What depends
on the data (an auto output and loss, a CSV's test rows) is settled when it is
loaded (``tui_nn.run.build.ready``). The single-value checks are in ``values``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from tui_nn.core.spec import INITS, METRICS, OPTIMIZERS, SCHEDULES
from tui_nn.core.validation import Invalid, check_alpha, check_hidden, check_iterations, check_seed
from tui_nn.data.classes import TASKS
from tui_nn.data.datasets import GENERATORS
from tui_nn.data.examples import EXAMPLES
from tui_nn.data.features import feature_names
from tui_nn.data.scaling import CHOICES as STANDARDIZE
from tui_nn.run.presets import PRESETS, get_preset
from tui_nn.run.values import NO_HIDDEN, activations, batch_size, choice, flag, layer_sizes, number, text_of

CUSTOM = "custom"
DATASETS = (*GENERATORS, *EXAMPLES, "csv")
FILES = (*EXAMPLES, "csv")  # datasets read from a CSV file: a target column, --features by column
OUTPUTS = ("auto", "sigmoid", "linear", "softmax")
LOSSES = ("auto", "mse", "bce", "ce")
# The losses each output takes (auto is always allowed: settled by the data on loading).
OUTPUT_LOSSES = {"linear": ("mse",), "sigmoid": ("mse", "bce"), "softmax": ("ce",), "auto": LOSSES[1:]}
# Defaults of a custom run: a playground's (bias units, Xavier initialisation, momentum, a small
# alpha since the loss is summed over rows), under which every generated dataset, the spiral
# included, is learned in a few thousand iterations. The presets keep the tutorials' own.
DEFAULT_ALPHA = 0.003
TUNABLE = ("alpha", "hidden", "layers", "seed", "iterations")  # what a preset lets change


@dataclass(frozen=True)
class RunConfig:
    """Everything that defines a run (small and picklable: the worker gets it).

    ``preset`` is a preset's name, or "custom": then ``dataset`` is a generator's
    name, a bundled example's (iris, cars) or "csv" (and ``data`` the file), and
    the rest describes the data and the network. ``features`` is the inputs as
    typed (None: all columns), ``task`` auto/classify/regress, ``standardize``
    auto/on/off and ``test`` None for a file's default (see ``csv_file``). A
    preset's ``layers`` is its hidden size (empty without a hidden layer); its
    other network fields keep their defaults and mean nothing.
    """

    preset: str = "trask-xor"
    dataset: str = "xor"
    data: str | None = None
    target: str | None = None
    features: str | None = None
    task: str = "auto"
    standardize: str = "auto"
    layers: tuple[int, ...] = (4,)
    activation: str = "sigmoid"
    output: str = "auto"  # auto: linear for regression, sigmoid for 2 classes, softmax for more (on loading)
    bias: bool = True
    init: str = "xavier"
    loss: str = "auto"  # auto: ce for a softmax output, else mse (on loading)
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
    test: float | None = 0.5
    points: int = 200
    seed: int = 1
    alpha: float = 1.0
    iterations: int = 60000

    @property
    def custom(self) -> bool:
        return self.preset == CUSTOM

    @property
    def hidden(self) -> int | str | None:
        """A preset's hidden size (None without one); a custom net's layer sizes as typed ('8,8')."""
        if self.custom:
            return ",".join(str(h) for h in self.layers) or NO_HIDDEN
        return self.layers[0] if self.layers else None

    @property
    def metric(self) -> str:
        return self.error if self.custom else get_preset(self.preset).metric

    @property
    def name(self) -> str:
        """What the run is called in file names and titles: the preset, or the data's name."""
        return self.preset if not self.custom else self.dataset

    def with_(self, **changes: object) -> RunConfig:
        """A checked copy; ``hidden`` means the layer sizes (a number, text '8,8' or a tuple)."""
        if "hidden" in changes:
            changes["layers"] = changes.pop("hidden")
        if self.custom:
            return make_config(**{**self.values(), **changes})
        unknown = sorted(set(changes) - set(TUNABLE))
        if unknown:
            raise Invalid(unknown[0], f"preset {self.preset} fixes its network: {unknown[0]} cannot change")
        base: dict[str, object] = {"alpha": self.alpha, "seed": self.seed, "iterations": self.iterations}
        if self.layers:
            base["layers"] = self.layers
        return make_config(self.preset, **{**base, **changes})

    def values(self) -> dict[str, object]:
        return asdict(self)

    def __repr__(self) -> str:
        if not self.custom:
            return f"RunConfig({self.preset}, hidden={self.hidden}, alpha={self.alpha:g}, seed={self.seed})"
        data = self.data if self.dataset == "csv" else self.dataset
        return f"RunConfig({data}, layers={self.hidden}, {self.activation}, alpha={self.alpha:g})"


FIELDS = tuple(f.name for f in fields(RunConfig))


def make_config(preset: object = None, **values: object) -> RunConfig:
    """Check every value given (None: its default); the first bad one raises ``Invalid`` naming it.

    With no preset and no custom option the run is ``trask-xor``; any custom option
    (a dataset, layers, an activation...) without a preset makes it a custom run.
    """
    if preset is not None:
        values["preset"] = preset
    if "hidden" in values:
        hidden = values.pop("hidden")
        if hidden is not None:
            values["layers"] = hidden
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown options: {', '.join(sorted(unknown))}")
    given = {k: v for k, v in values.items() if v is not None}
    name = given.pop("preset", None)
    wants_custom = any(k not in TUNABLE for k in given)
    if name is None:
        name = CUSTOM if wants_custom else "trask-xor"
    if name == CUSTOM:
        return _custom(given)
    p = get_preset(name)
    extra = [k for k in given if k not in TUNABLE]
    if extra:
        raise Invalid(
            extra[0],
            f"preset {p.name} fixes its network and data: {extra[0]} is for custom runs (no --preset)",
        )
    if "layers" in given and not p.has_hidden:
        raise Invalid("hidden", f"preset {p.name} has no hidden layer to resize")
    layers: tuple[int, ...] = ()
    if p.has_hidden:
        layers = (p.hidden,) if "layers" not in given else _one_size(given["layers"])  # type: ignore[assignment]
    return RunConfig(
        preset=p.name,
        layers=layers,
        alpha=p.alpha if "alpha" not in given else check_alpha(given["alpha"]),
        seed=p.seed if "seed" not in given else check_seed(given["seed"]),
        iterations=p.iterations if "iterations" not in given else check_iterations(given["iterations"]),
    )


def _one_size(value: object) -> tuple[int]:
    if isinstance(value, tuple | list):
        if len(value) != 1:
            raise Invalid("hidden", f"a preset has one hidden layer, got {len(value)} sizes")
        value = value[0]
    return (check_hidden(value),)


def _custom(given: dict[str, object]) -> RunConfig:
    get = given.get
    dataset = choice("dataset", get("dataset"), "xor", DATASETS)
    data = None if get("data") in (None, "") else text_of(get("data"))
    if data is not None and get("dataset") is None:
        dataset = "csv"
    if dataset == "csv" and data is None:
        raise Invalid("data", "choose a CSV file for the csv dataset")
    target = None if get("target") in (None, "") else text_of(get("target"))
    output = choice("output", get("output"), "auto", OUTPUTS)
    loss = "auto" if get("loss") is None else text_of(get("loss"))
    if loss not in ("auto", *OUTPUT_LOSSES[output]):
        losses = ", ".join(OUTPUT_LOSSES[output])
        raise Invalid("loss", f"loss must be one of {losses}, got {loss[:40]!r}")
    layers = (4,) if get("layers") is None else layer_sizes(get("layers"))
    return RunConfig(
        preset=CUSTOM,
        dataset=dataset,
        data=data if dataset == "csv" else None,
        target=target if dataset in FILES else None,
        features=features_text(get("features"), dataset),
        task=choice("task", get("task"), "auto", TASKS),
        standardize=_standardize(get("standardize")),
        layers=layers,
        activation=activations(get("activation"), layers),
        output=output,
        bias=True if get("bias") is None else flag("bias", get("bias")),
        init=choice("init", get("init"), "xavier", INITS),
        loss=loss,
        error=choice("error", get("error"), "mse", METRICS),
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
        test=None if dataset in FILES and get("test") in (None, "") else _test(get("test")),
        points=int(number("points", get("points"), 200, 4, 100_000)),
        seed=1 if get("seed") is None else check_seed(get("seed")),
        alpha=DEFAULT_ALPHA if get("alpha") is None else check_alpha(get("alpha")),
        iterations=3000 if get("iterations") is None else check_iterations(get("iterations")),
    )


def _test(value: object) -> float:
    """The test fraction; a generated dataset's default is half its points."""
    return number("test", None if value == "" else value, 0.5, 0.0, 1.0, below=True)


def _standardize(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return choice("standardize", value, "auto", STANDARDIZE)


def features_text(value: object, dataset: str) -> str | None:
    """The inputs as typed, tidied ('x1^2, x2^2' -> 'x1^2,x2^2'): a generated dataset's checked
    here, a file's columns when it is read."""
    if value is None or text_of(value) == "":
        return None
    if isinstance(value, tuple | list):
        value = ",".join(str(v) for v in value)
    text = ",".join(part.strip() for part in text_of(value).split(","))
    if len(text) > 2000:
        raise Invalid("features", f"--features is {len(text)} characters long: at most 2000")
    if dataset in GENERATORS:
        return ",".join(feature_names(text))
    return text


def preset_names() -> list[str]:
    return list(PRESETS)


def resized(config: RunConfig, delta: int) -> tuple[int, ...]:
    """The hidden size one step bigger or smaller: every layer of a custom net (never below 1),
    else the preset's H (below 1 is refused by the validator, with its message)."""
    if config.custom:
        return tuple(max(1, h + delta) for h in config.layers)
    return tuple(h + delta for h in config.layers)
