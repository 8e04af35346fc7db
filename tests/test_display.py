"""Display forms of derived expressions (zprime_sym.derive.display, zprime derive text and --latex).

The printed forms are re-arrangements only: for every shipped model every coupling, mixing quantity
and anomaly shown is checked to equal the derived expression (difference simplifies to 0 after
c_W -> sqrt(1 - s_W^2), cos^2 beta -> 1/(1 + tan^2 beta)). Readability is checked on the cases the
issue names (c_W^2 g~, the 2HDM C_A, no identity lines, one LaTeX notation); the LaTeX is compiled
with pdflatex when it is installed, and is always parsed back with sympy's LaTeX parser when its
antlr4 runtime is installed.
"""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy as sp

from zprime_sym import cli
from zprime_sym.commands.derive import latex_document_body, latex_lines
from zprime_sym.derive.display import cb2, display_equal, display_form, relation_form, tex_name, text
from zprime_sym.derive.gauge import cw, sw

MODELS = sorted(p.stem for p in Path("models").glob("*.toml"))


def _shown(d):
    """(what, derived expression, display form) of everything `zprime derive` prints."""
    items = [(n, d.couplings[n], display_form(d.couplings[n])) for n in d.couplings]
    items += [(k, v, display_form(v)) for k, v in d.anomalies.items()]
    items += [(f"relation {i}", r, relation_form(r)) for i, r in enumerate(d.relations)]
    if d.gauge is not None:
        for name in ("gt_lo", "tan_2phi", "phi_lo", "mZp2_lo", "delta_mZ2_lo", "rho_lo"):
            e = getattr(d.gauge, name)
            items.append((name, e, display_form(e)))
    return items


@pytest.mark.parametrize("model", MODELS)
def test_printed_forms_equal_the_derived_expressions(model, derived):
    d = derived(model)
    for what, original, shown in _shown(d):
        if what.startswith("relation"):  # a relation may be printed times -1 (same equation = 0)
            assert sp.expand(shown - original) == 0 or sp.expand(shown + original) == 0, what
        else:
            assert display_equal(original, shown), (model, what, original, shown)


def test_display_equal_detects_a_change():
    tb = sp.Symbol("tan_beta", real=True)
    assert display_equal(-sp.Symbol("gt") * (1 - sw**2), -sp.Symbol("gt") * cw**2)
    assert not display_equal(-sp.Symbol("gt") * (1 - sw**2), sp.Symbol("gt") * cw**2)
    assert not display_equal(1 / (1 + tb**2), cb2 + sp.Rational(1, 100), tan_beta=tb)


def test_cw_squared_and_collection(derived):
    d = derived("sm_u1")
    gt, gp, zH, zL = sp.symbols("gt gp zH zL_e")
    shown = display_form(d.couplings["CV_e"])
    assert shown.has(cw) and "sw - 1" not in str(shown)
    # collected by parameter: the coefficient of g~ is -c_W^2 (BCK21 Eq. (6), C_V = ... - c_W^2 g~)
    assert sp.expand(shown).coeff(sp.Symbol("gt", real=True)) == -cw**2 or "-cw**2*gt" in str(shown)


def test_2hdm_axial_coupling_is_the_leading_order_form(derived):
    # BCK21 Eq. (28): C_A = g' cos^2(beta) (z_1 - z_2)/2 -- three factors, not a ratio of sums
    shown = text(display_form(derived("nhdm_u1").couplings["CA_e"]))
    assert shown == "cos(beta)**2*gp*(z1 - z2)/2"
    cve = display_form(derived("nhdm_u1").couplings["CV_e"])
    assert len(sp.Add.make_args(sp.expand(cve))) > len(sp.Add.make_args(cve)) + 5  # collected, not expanded


def test_froggatt_nielsen_axial_coupling():
    # BCK21 Sec. IV C: C_A = -g' n/2 for the Froggatt-Nielsen charge n of the electron Yukawa
    assert text(display_form(cli_derive("froggatt_nielsen").couplings["CA_e"])) == "-gp*n_e/2"


def cli_derive(name):
    from zprime_sym.model.loader import load_model

    return load_model(name).derive()


def test_text_output_has_no_identity_lines(capsys):
    for model in ("sm_u1", "b_minus_l", "lmu_ltau"):
        assert cli.main(["derive", model]) == 0
        out = capsys.readouterr().out
        for line in out.splitlines():
            m = re.match(r"\s*(?:[\w' ]+:)?\s*(\S+) = (\S+)\s*$", line)
            assert not (m and m.group(1) == m.group(2)), line
            assert "0 = 0" not in line, line
        assert "gt = gt" not in out and "(sw - 1)*(sw + 1)" not in out


@pytest.mark.parametrize("model", MODELS)
def test_latex_one_notation_align_block(model, derived):
    body = latex_document_body(derived(model))
    assert body.count(r"\begin{align}") == 1 and body.rstrip().endswith(r"\end{align}")
    assert "CV_" not in body and "Cnu_" not in body and "CA_" not in body  # relations use C_{Ve} too
    assert r"\nue" not in body
    if derived(model).anomalies:
        assert r"\mathcal{A}_{U(1)'^3}" in body  # anomalies included
    if derived(model).gauge is not None:
        assert r"\tan 2\phi" in body and r"m_{Z'}^2" in body  # mixing included


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed (apt-get install texlive-latex-base)")
def test_latex_compiles_with_pdflatex(tmp_path, derived):
    bodies = "\n".join(latex_document_body(derived(m)) for m in MODELS)
    doc = "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n" + bodies + "\n\\end{document}\n"
    (tmp_path / "d.tex").write_text(doc)
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "d.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert (tmp_path / "d.pdf").stat().st_size > 1000


def _parse_back(lhs_tex: str, names: dict, tex: str) -> sp.Expr:
    """Parse ``tex`` with sympy's LaTeX parser after mapping our symbol names to plain letters x_{k}."""
    from sympy.parsing.latex import parse_latex

    order = sorted(names.items(), key=lambda kv: -len(kv[1]))
    plain = {}
    for k, (sym, name) in enumerate(order):
        token = f"x_{{{k}}}"
        # whole symbols only: the "e" of \\left or of z_{Le} is not the symbol e
        tex = re.sub(r"(?<![\\A-Za-z])(?<!_\{)" + re.escape(name) + r"(?![A-Za-z'])", " (" + token + ") ", tex)
        plain[sp.Symbol(f"x_{{{k}}}")] = sym
    parsed = parse_latex(tex)
    return parsed.subs({s: plain.get(sp.Symbol(s.name), s) for s in parsed.free_symbols})


@pytest.mark.parametrize("model", ["nhdm_u1", "dark_photon"])
def test_latex_parses_back_to_the_same_expressions(model, derived):
    pytest.importorskip("antlr4", reason="sympy.parsing.latex needs antlr4-python3-runtime (test extra)")
    from zprime_sym.derive.display import symbol_names

    d = derived(model)
    lines = latex_lines(d)
    syms = set().union(*(sp.sympify(e).free_symbols for _, _, e in lines))
    names = symbol_names(syms)
    checked = 0
    for lhs, _, expr in lines:
        tex = sp.latex(expr, symbol_names=names)
        back = _parse_back(lhs, {s: names[s] for s in syms if names[s] in tex}, tex)
        assert sp.simplify(back - expr) == 0, (model, lhs, tex, back)
        checked += 1
    assert checked >= 15


def test_tex_names():
    assert tex_name("CV_e") == "C_{Ve}" and tex_name("Cnu_mu") == r"C_{\nu\mu}" and tex_name("Cnu_e") == r"C_{\nu e}"
    assert tex_name("gp") == "g'" and tex_name("gt") == r"\tilde{g}" and tex_name("zL_tau") == r"z_{L\tau}"


def _n_doublet_file(tmp_path, n):
    """An N-Higgs-doublet + singlet model file (the one benchmarks/bench_derive.py times)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_derive import nhdm_text

    path = tmp_path / f"nhdm{n}.toml"
    path.write_text(nhdm_text(n))
    return path


def test_models_with_several_vev_angles_are_printed_as_derived(tmp_path, capsys, monkeypatch, derived):
    """With three or more doublets (several VEV angles) the text and LaTeX show the derived expressions
    unarranged, and say so: arranging them cancels and factors multivariate rational functions (minutes
    for N = 7). Every shipped model keeps its arranged forms."""
    from zprime_sym.derive.display import arrange_for
    from zprime_sym.model.loader import load_model

    monkeypatch.setenv("ZPRIME_SYM_NO_CACHE", "1")
    assert all(arrange_for(derived(model)) for model in MODELS)
    path = _n_doublet_file(tmp_path, 4)
    d = load_model(str(path)).derive()
    assert not arrange_for(d)
    assert display_form(d.couplings["CV_e"], arrange=False) is d.couplings["CV_e"]
    assert cli.main(["derive", str(path)]) == 0
    out = capsys.readouterr().out
    assert "printed as derived, not factored" in out
    assert f"CV_e     = {text(d.couplings['CV_e'])}" in out
    assert f"rho (LO)     = {text(d.gauge.rho_lo)}" in out
    latex = dict((lhs, e) for lhs, _, e in latex_lines(d))
    assert latex[r"\rho"] is d.gauge.rho_lo
