"""Runs, headless: presets, the one config type and its validator, the run controller that
the app's worker and the command line both drive, the sweep, and the snapshot queries."""
