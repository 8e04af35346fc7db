"""Progress lines: shown only on a terminal, for scans, verdicts and plots alike (zprime_sym.progress)."""
import io

from zprime_sym import progress as progress_module
from zprime_sym.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_a_terminal(monkeypatch):
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    bar = Progress(3, "verdict", unit="stages")
    bar.step(3)
    bar.close()
    assert pipe.getvalue() == ""  # a log or a pipe gets nothing, not even "\r"
    tty = _Terminal()
    monkeypatch.setattr("sys.stderr", tty)
    monkeypatch.setitem(__import__("sys").modules, "tqdm", None)  # the plain line, not tqdm
    bar = Progress(3, "verdict", unit="stages")
    bar.step(3)
    assert "verdict: 3/3 stages (100%)" in tty.getvalue()
    assert Progress(3, "x", enabled=False).enabled is False and progress_module.stderr_is_terminal()


def test_verdict_and_plot_report_progress_on_a_terminal(monkeypatch):
    from zprime_sym import verdict
    from zprime_sym.plot.regions import compute_regions

    tty = _Terminal()
    monkeypatch.setattr("sys.stderr", tty)
    monkeypatch.setitem(__import__("sys").modules, "tqdm", None)
    verdict("model_independent", mass_range_GeV=(0.01, 0.05), n_masses=3, find_blocking=False)
    assert "verdict: 4/4 stages (100%)" in tty.getvalue()
    compute_regions("model_independent", "m_zp,CA_e", grid=8)
    assert "plot: 2/2 stages (100%)" in tty.getvalue()
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    compute_regions("model_independent", "m_zp,CA_e", grid=8)
    assert pipe.getvalue() == ""
