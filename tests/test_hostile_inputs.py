"""Hostile-input corpus (tests/hostile_corpus.py): every case gives a valid result or one clean error.

A clean error is the project's single line ``zprime: error: ...`` on stderr with exit code 2, naming
what is wrong (``Case.contains``), no traceback, within a time limit (no hang). Cases run in-process
through ``zprime_sym.cli.main`` (fast; an unexpected exception fails the test with its traceback);
the ones marked ``subprocess`` also run in a fresh interpreter with a timeout.
"""
import contextlib
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hostile_corpus import cases, write
from zprime_sym import cli

CASES = cases()
#: Seconds a case may take in-process (each is refused up front or is a one-point computation).
TIME_LIMIT_S = 30


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile")
    write(directory)
    return directory


def _argv(case, directory):
    return [a.replace("{dir}", str(directory)) for a in case.argv]


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def check_outcome(case, rc, out, err):
    lines = [line for line in err.splitlines() if not line.startswith("zprime: warning:")]
    assert "Traceback" not in err
    if case.warns:
        warnings = [line for line in err.splitlines() if line.startswith("zprime: warning:")]
        assert len(warnings) == 1 and case.warns in warnings[0], err
    if case.expect == "ok":
        assert rc in (0, 1), (rc, err)
        assert not lines, err
    else:
        assert rc == 2, (rc, out, err)
        assert len(lines) == 1 and lines[0].startswith("zprime: error: "), err
        assert case.contains in lines[0], lines[0]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_in_process(case, corpus, monkeypatch):
    monkeypatch.chdir(corpus)
    out, err = io.StringIO(), io.StringIO()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT_S)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = cli.main(_argv(case, corpus))
            except SystemExit as exc:  # argparse usage errors
                rc = exc.code
    except _Timeout:
        pytest.fail(f"{case.name}: no answer within {TIME_LIMIT_S} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    check_outcome(case, rc, out.getvalue(), err.getvalue())


SUBPROCESS_CASES = [c for c in CASES if c.subprocess]


@pytest.mark.parametrize("case", SUBPROCESS_CASES, ids=[c.name for c in SUBPROCESS_CASES])
def test_case_in_subprocess(case, corpus):
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.run([sys.executable, "-m", "zprime_sym.cli", *_argv(case, corpus)], cwd=corpus, env=env,
                          capture_output=True, text=True, timeout=60)
    check_outcome(case, proc.returncode, proc.stdout, proc.stderr)


def test_corpus_covers_the_issue():
    # the audit's categories (issue 14), each present at least once
    names = " ".join(c.name for c in CASES)
    for needle in ("deep", "5000-digit", "not UTF-8", "manifest", "output is a file", "missing directory",
                   "1e400GeV", "--masses 0", "--seed -5", "5000 parentheses", "50 Higgs doublets", "n_points 1e18",
                   "--masses 1e8", "--profile 1e8", "--sigma inf", "--sigma nan", "nsigma nan", "nsigma -2",
                   "1e308", "duplicated", "flavour missing", "Arabic", "full-width", "name with newline",
                   "os:system", "sys:exit"):
        assert needle in names, needle


def test_json_output_is_strict(capsys):
    # a non-finite number becomes null (any JSON parser reads the output) with a one-line warning
    import json

    from zprime_sym.commands._common import print_json

    print_json({"a": float("inf"), "b": [1.0, float("nan")], "c": 2.5})
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {"a": None, "b": [1.0, None], "c": 2.5}
    assert captured.err.count("\n") == 1 and "a, b[1]" in captured.err
