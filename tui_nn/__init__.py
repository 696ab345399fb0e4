"""tui_nn: a terminal trainer for tiny neural networks, exact to the classic tutorials."""

# The one version: pyproject.toml reads it (tool.setuptools.dynamic), `tui-nn --version` prints it.
__version__ = "0.1.0"
