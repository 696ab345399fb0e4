"""``python -m tui_nn``: parse the command line and hand over."""

from tui_nn.cli import run

run()
