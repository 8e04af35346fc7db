"""Tests of the scan engine (zprime_sym.scan.engine) with a cheap evaluator."""
import json
import math

import numpy as np
import pytest

from zprime_sym.exceptions import InputError
from zprime_sym.scan.engine import ScanConfig, load_results, run_scan, sample_batch


def toy(params):
    """Cheap evaluator: r = sqrt(x² + y²), inside = r < 1 (Monte Carlo estimate of π/4)."""
    r = np.hypot(params["x"], params["y"])
    return {"r": r, "inside": r < 1.0}


def make_toy(config):
    """Factory in the "module:factory" form the CLI uses."""
    return toy


class FailAfter:
    """Evaluator that raises on its (n+1)-th call: a scan interrupted mid-way (serial mode)."""

    def __init__(self, n):
        self.n, self.calls = n, 0

    def __call__(self, params):
        self.calls += 1
        if self.calls > self.n:
            raise RuntimeError("interrupted")
        return toy(params)


class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self, params):
        self.calls += 1
        return toy(params)


def config(tmp_path, name="out", n_points=1030, batch_size=100, seed=11):
    return ScanConfig(ranges={"x": (0.0, 1.0), "y": (0.0, 1.0)}, fixed={"z": 2.0}, scaled={"w": ("x", 3.0)},
                      n_points=n_points, batch_size=batch_size, seed=seed, output=str(tmp_path / name),
                      evaluator="plugin:test_scan:make_toy")


def test_sampling_is_per_batch_rng(tmp_path):
    # Batch k equals an independent draw with default_rng([seed, k]) (names in sorted order).
    cfg = config(tmp_path)
    rng = np.random.default_rng([11, 7])
    x, y = rng.uniform(0, 1, 100), rng.uniform(0, 1, 100)
    p = sample_batch(cfg, 7)
    assert np.array_equal(p["x"], x) and np.array_equal(p["y"], y)
    assert np.all(p["z"] == 2.0) and np.array_equal(p["w"], 3.0 * x)
    assert len(sample_batch(cfg, cfg.n_batches - 1)["x"]) == 30  # last, short batch


def test_monte_carlo_pi(tmp_path):
    # Independent number: P(x² + y² < 1) = π/4 for uniform x, y in [0,1]; 4σ binomial tolerance.
    out = run_scan(config(tmp_path, n_points=20000, batch_size=5000), toy, workers=0)
    res = load_results(out)
    frac = res["inside"].mean()
    sigma = math.sqrt(math.pi / 4 * (1 - math.pi / 4) / 20000)
    assert abs(frac - math.pi / 4) < 4 * sigma


def test_process_pool_equals_serial(tmp_path):
    a = load_results(run_scan(config(tmp_path, "serial"), toy, workers=0))
    b = load_results(run_scan(config(tmp_path, "pool"), toy, workers=2))
    assert a.keys() == b.keys()
    for k in a:
        assert np.array_equal(a[k], b[k]), k


def test_interrupted_scan_resumes_to_identical_result(tmp_path):
    reference = load_results(run_scan(config(tmp_path, "ref"), toy, workers=0))
    cfg = config(tmp_path, "resumed")
    with pytest.raises(RuntimeError, match="interrupted"):
        run_scan(cfg, FailAfter(4), workers=0)
    manifest = json.loads((tmp_path / "resumed" / "manifest.json").read_text())
    assert manifest["completed"] == [0, 1, 2, 3]
    assert not list((tmp_path / "resumed").glob(".*tmp*"))  # no half-written files left
    with pytest.raises(InputError, match="missing"):
        load_results(cfg.output)
    counting = Counting()
    run_scan(cfg, counting, workers=0)
    assert counting.calls == cfg.n_batches - 4  # finished batches are not recomputed
    resumed = load_results(cfg.output)
    for k in reference:
        assert np.array_equal(reference[k], resumed[k]), k


def test_changed_config_refuses_same_output(tmp_path):
    run_scan(config(tmp_path, "same", n_points=200), toy, workers=0)
    with pytest.raises(InputError, match="different scan"):
        run_scan(config(tmp_path, "same", n_points=200, seed=12), toy, workers=0)


def test_dask_local_cluster_equals_serial(tmp_path):
    distributed = pytest.importorskip("dask.distributed", reason="dask.distributed not installed (optional extra 'dask')")
    serial = load_results(run_scan(config(tmp_path, "serial"), toy, workers=0))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        out = run_scan(config(tmp_path, "dask"), toy, scheduler=cluster.scheduler_address)
    dask_res = load_results(out)
    for k in serial:
        assert np.array_equal(serial[k], dask_res[k]), k


def test_config_from_toml_units_and_errors(tmp_path):
    path = tmp_path / "scan.toml"
    path.write_text('[scan]\nn_points = 10\nbatch_size = 4\nseed = 3\noutput = "o"\n'
                    '[ranges]\nm_zp = ["10MeV", "0.21GeV"]\ngX = [1e-4, 1e-3]\n[fixed]\nmu_eta = "4TeV"\n'
                    '[scaled]\nmL_tau = ["m_zp", 2.0]\n')
    cfg = ScanConfig.from_toml(path)
    assert cfg.ranges["m_zp"] == pytest.approx((0.010, 0.21)) and cfg.fixed["mu_eta"] == 4000.0
    assert cfg.n_batches == 3 and cfg.output == str(tmp_path / "o")
    path.write_text('[scan]\nn_points = 10\nbatch_size = 4\nseed = 3\noutput = "o"\n[ranges]\nx = [2, 1]\n')
    with pytest.raises(InputError, match="lower end"):
        ScanConfig.from_toml(path)
    path.write_text('[scan]\nn_points = 10\nseed = 3\noutput = "o"\n')
    with pytest.raises(InputError, match="batch_size"):
        ScanConfig.from_toml(path)


def test_cli_scan(tmp_path, capsys):
    # A parser holding only the scan subcommand: tests the subcommand's own wiring, independent of zprime_sym.cli.
    import argparse

    from zprime_sym.commands import scan as scan_cmd

    parser = argparse.ArgumentParser(prog="zprime")
    scan_cmd.add_parser(parser.add_subparsers(dest="command", required=True))

    def main(argv):
        args = parser.parse_args(argv)
        return args.handler(args)

    path = tmp_path / "scan.toml"
    path.write_text('[scan]\nn_points = 300\nbatch_size = 100\nseed = 5\noutput = "o"\n'
                    '[ranges]\nx = [0, 1]\ny = [0, 1]\n')
    assert main(["scan", str(path), "--workers", "0", "--json", "--plugin", "test_scan:make_toy"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["n_points"] == 300 and doc["n_batches"] == 3
    assert np.array_equal(load_results(tmp_path / "o")["x"][:100], sample_batch(ScanConfig.from_toml(path), 0)["x"])


def test_hard_killed_process_resumes_identically(tmp_path):
    # A subprocess runs the scan serially and SIGKILLs itself while evaluating batch 4 (no exception
    # handling, no cleanup: the worst case for half-written files). Resuming gives the same arrays.
    import os
    import subprocess
    import sys
    import textwrap

    cfg = config(tmp_path, "killed")
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path[:0] = {[str(os.path.dirname(__file__)), os.getcwd()]!r}
        from test_scan import config, toy
        from zprime_sym.scan.engine import run_scan
        import pathlib
        calls = [0]
        def evaluate(params):
            calls[0] += 1
            if calls[0] == 4:
                os.kill(os.getpid(), signal.SIGKILL)
            return toy(params)
        run_scan(config(pathlib.Path({str(tmp_path)!r}), "killed"), evaluate, workers=0)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode != 0  # killed
    assert sorted(p.name for p in (tmp_path / "killed").glob("batch_*.npz")) == [f"batch_{k:06d}.npz" for k in range(3)]
    run_scan(cfg, toy, workers=0)
    reference = load_results(run_scan(config(tmp_path, "ref"), toy, workers=0))
    resumed = load_results(cfg.output)
    for k in reference:
        assert np.array_equal(reference[k], resumed[k]), k


class _StopAfter:
    """Wraps an evaluator and raises on its (n+1)-th call: a real scan interrupted mid-way (serial)."""

    def __init__(self, evaluate, n):
        self.evaluate, self.n, self.calls = evaluate, n, 0

    def __call__(self, params):
        self.calls += 1
        if self.calls > self.n:
            raise RuntimeError("interrupted")
        return self.evaluate(params)


def _same(a, b):
    return np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")


def test_susy_scan_end_to_end(tmp_path):
    """The real SusyEvaluator on BDR20's priors (benchmarks/susy_table2.toml), 300 points in 3 batches,
    serial: the documented columns exist with the right shapes; a scan interrupted after one batch and
    resumed equals an uninterrupted one array by array; and a stored point re-evaluated directly with
    compute_spectrum / delta_a_susy / delta_a_zprime reproduces its stored columns."""
    import dataclasses
    from pathlib import Path

    from zprime_sym.scan.engine import make_evaluator
    from zprime_sym.susy.g2 import delta_a_susy, delta_a_zprime
    from zprime_sym.susy.params import PARAMETER_NAMES, compute_spectrum

    base = ScanConfig.from_toml(Path(__file__).resolve().parents[1] / "benchmarks" / "susy_table2.toml")
    cfg = dataclasses.replace(base, n_points=300, batch_size=100, output=str(tmp_path / "full"))
    full = load_results(run_scan(cfg, workers=0))

    expected = ([f"m_chi{i}" for i in range(1, 8)] + ["m_cha1", "m_cha2", "m_e1", "m_e2", "m_mu1", "m_mu2", "m_tau1",
                "m_tau2", "m_snu_e", "m_snu_mu", "m_snu_tau", "bprime_frac_lsp", "da_e", "da_mu_susy", "da_mu_zp",
                "da_mu", "pass_g2_e", "pass_g2_mu", "eps", "pass_plane", "ewkino_class", "pass_lhc", "tau_nlsp_s",
                "physical", "pass_all", "excl_atlas_selectron", "excl_atlas_smuon", "excl_nlsp_lifetime",
                "excl_atlas_long_lived_chargino", "excl_sneutrino_lsp", "excl_bprime_stranded", "ratio_ccfr_trident"]
                + list(PARAMETER_NAMES))
    missing = [c for c in expected if c not in full]
    assert not missing, missing
    assert all(len(v) == 300 for v in full.values())
    assert full["pass_all"].dtype == bool and np.all(full["pass_all"] <= full["pass_lhc"])

    resumed_cfg = dataclasses.replace(cfg, output=str(tmp_path / "resumed"))
    with pytest.raises(RuntimeError, match="interrupted"):
        run_scan(resumed_cfg, _StopAfter(make_evaluator(resumed_cfg), 1), workers=0)
    assert json.loads((tmp_path / "resumed" / "manifest.json").read_text())["completed"] == [0]
    resumed = load_results(run_scan(resumed_cfg, workers=0))
    assert resumed.keys() == full.keys()
    for name in full:
        assert _same(full[name], resumed[name]), name

    k = 123  # a row of the second batch
    p = {n: full[n][k:k + 1] for n in PARAMETER_NAMES}
    spec = compute_spectrum(p)
    for i in range(7):
        assert full[f"m_chi{i + 1}"][k] == pytest.approx(spec.neutralino_masses[0, i], rel=1e-12)
    assert full["m_cha1"][k] == pytest.approx(spec.chargino_masses[0, 0], rel=1e-12)
    assert full["m_e1"][k] == pytest.approx(spec.slepton_masses["e"][0, 0], rel=1e-12)
    assert full["m_snu_mu"][k] == pytest.approx(spec.sneutrino_masses["mu"][0], rel=1e-12)
    assert full["da_e"][k] == pytest.approx(delta_a_susy(spec, p, "e")["total"][0], rel=1e-12)
    assert full["da_mu_susy"][k] == pytest.approx(delta_a_susy(spec, p, "mu")["total"][0], rel=1e-12)
    zp = delta_a_zprime(p["m_zp"], p["gX"], "mu")[0]
    assert full["da_mu_zp"][k] == pytest.approx(zp, rel=1e-12)
    assert full["da_mu"][k] == pytest.approx(full["da_mu_susy"][k] + zp, rel=1e-12)


def _marker_module(tmp_path, monkeypatch):
    """A module that, when imported, writes a marker file: proves whether a config made us import it."""
    (tmp_path / "evil_evaluator.py").write_text(
        "import pathlib\n"
        f"pathlib.Path({str(tmp_path / 'imported')!r}).write_text('yes')\n"
        "def factory(config):\n    return lambda params: {}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path / "imported"


@pytest.mark.parametrize("name", ["os:system", "sys:exit", "evil_evaluator:factory", "evil_evaluator",
                                  "zprime_sym.scan.engine:run_scan", "", 42])
def test_config_cannot_select_code(tmp_path, monkeypatch, name):
    # A scan config is a data file: its evaluator key is matched against the registry by exact name,
    # anything else is refused before any import happens (the marker module is never imported).
    import sys

    marker = _marker_module(tmp_path, monkeypatch)
    doc = {"scan": {"n_points": 10, "batch_size": 5, "seed": 1, "output": "o", "evaluator": name},
           "ranges": {"x": [0, 1]}}
    with pytest.raises(InputError, match="not one of the project's evaluators"):
        ScanConfig.from_dict(doc, base_dir=tmp_path)
    assert not marker.exists() and "evil_evaluator" not in sys.modules
    # A ScanConfig built in Python with such a name is refused by make_evaluator too, still without import.
    from zprime_sym.scan.engine import make_evaluator

    cfg = ScanConfig(ranges={"x": (0.0, 1.0)}, n_points=10, batch_size=5, seed=1, output=str(tmp_path / "o"),
                     evaluator=str(name))
    with pytest.raises(InputError, match="not one of the project's evaluators"):
        make_evaluator(cfg)
    assert not marker.exists() and "evil_evaluator" not in sys.modules


def test_registered_names_resolve_to_the_susy_evaluator():
    from zprime_sym.scan.engine import EVALUATORS, make_evaluator
    from zprime_sym.susy.evaluate import SusyEvaluator

    for name in EVALUATORS:
        doc = {"scan": {"n_points": 10, "batch_size": 5, "seed": 1, "output": "o", "evaluator": name},
               "ranges": {"M1": [100, 200]}}
        assert isinstance(make_evaluator(ScanConfig.from_dict(doc)), SusyEvaluator)


def test_plugin_is_explicit_and_recorded_in_the_fingerprint(tmp_path, monkeypatch):
    # The command-line --plugin is the one way to run user code; the stored fingerprint says which.
    from zprime_sym.scan.engine import load_plugin

    marker = _marker_module(tmp_path, monkeypatch)
    base = ScanConfig.from_dict({"scan": {"n_points": 10, "batch_size": 5, "seed": 1, "output": "o"},
                                 "ranges": {"x": [0, 1]}}, base_dir=tmp_path)
    cfg, evaluate = load_plugin("evil_evaluator:factory", base)
    assert marker.exists() and cfg.evaluator == "plugin:evil_evaluator:factory"
    assert cfg.fingerprint() != base.fingerprint() and evaluate({"x": np.zeros(2)}) == {}
    for bad in ("nocolon", ":factory", "evil_evaluator:", "no_such_module_xyz:f", "evil_evaluator:missing"):
        with pytest.raises(InputError, match="--plugin"):
            load_plugin(bad, base)
