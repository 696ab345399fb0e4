"""The package as it is shipped: one version, the licence, and an sdist that runs its own tests.

The sdist test builds it with ``python -m build --sdist --no-isolation`` (the test extra brings
build and the setuptools the build needs: no download, two seconds), unpacks it into a temporary
folder and runs pytest there: the whole suite collected, and the engine and snapshot tests run against the
sdist's own code.
"""

import os
import subprocess
import sys
import tarfile
import tomllib

import pytest
from helpers import ROOT

import tui_nn

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_one_version_source():
    assert "version" not in PYPROJECT["project"]
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "tui_nn.__version__"}
    assert tui_nn.__version__.count(".") == 2


def test_licence_is_mit_and_shipped():
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def _clean_env():
    """The environment without this pytest's own settings (xdist's worker, PYTEST_ADDOPTS)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONPATH"))}


@pytest.mark.skipif(
    subprocess.run([sys.executable, "-c", "import build"], capture_output=True).returncode != 0,
    reason="needs the build package (in the test extra: pip install -e '.[test]')",
)
def test_the_sdist_collects_and_passes_its_engine_tests(tmp_path):
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--sdist",
            "--no-isolation",
            "--outdir",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        env=_clean_env(),
        timeout=120,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (sdist,) = (tmp_path / "dist").glob("tui_nn-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    unpacked = tmp_path / sdist.name.removesuffix(".tar.gz")
    shipped = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    assert {"LICENSE", "README.md", "tests/tutorial.py", "tests/conftest.py"} <= shipped
    assert any(p.startswith("tests/__snapshots__/") and p.endswith(".svg") for p in shipped)
    assert not any(p.endswith((".pyc", ".raw")) for p in shipped)

    # cwd first on the path (python -m): the sdist's tui_nn, not this checkout's
    pytest_there = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", "-q"]
    where = subprocess.run(
        [sys.executable, "-c", "import tui_nn; print(tui_nn.__file__)"],
        cwd=unpacked,
        capture_output=True,
        text=True,
        env=_clean_env(),
        timeout=60,
    )
    assert where.stdout.startswith(str(unpacked)), where
    # one run: the whole suite collected (a missing file fails here), the engine against the
    # literal tutorial loops and the snapshot SVGs run
    ran = subprocess.run(
        [*pytest_there, "-k", "test_engine or test_app_snapshots"],
        cwd=unpacked,
        capture_output=True,
        text=True,
        env=_clean_env(),
        timeout=120,
    )
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert " passed" in ran.stdout and " deselected" in ran.stdout, ran.stdout[-3000:]
