"""Generator of the hostile-input corpus (issue 14): input files and command lines built to break readers.

    python tests/hostile_corpus.py OUTDIR     writes every case's files to OUTDIR and lists the commands

Each case is ``Case(name, argv, expect, contains)``: ``expect`` is "ok" (a valid result: exit 0, or 1
for a negative physics answer) or "error" (the project's one-line error, exit 2); ``contains`` is a
piece of text the error must hold (the entry or problem it names). ``{dir}`` in argv stands for the
directory the files were written to. tests/test_hostile_inputs.py runs every case.
"""
from __future__ import annotations

import sys
from importlib import resources
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SM_U1 = (REPO / "models" / "sm_u1.toml").read_text()
# shipped data through the installed package (CI runs the tests against the wheel, without the source)
_DATA = resources.files("zprime_sym.data")
BP1 = _DATA.joinpath("susy_benchmarks", "BP1.slha").read_text()
MSET = _DATA.joinpath("measurements", "bck2021-cs.toml").read_text()
TABLE = _DATA.joinpath("limits", "babar_2014.csv").read_text()

SCAN = """[scan]
n_points = 20
batch_size = 10
seed = 1
output = "{output}"
nsigma = {nsigma}
evaluator = "{evaluator}"
[ranges]
M1 = [100, {hi}]
"""


@dataclass(frozen=True)
class Case:
    name: str
    argv: tuple[str, ...]
    expect: str  #: "ok" or "error"
    contains: str = ""
    subprocess: bool = False  #: also run in a fresh interpreter (checks for tracebacks and hangs there)
    warns: str = ""  #: a one-line "zprime: warning:" holding this text is required


def _scan(output="out", nsigma="2.0", evaluator="susy", hi="1000", extra=""):
    return SCAN.format(output=output, nsigma=nsigma, evaluator=evaluator, hi=hi) + extra


def _non_ascii_digit_row(table: str) -> str:
    """The table with the first digit of its first data row written as an Arabic-Indic digit."""
    lines = table.splitlines(keepends=True)
    rows = [i for i, line in enumerate(lines) if line[:1].isdigit()]
    i = rows[0]
    lines[i] = chr(0x0660 + int(lines[i][0])) + lines[i][1:]
    return "".join(lines)


def files() -> dict[str, bytes | str]:
    """File name -> content of every corpus file."""
    deep_array = "x = " + "[" * 500 + "]" * 500 + "\n"
    deep_table = "x = " + "{a = " * 500 + "1" + "}" * 500 + "\n"
    big_int = "x = " + "9" * 5000 + "\n"
    doublets = "".join(f'[[scalars]]\nname = "H{k}"\nrep = "doublet"\nhypercharge = "1/2"\ncharge = "z{k}"\n\n'
                       for k in range(50))
    fifty = ('name = "nhdm50"\n[gauge]\ngp = "gp"\n[leptons]\nL = 0\neR = 0\n' + doublets
             + "[vevs]\ndoublet_angles = [" + ", ".join(f'"t{k}"' for k in range(49)) + "]\n")
    out = {
        "model_deep_array.toml": SM_U1 + deep_array,
        "model_deep_table.toml": SM_U1 + deep_table,
        "model_big_int.toml": SM_U1.replace('gp = "gp"', "gp = " + "9" * 5000),
        "model_latin1.toml": SM_U1.encode() + "\n# caf\xe9\n".encode("latin-1"),
        "model_name_newline.toml": SM_U1.replace('name = "sm_u1"', 'name = "sm_u1\\n"'),
        "model_arabic_digits.toml": SM_U1.replace('hypercharge = "1/2"', 'hypercharge = "\u0661/\u0662"'),
        "model_fullwidth_digits.toml": SM_U1.replace('charge = "zH"', 'charge = "\uff11"'),
        "model_missing_flavour.toml": SM_U1.replace('L  = { e = "zL_e", mu = "zL_mu", tau = "zL_tau" }',
                                                    'L  = { e = "zL_e", mu = "zL_mu" }'),
        "model_float_charge.toml": SM_U1.replace('charge = "zH"', "charge = 0.5"),
        "model_decimal_coupling.toml": SM_U1.replace('gp = "gp"', "gp = 5e-4"),
        "model_nan_coupling.toml": SM_U1.replace('gp = "gp"', "gp = nan"),
        "model_negated_charge.toml": SM_U1.replace('eR = { e = "zR_e"', 'eR = { e = "-zL_e"'),
        "model_huge_exponent.toml": SM_U1.replace('gp = "gp"', "gp = 1e999999"),
        "model_50_doublets.toml": fifty,
        "model_huge.toml": SM_U1 + "# " + "x" * (5 * 1024 * 1024) + "\n",
        "model_not_a_table.toml": SM_U1.replace("[leptons]\n", "leptons = 3\n[leptons2]\n"),
        "model_empty.toml": "",
        "mset_deep.toml": MSET + deep_array,
        "mset_big_int.toml": MSET + big_int,
        "mset_latin1.toml": MSET.encode() + b"# \xe9\n",
        "mset_nan_sigma.toml": MSET.replace("sigma = ", "sigma = nan #", 1),
        "table_latin1.csv": TABLE.encode() + b"# \xff\xfe\n",
        "table_arabic_digits.csv": _non_ascii_digit_row(TABLE),
        "BP1_fullwidth_digits.slha": BP1.replace("   781.0", "   \uff17\uff18\uff11.0", 1),  # M1 = 781 in full width
        "BP1_latin1.slha": BP1.encode() + b"# \xe9\n",
        "BP1_duplicate.slha": BP1.replace("BLOCK EXTPAR", "BLOCK EXTPAR\n     1   2.00000000E+02   # M1 again", 1),
        "BP1_no_lmutau.slha": "\n".join(line for line in _drop_block(BP1, "LMUTAU")),
        "BP1_nan.slha": BP1.replace("BLOCK EXTPAR", "BLOCK EXTPAR_UNUSED", 1) + "BLOCK EXTPAR\n 1 nan\n",
        "scan_deep.toml": _scan() + "[fixed]\n" + deep_array,
        "scan_os_system.toml": _scan(evaluator="os:system"),
        "scan_sys_exit.toml": _scan(evaluator="sys:exit"),
        "scan_huge_n.toml": _scan().replace("n_points = 20", "n_points = 1000000000000000000")
                                   .replace("batch_size = 10", "batch_size = 1"),
        "scan_nsigma_nan.toml": _scan(nsigma="nan"),
        "scan_nsigma_negative.toml": _scan(nsigma="-2"),
        "scan_output_is_file.toml": _scan(output="a_file"),
        "a_file": "I am a file, not a directory\n",
        "scan_range_overflow.toml": _scan(hi='"1e400GeV"'),
        "scan_big_int.toml": _scan() + "[fixed]\n" + big_int,
        "scan_corrupt_manifest.toml": _scan(output="corrupt"),
        "corrupt/manifest.json": "{ not json",
        "scan_list_manifest.toml": _scan(output="listed"),
        "listed/manifest.json": "[1, 2, 3]",
        "scan_nan_manifest.toml": _scan(output="nanman"),
        "nanman/manifest.json": '{"n_batches": NaN}',
        "scan_ranges_list.toml": "ranges = [1, 2]\n" + _scan().split("[ranges]")[0],
        "scan_latin1.toml": _scan().encode() + b"# \xe9\n",
    }
    return out


def _drop_block(text: str, block: str):
    skip = False
    for line in text.splitlines():
        head = line.split("#", 1)[0].split()
        if head and head[0].upper() == "BLOCK":
            skip = len(head) > 1 and head[1].upper() == block
        if not skip:
            yield line


def cases() -> list[Case]:
    m = "{dir}/"
    c = []
    add = lambda *a, **k: c.append(Case(*a, **k))  # noqa: E731
    # model files (zprime check: invariance and anomalies, cheap)
    add("model deep array", ("check", m + "model_deep_array.toml"), "error", "nested", subprocess=True)
    add("model deep inline table", ("check", m + "model_deep_table.toml"), "error", "nested")
    add("model 5000-digit integer", ("check", m + "model_big_int.toml"), "error", "TOML")
    add("model not UTF-8", ("check", m + "model_latin1.toml"), "error", "UTF-8")
    add("model name with newline", ("check", m + "model_name_newline.toml"), "error", "[name]")
    add("model Arabic-Indic digits", ("check", m + "model_arabic_digits.toml"), "error", "hypercharge")
    add("model full-width digits", ("check", m + "model_fullwidth_digits.toml"), "error", "charge")
    add("model lepton flavour missing", ("check", m + "model_missing_flavour.toml"), "error", "tau")
    add("model float charge", ("check", m + "model_float_charge.toml"), "error", "charge 0.5")
    add("model decimal coupling", ("check", m + "model_decimal_coupling.toml"), "ok")
    add("model nan coupling", ("check", m + "model_nan_coupling.toml"), "error", "coupling")
    add("model negated charge", ("check", m + "model_negated_charge.toml"), "ok")
    add("model exponent 1e999999", ("check", m + "model_huge_exponent.toml"), "error", "exponent")
    add("model 50 Higgs doublets", ("derive", m + "model_50_doublets.toml"), "error", "--max-doublets 50",
        subprocess=True)
    add("model 5 MB", ("check", m + "model_huge.toml"), "error", "limit")
    add("model section not a table", ("check", m + "model_not_a_table.toml"), "error", "leptons")
    add("model empty file", ("check", m + "model_empty.toml"), "error", "name")
    add("model is a directory", ("check", "{dir}"), "error", "")
    # measurement sets
    point = ("g2", "--m-zp", "20MeV", "--CA_e", "1e-4", "--data")
    add("measurements deep", point + (m + "mset_deep.toml",), "error", "nested")
    add("measurements 5000-digit integer", point + (m + "mset_big_int.toml",), "error", "TOML")
    add("measurements not UTF-8", point + (m + "mset_latin1.toml",), "error", "UTF-8")
    add("measurements sigma nan", point + (m + "mset_nan_sigma.toml",), "error", "sigma")
    # options
    add("g2 coupling 1e308 --json", ("g2", "--m-zp", "20MeV", "--CV_e", "1e308", "--json"), "error", "--CV_e")
    add("g2 coupling nan", ("g2", "--m-zp", "20MeV", "--CV_e", "nan"), "error", "--CV_e")
    add("g2 mass 1e400GeV", ("g2", "--m-zp", "1e400GeV"), "error", "finite")
    add("g2 mass Arabic digits", ("g2", "--m-zp", "\u0662\u0660MeV"), "error", "--m-zp")
    add("g2 valid --json", ("g2", "--m-zp", "20MeV", "--CA_e", "1e-4", "--json"), "ok")
    add("verdict --masses 0", ("verdict", "sm_u1", "--masses", "0"), "error", "--masses")
    add("verdict --masses -1", ("verdict", "sm_u1", "--masses", "-1"), "error", "--masses")
    add("verdict --masses 1e8", ("verdict", "sm_u1", "--masses", "100000000"), "error", "--max-masses")
    add("verdict --seed -5", ("verdict", "sm_u1", "--seed", "-5"), "error", "--seed")
    add("verdict --sigma inf", ("verdict", "sm_u1", "--sigma", "inf"), "error", "--sigma", subprocess=True)
    add("verdict --sigma nan", ("verdict", "sm_u1", "--sigma", "nan"), "error", "--sigma")
    add("verdict --sigma 0", ("verdict", "sm_u1", "--sigma", "0"), "error", "--sigma")
    add("verdict --mass-range reversed", ("verdict", "sm_u1", "--mass-range", "1GeV,1MeV"), "error", "--mass-range")
    plot = ("plot", "model_independent", "--plane", "m_zp,CA_e")
    add("plot -o missing directory", plot + ("-o", "/nonexistent/dir/x.png"), "error", "does not exist")
    add("plot --profile 1e8 values", plot + ("--profile", "CV_e=1e-5:1e-3:100000000", "--json"), "error",
        "--profile")
    add("plot grid x profile too large", plot + ("--grid", "2000", "--profile", "CV_e=1e-5:1e-3:900", "--json"),
        "error", "--max-points")
    add("plot --tie 5000 parentheses", plot + ("--tie", "CV_e=" + "(" * 5000 + "1" + ")" * 5000, "--json"), "error",
        "--tie")
    add("plot --tie 900 unary minus", plot + ("--tie", "CV_e=" + "-" * 900 + "1", "--grid", "8", "--json"), "ok")
    add("plot --sigma nan", plot + ("--sigma", "nan", "--json"), "error", "--sigma")
    add("plot --grid 10^9", plot + ("--grid", "1000000000", "--json"), "error", "--grid")
    # constraint tables and SLHA
    add("constraints table not UTF-8", ("constraints", "--table", m + "table_latin1.csv"), "error", "UTF-8")
    add("SLHA not UTF-8", ("susy", "spectrum", m + "BP1_latin1.slha"), "error", "UTF-8")
    add("table Arabic-Indic digits", ("constraints", "--table", m + "table_arabic_digits.csv"), "error", "ASCII")
    add("SLHA full-width digits", ("susy", "spectrum", m + "BP1_fullwidth_digits.slha"), "error", "non-ASCII")
    add("SLHA duplicated entry", ("susy", "spectrum", m + "BP1_duplicate.slha"), "error", "given twice")
    add("SLHA without LMUTAU", ("susy", "spectrum", m + "BP1_no_lmutau.slha"), "ok",
        warns="no BLOCK LMUTAU: MSSM limit used")
    add("SLHA non-finite value", ("susy", "spectrum", m + "BP1_nan.slha"), "error", "")
    # scan configs
    add("scan deep", ("scan", m + "scan_deep.toml"), "error", "nested")
    add("scan evaluator os:system", ("scan", m + "scan_os_system.toml"), "error", "evaluator", subprocess=True)
    add("scan evaluator sys:exit", ("scan", m + "scan_sys_exit.toml"), "error", "evaluator")
    add("scan n_points 1e18", ("scan", m + "scan_huge_n.toml"), "error", "--max-points", subprocess=True)
    add("scan nsigma nan", ("scan", m + "scan_nsigma_nan.toml"), "error", "nsigma")
    add("scan nsigma -2", ("scan", m + "scan_nsigma_negative.toml"), "error", "nsigma")
    add("scan output is a file", ("scan", m + "scan_output_is_file.toml"), "error", "not a directory")
    add("scan range 1e400GeV", ("scan", m + "scan_range_overflow.toml"), "error", "finite")
    add("scan 5000-digit integer", ("scan", m + "scan_big_int.toml"), "error", "TOML")
    add("scan corrupt manifest", ("scan", m + "scan_corrupt_manifest.toml"), "error", "manifest")
    add("scan list manifest", ("scan", m + "scan_list_manifest.toml"), "error", "manifest")
    add("scan NaN manifest", ("scan", m + "scan_nan_manifest.toml"), "error", "manifest")
    add("scan ranges not a table", ("scan", m + "scan_ranges_list.toml"), "error", "[ranges]")
    add("scan not UTF-8", ("scan", m + "scan_latin1.toml"), "error", "UTF-8")
    add("scan missing config", ("scan", m + "no_such.toml"), "error", "no_such")
    return c


def write(directory: Path) -> None:
    """Write every corpus file under ``directory``."""
    for name, content in files().items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    write(target)
    for case in cases():
        print(f"{case.expect:5s} zprime {' '.join(a.replace('{dir}', str(target)) for a in case.argv)[:160]}")
