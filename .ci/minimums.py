"""Prove the declared lower bounds: install exactly the floors pyproject.toml declares, together.

    python .ci/minimums.py [--python python3.12] [--keep]

Reads every ``name>=X`` of the runtime dependencies, the test extra and the build backend, makes
a fresh venv, installs ``name==X`` for all of them in one pip call (pip resolves only what they
pull in themselves), builds and installs tui_nn itself with ``--no-deps --no-build-isolation``
(so the setuptools floor builds it), checks the set with ``pip check`` and runs the engine tests
and a few app tests against the installed package (``python -P``: the checkout is not on the
path). A floor that cannot be installed with the others, or under which a test fails, fails this
script. CI runs it after the suite; pip's cache makes it about a minute on two cores.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The tests that need no terminal: the engine against the literal tutorial loops bit for bit, its
# kernels and optimisers, and the import hygiene of every module (the app's too, which imports the
# floor textual). Then the snapshot and widget tests: the app drawn by the floor textual and rich.
TESTS = [
    "tests/test_engine.py",
    "tests/test_tutorial_loop.py",
    "tests/test_kernels.py",
    "tests/test_network.py",
    "tests/test_learner.py",
    "tests/test_optimisers.py",
    "tests/test_softmax.py",
    "tests/test_hygiene.py",
    "tests/test_app_snapshots.py",
    "tests/test_widgets.py",
]

FLOOR = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*>=\s*([^,;\s]+)[^;]*(;.*)?$")


def floors(pyproject: dict) -> list[str]:
    """``name==floor`` for each requirement of the build, the package and its test extra, with its
    environment marker if it has one (pip then skips the floors of other Pythons)."""
    project = pyproject["project"]
    own = project["name"].lower().replace("_", "-")
    requirements = [
        *pyproject["build-system"]["requires"],
        *project["dependencies"],
        *project["optional-dependencies"]["test"],
    ]
    pins = []
    for requirement in requirements:
        match = FLOOR.match(requirement)
        if match is None:
            sys.exit(f"minimums: {requirement!r} declares no floor (name>=version)")
        name, _extras, version, marker = match.groups()
        if name.lower().replace("_", "-") != own:
            pins.append(f"{name}=={version}{marker or ''}")
    return list(dict.fromkeys(pins))  # setuptools is both the build's and the test extra's


def scratch() -> str | None:
    """Memory for the venv where there is a tmpfs that runs code (its 7 000 files are written and
    removed in a second there; on this machine's disk removing them alone took 18 s)."""
    shm = "/dev/shm"
    usable = os.path.isdir(shm) and os.access(shm, os.W_OK)
    return shm if usable and not os.statvfs(shm).f_flag & os.ST_NOEXEC else None


def run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a command; on failure print its output and stop."""
    done = subprocess.run(argv, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        sys.exit(f"minimums: failed ({done.returncode}): {' '.join(argv)}")
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="the interpreter of the venv")
    parser.add_argument("--keep", action="store_true", help="keep the venv and print its path")
    args = parser.parse_args()

    start = time.monotonic()
    pins = floors(tomllib.loads((ROOT / "pyproject.toml").read_text()))
    venv = Path(tempfile.mkdtemp(prefix="tui_nn-minimums-", dir=scratch()))
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "--disable-pip-version-check", "--no-input", "-q"]
    try:
        run([args.python, "-m", "venv", str(venv)])
        print(f"minimums: {run([python, '--version']).stdout.strip()}, installing {' '.join(pins)}")
        run([*pip, "install", *pins])
        # build from a copy: an in-tree build would leave build/ and egg-info in the checkout
        source = venv / "src"
        source.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
            shutil.copy2(ROOT / name, source / name)
        shutil.copytree(ROOT / "tui_nn", source / "tui_nn", ignore=shutil.ignore_patterns("__pycache__"))
        print(f"minimums: installed the floors in {time.monotonic() - start:.0f} s")
        run([*pip, "install", "--no-deps", "--no-build-isolation", str(source)])
        run([python, "-m", "pip", "check"])
        where = run([python, "-P", "-c", "import tui_nn; print(tui_nn.__file__)"], cwd=ROOT).stdout
        assert str(venv) in where, f"tui_nn imported from {where}, not the venv"
        installed = run([python, "-m", "pip", "freeze", "--all"]).stdout.split()
        wanted = {pin.split("==")[0].lower().replace("_", "-") for pin in pins}
        got = [line for line in installed if line.split("==")[0].lower().replace("_", "-") in wanted]
        print("minimums: installed " + " ".join(got))
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
        test = [python, "-P", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "-n", "2"]
        tests = subprocess.run([*test, *TESTS], cwd=ROOT, env=env)
        if tests.returncode != 0:
            sys.exit(f"minimums: the tests fail at the declared floors ({tests.returncode})")
        print(f"minimums: the floors install together and pass, in {time.monotonic() - start:.0f} s")
    finally:
        if args.keep:
            print(f"minimums: venv kept at {venv}")
        else:
            shutil.rmtree(venv, ignore_errors=True)


if __name__ == "__main__":
    main()
