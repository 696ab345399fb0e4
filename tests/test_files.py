"""Special files: a FIFO, a device, a folder or a huge file is refused with one line, at once,
when read (CSV, session, a session's CSV) or written over (save, export); a symlink is written
through; a killed save's temporary is cleaned at the next one."""

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_nn.core.validation import Invalid
from tui_nn.data import reading
from tui_nn.data.csv_file import load_csv
from tui_nn.io import files, session
from tui_nn.run.build import build
from tui_nn.run.config import make_config

CSV = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n"
posix = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="POSIX")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command line in a child process: a hang fails the test instead of stalling it."""
    return subprocess.run(
        [sys.executable, "-m", "tui_nn", *args], capture_output=True, text=True, timeout=30, cwd=cwd
    )


def refused(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def fifo(tmp_path: Path, name: str = "pipe") -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


@posix
def test_a_fifo_as_data_load_or_a_sessions_csv_is_refused_at_once(tmp_path):
    pipe = fifo(tmp_path)
    refused(cli("train", "--data", str(pipe), cwd=tmp_path), f"{pipe} is not a regular file (a FIFO)")
    refused(cli("train", "--load", str(pipe), cwd=tmp_path), f"{pipe} is not a regular file (a FIFO)")
    data = tmp_path / "xor.csv"
    data.write_text(CSV)
    saved = cli(
        "train", "--data", str(data), "--layers", "3", "--iterations", "5", "--save", "s.json", cwd=tmp_path
    )
    assert saved.returncode == 0, saved.stderr
    data.unlink()
    os.mkfifo(data)
    refused(cli("train", "--load", "s.json", cwd=tmp_path), f"{data} is not a regular file (a FIFO)")


@posix
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused(tmp_path, device):
    refused(
        cli("train", "--data", device, cwd=tmp_path), f"{device} is not a regular file (a character device)"
    )
    with pytest.raises(Invalid, match="a character device"):
        session.load(device)


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(Invalid, match=r"is not a regular file \(a folder\)"):
        load_csv(tmp_path)


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    with big.open("wb") as out:
        out.truncate(reading.CSV_LIMIT + 1)  # sparse: costs no disk
    with pytest.raises(Invalid, match="big.csv is 201 MB: a CSV file may hold at most 200 MB"):
        load_csv(big)
    monkeypatch.setattr("tui_nn.io.session.SESSION_LIMIT", 10)
    (tmp_path / "s.json").write_text("{" + " " * 20 + "}")
    with pytest.raises(Invalid, match="a session file may hold at most 10 bytes"):
        session.load(tmp_path / "s.json")


def test_a_file_that_grows_past_the_cap_while_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "s.csv"
    path.write_text(CSV)
    real_fstat = os.fstat
    monkeypatch.setattr(
        reading.os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 1, *real_fstat(fd)[7:]))
    )
    with pytest.raises(Invalid, match="grew past"):
        reading.read_regular(path, "data", 10)
    assert reading.read_regular(path, "data", len(CSV)) == CSV.encode()


def save(path):
    config = make_config("trask-xor")
    session.save(path, config, build(config))


@posix
def test_saving_never_replaces_a_fifo_a_device_or_a_folder(tmp_path):
    pipe = fifo(tmp_path)
    with pytest.raises(Invalid, match="pipe is a FIFO: not replaced"):
        save(pipe)
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    with pytest.raises(Invalid, match="/dev/null is a character device: not replaced"):
        save("/dev/null")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)
    with pytest.raises(Invalid, match="is a folder: give a file name"):
        save(tmp_path)
    link = tmp_path / "to-null"
    link.symlink_to("/dev/null")
    with pytest.raises(Invalid, match="to-null .it links to /dev/null. is a character device: not replaced"):
        save(link)
    assert link.is_symlink() and stat.S_ISCHR(os.lstat("/dev/null").st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "to-null"]  # no temporary left


@posix
def test_export_onto_a_fifo_writes_nothing(tmp_path):
    save(tmp_path / "s.json")
    fifo(tmp_path)
    result = cli("export", "s.json", "--script", "r.py", "--history", "pipe", cwd=tmp_path)
    refused(result, "pipe is a FIFO: not replaced")
    assert not (tmp_path / "r.py").exists()


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "s.json"
    real.write_text("old")
    link = tmp_path / "s.json"
    link.symlink_to(real)
    save(link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert session.load(link)[0] == make_config("trask-xor")
    assert os.listdir(tmp_path / "real") == ["s.json"]  # the temporary was beside the real file
    dangling = tmp_path / "new.json"
    dangling.symlink_to(tmp_path / "real" / "new.json")
    save(dangling)
    assert dangling.is_symlink() and (tmp_path / "real" / "new.json").is_file()


def test_a_stale_temporary_of_ours_is_cleaned_at_the_next_save(tmp_path):
    old = time.time() - 2 * files.STALE_SECONDS
    stale = tmp_path / ".s.json.tui_nn-abc123.tmp"  # a save killed an hour ago
    fresh = tmp_path / ".s.json.tui_nn-def456.tmp"  # perhaps a save still being written
    foreign = tmp_path / ".x.tmp"
    for path in (stale, fresh, foreign):
        path.write_text("partial")
    for path in (stale, foreign):
        os.utime(path, (old, old))
    save(tmp_path / "s.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, foreign.name, "s.json"])


KILLED = """
import os, signal, sys
from tui_nn.io import files
files.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)  # killed before the rename
files.write_atomic(sys.argv[1], b"partial")
"""


@posix
def test_a_killed_save_leaves_only_our_temporary(tmp_path):
    result = subprocess.run([sys.executable, "-c", KILLED, str(tmp_path / "s.json")], timeout=30)
    assert result.returncode == -9
    (left,) = os.listdir(tmp_path)
    assert left.startswith(".s.json.tui_nn-") and left.endswith(".tmp")
    old = time.time() - 2 * files.STALE_SECONDS
    os.utime(tmp_path / left, (old, old))
    save(tmp_path / "s.json")
    assert os.listdir(tmp_path) == ["s.json"]


def test_ctrl_c_mid_save_leaves_nothing(tmp_path, monkeypatch):
    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save(tmp_path / "s.json")
    assert os.listdir(tmp_path) == []


@posix
def test_train_save_onto_a_fifo_is_refused_before_training(tmp_path):
    pipe = fifo(tmp_path)
    started = time.perf_counter()
    result = cli(
        "train", "--preset", "digits", "--iterations", "100000000", "--save", str(pipe), cwd=tmp_path
    )
    refused(result, f"--save {pipe} is a FIFO: not replaced")
    assert time.perf_counter() - started < 20 and result.stdout == ""
    refused(
        cli("train", "--save", "/dev/null", cwd=tmp_path),
        "--save /dev/null is a character device: not replaced",
    )
    refused(cli("train", "--save", str(tmp_path), cwd=tmp_path), "is a folder: give a file name")
    missing = tmp_path / "no" / "s.json"
    refused(
        cli("train", "--save", str(missing), cwd=tmp_path), f"the folder {tmp_path / 'no'} does not exist"
    )


@pytest.mark.parametrize("name", ["nan\x85", "a\nb.csv", "tab\there\r"])
def test_a_file_name_with_a_line_break_is_shown_quoted_in_one_line(tmp_path, name):
    """A line break in a file name (NEL, LF, CR) split the message of a missing or empty file in two."""
    missing = tmp_path / name
    for load in (load_csv, session.load):
        with pytest.raises(Invalid) as caught:
            load(missing)
        assert len(str(caught.value).splitlines()) == 1 and repr(str(missing)) in str(caught.value)
    missing.write_text("")
    for load, says in ((load_csv, "is empty"), (session.load, "is not a session file")):
        with pytest.raises(Invalid, match=says) as caught:
            load(missing)
        assert len(str(caught.value).splitlines()) == 1


def test_a_save_path_with_a_line_break_is_one_line(tmp_path):
    folder = tmp_path / "a\nb"
    folder.mkdir()
    with pytest.raises(Invalid) as caught:
        files.write_atomic(folder, b"x")
    assert "\n" not in str(caught.value) and "is a folder" in str(caught.value)
    with pytest.raises(Invalid) as caught:
        files.write_atomic(tmp_path / "no\nsuch" / "run.json", b"x")
    assert "\n" not in str(caught.value) and "cannot write" in str(caught.value)
