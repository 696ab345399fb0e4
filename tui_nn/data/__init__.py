"""Data, numpy only: the tutorials' datasets, the 2-D generators and the learner's CSV files."""
