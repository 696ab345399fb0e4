"""Which BLAS kernel numpy runs, for the message of a bitwise test that fails.

The online (row by row) tutorial nets are equal bit for bit to the literal loops on the OpenBLAS
kernels below; OpenBLAS's generic Prescott kernel rounds some of their small products in another
order, and the last bit moves (1e-15). A failure there is that kernel's, not the engine's.
"""

import contextlib
import os

CHECKED = "SkylakeX, Cooperlake, Haswell, Zen, Sandybridge and Nehalem"
NOTE = (
    f"The bitwise claim was checked on OpenBLAS's {CHECKED} kernels (numpy 2.0 to 2.4). It does not "
    "hold on the generic Prescott kernel (OPENBLAS_CORETYPE=Prescott, Katmai to threadpoolctl; Core2 "
    "and Penryn too), where the last bit differs for some alphas, hidden sizes and seeds (README: "
    "Development)."
)


def kernel():
    """The BLAS numpy runs now: threadpoolctl's reading if it is installed, and OPENBLAS_CORETYPE."""
    forced = os.environ.get("OPENBLAS_CORETYPE")
    parts = [f"OPENBLAS_CORETYPE={forced}" if forced else "OPENBLAS_CORETYPE unset"]
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        parts.append("kernel unknown (pip install threadpoolctl to see it)")
    else:
        for lib in threadpool_info():
            if lib.get("user_api") == "blas":
                parts.append(f"{lib.get('internal_api')} {lib.get('version')} {lib.get('architecture')}")
    return ", ".join(parts)


@contextlib.contextmanager
def bitwise_on_checked_kernels():
    """Run assertions of bitwise equality; a failure says which kernels the claim holds on."""
    try:
        yield
    except AssertionError as error:
        raise AssertionError(f"{error}\n\n{NOTE}\nThis run: {kernel()}.") from None
