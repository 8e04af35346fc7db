"""Scans that verify what they find (issue 14 point 5, issue 15 point 5): checksums, lock, version,
workers that die with their driver, unreachable scheduler, partial reading of stored batches."""
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from zprime_sym.exceptions import InputError
from zprime_sym.scan import engine
from zprime_sym.scan.engine import ScanConfig, batch_path, load_results, run_scan


def toy(params):
    r = np.hypot(params["x"], params["y"])
    return {"r": r, "inside": r < 1.0}


class Counting:
    def __init__(self):
        self.batches = []

    def __call__(self, params):
        self.batches.append(len(params["x"]))
        return toy(params)


def config(tmp_path, name="out", n_points=500, batch_size=100):
    return ScanConfig(ranges={"x": (0.0, 1.0), "y": (0.0, 1.0)}, n_points=n_points, batch_size=batch_size,
                      seed=5, output=str(tmp_path / name), evaluator="plugin:test_scan_verify:toy")


def test_manifest_records_checksums_and_version(tmp_path):
    out = run_scan(config(tmp_path), toy, workers=0)
    doc = json.loads((out / "manifest.json").read_text())
    assert doc["package_version"] == engine.package_version()
    assert sorted(int(k) for k in doc["sha256"]) == list(range(5))
    assert all(engine._sha256_file(batch_path(out, int(k))) == v for k, v in doc["sha256"].items())


def test_truncated_batch_is_recomputed_on_resume(tmp_path):
    cfg = config(tmp_path)
    reference = load_results(run_scan(cfg, toy, workers=0))
    path = batch_path(cfg.output, 2)
    path.write_bytes(path.read_bytes()[:100])  # a batch cut short (disk full, copy interrupted)
    with pytest.raises(InputError, match="unreadable batch"):
        load_results(cfg.output)  # a clean error naming the file, not BadZipFile
    counting = Counting()
    run_scan(cfg, counting, workers=0)
    assert counting.batches == [100]  # only the bad batch was recomputed
    resumed = load_results(cfg.output)
    for k in reference:
        assert np.array_equal(reference[k], resumed[k]), k


def test_altered_batch_is_not_trusted(tmp_path):
    cfg = config(tmp_path)
    run_scan(cfg, toy, workers=0)
    other = config(tmp_path, "other")
    run_scan(ScanConfig(**{**cfg.__dict__, "seed": 6, "output": other.output}), toy, workers=0)
    # a well-formed batch file from another scan put in place of batch 1: checksum differs
    batch_path(cfg.output, 1).write_bytes(batch_path(other.output, 1).read_bytes())
    counting = Counting()
    run_scan(cfg, counting, workers=0)
    assert counting.batches == [100]


def test_resume_with_another_package_version_stops(tmp_path, monkeypatch):
    cfg = config(tmp_path, n_points=300)
    run_scan(cfg, toy, workers=0)
    monkeypatch.setattr(engine, "package_version", lambda: "99.0.0")
    with pytest.raises(InputError, match=r"written by zprime_sym 0\.\d+\.\d+.*this is 99\.0\.0.*two code versions"):
        run_scan(cfg, toy, workers=0)


def test_fingerprint_carries_the_package_version(tmp_path, monkeypatch):
    cfg = config(tmp_path)
    before = cfg.fingerprint()
    monkeypatch.setattr(engine, "package_version", lambda: "99.0.0")
    assert cfg.fingerprint() != before


def test_load_results_reads_only_the_columns_asked(tmp_path, monkeypatch):
    out = run_scan(config(tmp_path), toy, workers=0)
    read = []
    original = np.lib.npyio.NpzFile.__getitem__

    def spy(self, key):
        read.append(key)
        return original(self, key)

    monkeypatch.setattr(np.lib.npyio.NpzFile, "__getitem__", spy)
    res = load_results(out, columns=["r"])
    assert list(res) == ["r"] and len(res["r"]) == 500
    assert set(read) == {"r"} and len(read) == 5  # one member of each of the 5 batch files
    read.clear()
    inside = load_results(out, columns=["x"], where={"inside": True})
    assert set(read) == {"x", "inside"}
    monkeypatch.undo()
    full = load_results(out)
    assert np.array_equal(inside["x"], full["x"][full["inside"]])
    band = load_results(out, columns=["r"], where={"r": (0.5, None)})
    assert np.array_equal(band["r"], full["r"][full["r"] >= 0.5])
    by_callable = load_results(out, where=lambda c: c["x"] > c["y"])
    assert np.array_equal(by_callable["y"], full["y"][full["x"] > full["y"]])
    with pytest.raises(InputError, match="unknown column"):
        load_results(out, columns=["nope"])


def test_limits_refuse_up_front(tmp_path):
    with pytest.raises(InputError, match="--max-points"):
        run_scan(config(tmp_path, n_points=10**18, batch_size=1), toy, workers=0)
    with pytest.raises(InputError, match="--max-batches 20"):
        run_scan(config(tmp_path, n_points=20, batch_size=1), toy, workers=0, max_batches=10)
    assert not (tmp_path / "out").exists()
    run_scan(config(tmp_path, n_points=20, batch_size=1), toy, workers=0, max_batches=20)  # override


def test_unreachable_scheduler_fails_within_seconds(tmp_path):
    pytest.importorskip("dask.distributed", reason="dask.distributed not installed (optional extra 'dask')")
    start = time.monotonic()
    with pytest.raises(InputError, match="no Dask scheduler reachable"):
        run_scan(config(tmp_path), toy, scheduler="tcp://127.0.0.1:9")
    assert time.monotonic() - start < 20  # 5 s timeout plus dask's own start-up; was 30 s and an OSError


DRIVER = """
import os, sys, time
sys.path.insert(0, {here!r})
import numpy as np
from zprime_sym.scan.engine import ScanConfig, run_scan

def slow(params):
    with open(os.path.join({pids!r}, str(os.getpid())), "w"):
        pass
    time.sleep(60)
    return {{"r": params["x"]}}

cfg = ScanConfig(ranges={{"x": (0.0, 1.0)}}, n_points=40, batch_size=10, seed=1, output={out!r},
                 evaluator="plugin:driver:slow")
run_scan(cfg, slow, workers=2)
"""


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (exited, not yet reaped by its new parent) counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(sys.platform != "linux", reason="uses /proc and fork semantics")
def test_second_writer_refused_and_workers_die_with_driver(tmp_path):
    pids = tmp_path / "pids"
    pids.mkdir()
    out = tmp_path / "scan"
    script = tmp_path / "driver.py"
    script.write_text(textwrap.dedent(DRIVER.format(here=str(tmp_path), pids=str(pids), out=str(out))))
    driver = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path,
                              env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1])))
    try:
        deadline = time.monotonic() + 30
        while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [int(p.name) for p in pids.iterdir()]
        assert len(workers) == 2, "the driver's two workers did not start"
        # a second writer on the same output stops with a clear message instead of redoing the work
        cfg = ScanConfig(ranges={"x": (0.0, 1.0)}, n_points=40, batch_size=10, seed=1, output=str(out),
                         evaluator="plugin:driver:slow")
        with pytest.raises(InputError, match=rf"another scan \(pid {driver.pid}\) is writing"):
            run_scan(cfg, toy, workers=0)
        driver.send_signal(signal.SIGKILL)
        driver.wait(10)
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers), "workers outlived their SIGKILLed driver"
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()
