"""Files, headless: sessions (save and continue a run exactly), exports and text reports."""
