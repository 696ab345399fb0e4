"""The engine, numpy only: the network spec, forward and backward passes, the one training
class (``Learner``), the fast kernels it picks for tutorial-shaped nets, and the tutorial
loop written literally (``tutorial.py``, the reference the rest is tested against)."""
