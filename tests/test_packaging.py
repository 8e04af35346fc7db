"""Release basics: one version source, --version, python -m zprime_sym, py.typed, licence and
citation metadata; under .ci/run (ZPRIME_SYM_TEST_INSTALLED=1) the tests run against the installed wheel."""
import os
import subprocess
import sys
import sysconfig
from importlib import metadata, resources
from pathlib import Path

import pytest

import zprime_sym
from zprime_sym import cli

ROOT = Path(__file__).resolve().parents[1]


def test_one_version_source():
    # pyproject.toml reads the version from zprime_sym.__version__ (dynamic), so the installed
    # distribution's metadata must agree with the module; CITATION.cff repeats it for citers.
    yaml = pytest.importorskip("yaml")
    assert metadata.version("zprime_sym") == zprime_sym.__version__
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject.split("[project.optional")[0]
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["version"] == zprime_sym.__version__ and cff["cff-version"] == "1.2.0"
    refs = {r["identifiers"][0]["value"] for r in cff["references"]}
    assert refs == {"arXiv:2102.07781", "arXiv:2011.05083"}  # BCK21, BDR20


def test_version_flag_and_module_entry_point(capsys):
    # main() returns argparse's exit status instead of raising SystemExit (exit codes for scripts)
    assert cli.main(["--version"]) == 0 and capsys.readouterr().out.strip() == f"zprime {zprime_sym.__version__}"
    run = subprocess.run([sys.executable, "-m", "zprime_sym", "--version"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == f"zprime {zprime_sym.__version__}"
    bad = subprocess.run([sys.executable, "-m", "zprime_sym", "g2", "--m-zp", "20"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr  # same exit codes as the zprime script


def test_typed_and_licensed_distribution():
    assert resources.files("zprime_sym").joinpath("py.typed").is_file()
    dist = metadata.distribution("zprime_sym")
    assert dist.metadata["License-Expression"] == "MIT"
    files = {str(f) for f in dist.files or ()}
    assert any(f.endswith("LICENSE") for f in files), "the licence notice must ship with the code"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


@pytest.mark.skipif(os.environ.get("ZPRIME_SYM_TEST_INSTALLED") != "1", reason="only under .ci/run")
def test_suite_imports_the_installed_wheel():
    # .ci/run installs the wheel non-editable and runs the suite from an unpacked sdist without the
    # package folder: zprime_sym must come from site-packages, and the shipped data with it.
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert site in Path(zprime_sym.__file__).resolve().parents
    assert not (ROOT / "zprime_sym").exists()
    assert resources.files("zprime_sym.data").joinpath("limits", "babar_2014.csv").is_file()
    assert resources.files("zprime_sym.models").joinpath("sm_u1.toml").is_file()
