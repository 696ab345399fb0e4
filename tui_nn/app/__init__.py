"""The Textual app: ``app.py`` wires the panels (``widgets/``, one per module, no training math)
to the worker, which runs the run in a child process and sends snapshots."""
