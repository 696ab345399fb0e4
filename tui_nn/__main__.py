"""``python -m tui_nn``: parse the command line and hand over."""

import sys

from tui_nn.cli import main

sys.exit(main())
