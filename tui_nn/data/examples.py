"""Real data that ships with tui_nn: ``--dataset iris`` and ``--dataset cars``.

- ``iris``: Fisher's Iris data (1936; public domain), 150 flowers, four
  measurements in cm and the species as text: setosa, versicolor, virginica,
  50 each. Three classes, so a softmax output.
- ``cars``: the speed of 50 cars (mph) and the distance they took to stop (ft),
  from Ezekiel (1930), as R's ``datasets::cars`` has it (public domain). A
  regression: ``dist`` from ``speed``.

Each is a CSV file in the package (``tui_nn/data/files``, in the wheel), read
with ``importlib.resources`` and loaded exactly as ``--data FILE --target NAME``
loads the same file. Numpy only.
"""

from __future__ import annotations

from importlib import resources

from tui_nn.data.csv_file import load_rows, text_rows
from tui_nn.data.dataset import Dataset

EXAMPLES = {"iris": ("iris.csv", "species"), "cars": ("cars.csv", "dist")}  # name: (file, target)


def example_text(name: str) -> str:
    """The bundled CSV file's text."""
    return resources.files("tui_nn.data").joinpath("files", EXAMPLES[name][0]).read_text(encoding="utf-8")


def load_example(
    name: str,
    *,
    target: str | None = None,
    test_fraction: float | None = None,
    seed: int = 1,
    features: str | None = None,
    task: str = "auto",
    standardize: str = "auto",
) -> Dataset:
    """A bundled dataset by name; ``target`` defaults to the example's own (species, dist)."""
    file, own = EXAMPLES[name]
    return load_rows(
        text_rows(example_text(name)), file, name, target=own if target is None else target,
        test_fraction=test_fraction, seed=seed, features=features, task=task, standardize=standardize,
    )  # fmt: skip
