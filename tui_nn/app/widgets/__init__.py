"""One widget per module; each shows part of a Snapshot and holds no training math."""
