"""tui_nn: a terminal trainer for tiny neural networks, exact to the classic tutorials."""

__version__ = "0.1.0"
