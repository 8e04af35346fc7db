"""Every command and Python snippet shown in README.md and docs/*.md is executed, so examples cannot rot.

Convention (also stated in docs/verdicts.md, "Executable documentation"):
* A fenced block tagged ``console``: every line starting with ``$ `` is a shell command, run with bash;
  the lines up to the next ``$ `` are its documented output. The expected exit code is the one written
  as ``# exit N`` at the end of the command line, else 2 if the documented output contains
  ``zprime: error:``, else 1 if it contains a line starting with ``NOT VIABLE``, else 0. A documented
  output must be what the command prints (stdout, then stderr), line by line, except for run times and
  rates (``0.27 s``, ``1.8e+05 points/s``: :func:`comparable`), so that a printed number cannot go stale.
* A block tagged ``bash`` or ``sh`` is run as one ``bash -e`` script and must exit 0.
* Blocks tagged ``python`` are exec'd in order, one namespace per file.
* Other blocks (toml, text, json, untagged) are data or output and are not run.
* A block preceded (blank lines allowed) by ``<!-- doc-test: skip (reason) -->`` is skipped; this is
  meant only for installs and long scans, and test_skipped_blocks_are_listed lists every skipped block.
Commands run in a scratch copy of the repository's docs/, models/ and benchmarks/ folders (so relative
paths like docs/examples/... work and no committed figure is overwritten), with the interpreter running
the tests first on PATH (so ``zprime`` and ``python`` are this installation's).
"""
from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
_FENCE = re.compile(r"^```([A-Za-z0-9_-]*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
_SKIP = re.compile(r"<!--\s*doc-test:\s*skip\s*\((.+?)\)\s*-->\s*$")
_EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")
TIMEOUT = 120


def _blocks():
    """(file, line, language, body, skip reason or None) for every fenced block of every file."""
    out = []
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        for m in _FENCE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            before = text[: m.start()].rstrip().splitlines()
            skip = _SKIP.search(before[-1]) if before else None
            out.append((path, line, m.group(1).lower(), m.group(2), skip.group(1) if skip else None))
    return out


BLOCKS = _blocks()


def _commands(body: str):
    """(command, documented output) pairs of a console block."""
    out, current = [], None
    for line in body.splitlines():
        if line.startswith("$ "):
            current = [line[2:], []]
            out.append(current)
        elif current is not None:
            current[1].append(line)
    return [(cmd, "\n".join(lines)) for cmd, lines in out]


def expected_exit(command: str, output: str) -> int:
    m = _EXIT.search(command)
    if m:
        return int(m.group(1))
    if "zprime: error:" in output:
        return 2
    if any(line.startswith("NOT VIABLE") for line in output.splitlines()):
        return 1
    return 0


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    work = tmp_path_factory.mktemp("docs_run")
    for name in ("docs", "models", "benchmarks"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, work / name)
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["MPLBACKEND"] = "Agg"
    return work, env


def _label(path, line):
    return f"{path.relative_to(ROOT)}:{line}"


RUNNABLE = ("console", "bash", "sh", "python")
DOC_FILES = sorted({p for p, _, lang, body, skip in BLOCKS if skip is None and lang in RUNNABLE})


def assert_shell_block_runs(path, line, lang, body, work, env):
    if lang in ("bash", "sh"):
        r = subprocess.run(["bash", "-e", "-c", body], cwd=work, env=env, capture_output=True, text=True,
                           timeout=TIMEOUT)
        assert r.returncode == 0, f"{_label(path, line)}: exit {r.returncode}\n{r.stderr[-2000:]}"
        return
    for command, output in _commands(body):
        r = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True,
                           timeout=TIMEOUT)
        want = expected_exit(command, output)
        assert r.returncode == want, (f"{_label(path, line)}: `{command}` exited {r.returncode}, documented {want}\n"
                                      f"{r.stderr[-2000:]}")
        if output.strip():
            printed, documented = comparable(r.stdout + r.stderr), comparable(output)
            assert printed == documented, (f"{_label(path, line)}: `{command}` prints something else than documented:\n"
                                           + "\n".join(difflib.unified_diff(documented, printed, "documented", "printed",
                                                                            n=0, lineterm=""))[:4000])


#: What varies from run to run in a documented output: durations and rates (masked before comparing).
_VARYING = ((re.compile(r"\d+(\.\d+)?(e[+-]?\d+)? ?(s|ms|us|µs)\b"), "<time>"),
            (re.compile(r"\d+(\.\d+)?(e[+-]?\d+)? points/s"), "<rate> points/s"))


def comparable(text: str) -> list[str]:
    """The lines of a command's output as compared with its documentation: trailing blanks and blank
    last lines dropped, durations and rates masked (:data:`_VARYING`)."""
    lines = []
    for line in text.splitlines():
        for pattern, mask in _VARYING:
            line = pattern.sub(mask, line)
        lines.append(line.rstrip())
    while lines and not lines[-1]:
        lines.pop()
    return lines


@pytest.mark.parametrize("path", DOC_FILES, ids=[str(p.relative_to(ROOT)) for p in DOC_FILES])
def test_doc_file(path, scratch, monkeypatch):
    """The runnable blocks of one file, in document order and in one working directory, as a reader would
    run them: a command may use a file that a Python block above it wrote (one namespace per file)."""
    work, env = scratch
    monkeypatch.chdir(work)
    namespace: dict = {"__name__": "__doc_snippet__"}
    ran = 0
    for p, line, lang, body, skip in BLOCKS:
        if p != path or skip is not None or lang not in RUNNABLE:
            continue
        ran += 1
        if lang == "python":
            code = compile(body, f"{_label(p, line)}", "exec")
            exec(code, namespace)  # noqa: S102 - the project's own documentation, not user data
        else:
            assert_shell_block_runs(p, line, lang, body, work, env)
    assert ran > 0  # the file was collected because it has runnable blocks


def test_skipped_blocks_are_listed(capsys):
    skipped = [(p, ln, reason) for p, ln, _, _, reason in BLOCKS if reason is not None]
    for p, ln, reason in skipped:
        assert reason.strip(), f"{_label(p, ln)}: a skipped block must give its reason"
        assert re.search(r"install|long|scan|minutes|test suite|figures", reason, re.I), (
            f"{_label(p, ln)}: skips are for installs and long scans only, got {reason!r}")
    with capsys.disabled():
        print("\ndoc blocks skipped:\n" + "\n".join(f"  {_label(p, ln)}: {r}" for p, ln, r in skipped))


def test_documented_output_is_compared_except_times():
    assert comparable("49433 points in 0.27 s (1.83e+05 points/s)\n\n") == ["49433 points in <time> (<rate> points/s)"]
    assert comparable("m_Z' = 24.45 MeV  \nVIABLE") == ["m_Z' = 24.45 MeV", "VIABLE"]
    assert comparable("window [17.29, 39.1] MeV") != comparable("window [17.29, 38.67] MeV")


def test_convention_parses_the_readme_example():
    readme = [b for b in BLOCKS if b[0].name == "README.md"]
    assert any(lang == "python" and "verdict(" in body for _, _, lang, body, _ in readme)
    assert expected_exit("zprime verdict x   # exit 1", "") == 1
    assert expected_exit("zprime plot x", "zprime: error: bad") == 2
    assert expected_exit("zprime verdict x", "model x\nNOT VIABLE\n") == 1
