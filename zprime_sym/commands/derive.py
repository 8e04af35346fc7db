"""``zprime derive MODEL [--json] [--latex] [--verbose]``: free parameters, mixing, couplings, relations,
anomalies.

The printed result is cached on disk (zprime_sym/diskcache.py: text with a sha256 checksum),
keyed by the model file's bytes and path, the output format, the package and sympy versions and the
source of the model, derive and this command's modules; a warm run prints it without importing sympy.
``--verbose`` says on stderr whether the cache was used.
"""
from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from ..model.couplings import COUPLING_NAMES, QUARK_COUPLING_NAMES
from ._common import add_doublet_limit, apply_doublet_limit, print_json

if TYPE_CHECKING:  # sympy and the display forms are imported only when a derivation runs (not on a cache hit)
    import sympy as sp


def add_parser(sub) -> None:
    p = sub.add_parser("derive", help="derive couplings, relations and anomalies of a model",
                       description="MODEL is a path to a TOML charge table or the name of a shipped model.")
    p.add_argument("model")
    add_doublet_limit(p)
    p.add_argument("--verbose", action="store_true", help="say on stderr whether the on-disk cache was used")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print one JSON object")
    fmt.add_argument("--latex", action="store_true",
                     help="print one amsmath align block: couplings, relations, mixing, m_Z'^2, rho, anomalies")
    p.set_defaults(handler=run)


def derivation_summary(d) -> dict:
    """JSON-ready summary of a Derivation (sympy expressions as str())."""
    model = d.model
    out = {
        "model": model.name,
        "description": model.description,
        "references": list(model.references),
        "source": model.source,
        "free_parameters": [s.name for s in d.free_parameters],
        "coupling_parameters": [s.name for s in d.coupling_parameters],
        "couplings": {n: str(d.couplings[n]) for n in COUPLING_NAMES},
        "quark_couplings": {n: str(d.quark_couplings[n]) for n in QUARK_COUPLING_NAMES},
        "relations": [str(r) for r in d.relations],
        "n_independent_couplings": d.n_independent,
        "anomalies": {k: str(v) for k, v in d.anomalies.items()},
        "constants": {"e": "electric charge sqrt(4 pi alpha)", "sw": "sin(theta_W)", "cw": "cos(theta_W)",
                      "v": "electroweak VEV, 246 GeV"},
    }
    if d.invariance is not None:
        out["invariance"] = {
            "conditions": {k: f"{v} = 0" for k, v in d.invariance.conditions.items()},
            "solution": {str(k): str(v) for k, v in d.invariance.solution.items()},
            "free_charges": [s.name for s in d.invariance.free_charges],
        }
    if d.gauge is not None:
        g = d.gauge
        out["gauge"] = {
            "kinetic_mixing": f"{d.model.kinetic_mixing[0]} = {d.model.kinetic_mixing[1]}"
                              + (" (loop-induced, gauge.kinetic_mixing = loop)" if model.kinetic_mixing[0] == "loop" else ""),
            # b_A = Σ N_c Q z of the charged fermions when the declared mixing is fixed and runs (else null)
            "mixing_running_coefficient": None if d.mixing_running is None else str(d.mixing_running),
            "gt_leading_order": str(g.gt_lo),
            "kinetic_rotation_eq19": str(g.kinetic_rotation.tolist()),
            "gt_exact": str(g.gt_exact),
            "gp_exact": str(g.gp_exact),
            "tan_2phi": str(g.tan_2phi),
            "phi_leading_order": str(g.phi_lo),
            "mZp2_leading_order_GeV2": str(g.mZp2_lo),
            "delta_mZ2_leading_order_GeV2": str(g.delta_mZ2_lo),
            "rho_leading_order": str(g.rho_lo),
            "vev_fractions": {k: str(v) for k, v in g.vev_fractions.items()},
            "fraction_symbols": {str(sym): f"(v_{name}/v)^2 = {g.vev_fractions[name]}"
                                 for name, sym in g.fraction_symbols.items()},
        }
    return out


def _display(d):
    """The display form of ``d``'s expressions (zprime_sym.derive.display.display_form; arranged unless
    :func:`..derive.display.arrange_for` says not), for the text and the LaTeX output alike."""
    from ..derive.display import arrange_for, display_form

    arrange = arrange_for(d)
    return lambda expr: display_form(expr, arrange=arrange)


#: Printed under m_Z'^2 when it vanishes identically (``zprime verdict`` refuses such a model).
UNBROKEN = ("  note: m_Z'^2 = 0 for every parameter value: the U(1)' is unbroken (no scalar with a non-zero "
            "U(1)' charge has a VEV); zprime verdict and plot refuse a massless Z'")


def running_note(b) -> str:
    """The derive note for a fixed kinetic mixing that runs (Derivation.mixing_running = b_A)."""
    return (f"  note: the charged fermions have b = sum N_c Q z_V = {b}, not 0, so the photon-Z' mixing runs at one "
            "loop (d eps_A/d ln mu = -e g' b/(6 pi^2)): the declared value holds at one scale only; declare gt (or "
            "eps) as a free parameter to scan the mixing (derive/loop_mixing.py: running_coefficient)")


#: Printed under the header of a model whose expressions are shown as derived (display.arrange_for).
NOT_ARRANGED = ("  (several VEV angles: expressions are printed as derived, not factored; factoring them "
                "takes minutes)")


def _print_text(d) -> None:
    from ..derive.display import arrange_for, relation_form, text

    shown_form = _display(d)

    def _show(expr) -> str:
        return text(shown_form(expr))

    s = derivation_summary(d)
    print(f"model: {s['model']}  ({s['source']})")
    if s["description"]:
        print(f"  {s['description']}")
    print(f"free parameters: {', '.join(s['free_parameters']) or '(none)'}")
    if not arrange_for(d):
        print(NOT_ARRANGED)
    if d.invariance is not None:
        inv = d.invariance
        print("operator invariance:" + ("" if inv.conditions else " (no operators declared)"))
        for k, cond in inv.conditions.items():
            print(f"  {k}: {cond} = 0" if cond != 0 else f"  {k}: invariant for any charges")
        for k, v in inv.solution.items():
            print(f"  => {k} = {v}")
    if d.gauge is not None:
        g = d.gauge
        kind, value = d.model.kinetic_mixing
        print("gauge sector (GeV units; e, sw, cw, v are constants, cw**2 = 1 - sw**2):")
        if kind == "eps":
            print(f"  kinetic mixing eps = {value}: at leading order g~ = {_show(g.gt_lo)}")
            print(f"  Eq. (19) rotation (B', X') = R (B, X), R = {g.kinetic_rotation.tolist()}")
            print(f"  exactly: g~ = {g.gt_exact},  g' -> {g.gp_exact}")
        elif str(value) == "gt":
            print("  kinetic mixing: g~ = gt, a free parameter (diagonal kinetic basis)")
        else:
            print(f"  kinetic mixing: g~ = {value}")
        if d.mixing_running is not None:
            print(running_note(d.mixing_running))
        for sym, meaning in s["gauge"]["fraction_symbols"].items():
            print(f"  {sym} = {meaning}   (VEV fractions sum to 1)")
        print(f"  tan(2 phi)   = {_show(g.tan_2phi)}")
        print(f"  phi (LO)     = {_show(g.phi_lo)}")
        print(f"  m_Z'^2 (LO)  = {_show(g.mZp2_lo)}  GeV^2")
        if g.mZp2_lo == 0:
            print(UNBROKEN)
        print(f"  dm_Z^2 (LO)  = {_show(g.delta_mZ2_lo)}  GeV^2")
        print(f"  rho (LO)     = {_show(g.rho_lo)}")
    shown = {n: _show(d.couplings[n]) for n in COUPLING_NAMES}
    print("couplings at leading order in g', g~ (BCK21 Eq. (6) convention"
          + ("; cos(beta)**2 = 1/(1 + tan_beta**2)" if any("cos(beta)" in t for t in shown.values()) else "")
          + "):")
    free = [n for n in COUPLING_NAMES if str(d.couplings[n]) == n]
    if free:
        print(f"  free couplings (parameters of the model): {', '.join(free)}")
    for n in COUPLING_NAMES:
        if n not in free:
            print(f"  {n:8s} = {shown[n]}")
    print("quark and nucleon couplings (same order; CV_p = 2 CV_u + CV_d, CV_n = CV_u + 2 CV_d):")
    for n in QUARK_COUPLING_NAMES:
        print(f"  {n:8s} = {_show(d.quark_couplings[n])}")
    print(f"relations ({len(d.relations)}; {s['n_independent_couplings']} of 9 couplings independent):")
    for r in d.relations:
        print(f"  {relation_form(r)} = 0")
    if not d.relations:
        print("  (none)")
    if s["anomalies"]:
        print("anomaly coefficients (reported, not enforced):")
        for k, v in d.anomalies.items():
            print(f"  {k:12s} {_show(v)}")


#: LaTeX of the anomaly coefficient names of zprime_sym.derive.anomalies.
ANOMALY_TEX = {"SU3^2 U1'": r"\mathcal{A}_{SU(3)^2\,U(1)'}", "SU2^2 U1'": r"\mathcal{A}_{SU(2)^2\,U(1)'}",
               "U1Y^2 U1'": r"\mathcal{A}_{U(1)_Y^2\,U(1)'}", "U1Y U1'^2": r"\mathcal{A}_{U(1)_Y\,U(1)'^2}",
               "U1'^3": r"\mathcal{A}_{U(1)'^3}", "grav^2 U1'": r"\mathcal{A}_{\mathrm{grav}^2\,U(1)'}"}


def latex_lines(d) -> list[tuple[str, str, sp.Expr]]:
    """(left-hand side LaTeX, relation sign, display expression) of every ``--latex`` line, in order:
    couplings, relations, mixing, m_Z'^2, rho, anomalies. One notation throughout
    (:func:`zprime_sym.derive.display.tex_name`: C_{Ve}, g', \\tilde{g}, ...)."""
    from ..derive.display import relation_form, tex_name

    display_form = _display(d)
    lines = [(tex_name(n), "=", display_form(d.couplings[n])) for n in COUPLING_NAMES
             if str(d.couplings[n]) != n]  # an effective model's free coupling is no equation
    lines += [("0", "=", relation_form(r)) for r in d.relations]
    if d.gauge is not None:
        g = d.gauge
        if d.model.kinetic_mixing[0] == "eps":
            lines.append((r"\tilde{g}", r"\simeq", display_form(g.gt_lo)))
        lines += [(r"\tan 2\phi", "=", display_form(g.tan_2phi)), (r"\phi", r"\simeq", display_form(g.phi_lo)),
                  (r"m_{Z'}^2", r"\simeq", display_form(g.mZp2_lo)),
                  (r"\delta m_Z^2", r"\simeq", display_form(g.delta_mZ2_lo)),
                  (r"\rho", r"\simeq", display_form(g.rho_lo))]
    lines += [(ANOMALY_TEX.get(k, k), "=", display_form(v)) for k, v in d.anomalies.items()]
    return lines


def latex_document_body(d) -> str:
    """The ``align`` environment printed by ``--latex`` (needs amsmath)."""
    import sympy as sp

    from ..derive import display
    from ..derive.display import symbol_names, tex_name
    from ..model.charges import as_expr

    symbols = set(d.free_parameters) | set(d.coupling_parameters)
    for _, _, expr in latex_lines(d):
        symbols |= as_expr(expr).free_symbols
    names = symbol_names(symbols)
    rows = [f"  {lhs} &{rel} {sp.latex(expr, symbol_names=names)}" for lhs, rel, expr in latex_lines(d)]
    if not rows:
        rows = [r"  \text{no relations: the couplings are free parameters} &"]
    fractions = [f"{tex_name(sym.name)} = (v_{{{name}}}/v)^2" for name, sym in (d.gauge.fraction_symbols.items()
                                                                           if d.gauge is not None else [])]
    notes = ["c_W^2 = 1 - s_W^2"] + ([r"c_\beta^{2} = 1/(1+\tan^2\beta)"] if any(
        display.cb2 in as_expr(e).free_symbols for _, _, e in latex_lines(d)) else []) + fractions
    header = f"% zprime derive {d.model.name} --latex: BCK21 (Bodas, Coy, King, arXiv:2102.07781) conventions; " \
             + "; ".join(notes)
    return header + "\n\\begin{align}\n" + " \\\\\n".join(rows) + "\n\\end{align}"



def _model_file(name_or_path: str) -> Path | None:
    """The file ``load_model`` would read (same rules as model.loader.resolve_model_path, without
    importing it: it loads sympy); None if not found (the loader then reports the error)."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    if "/" in name_or_path or "\\" in name_or_path:
        return None
    from importlib import resources

    stem = name_or_path[:-5] if name_or_path.endswith(".toml") else name_or_path
    try:
        root = resources.files("zprime_sym.models")
    except ModuleNotFoundError:
        root = Path(__file__).resolve().parents[2] / "models"
    candidate = Path(str(root.joinpath(f"{stem}.toml")))
    return candidate if candidate.is_file() else None


def _cache_key(args, mode: str) -> str | None:
    from .. import diskcache

    path = _model_file(args.model)
    if path is None or not diskcache.enabled():
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return diskcache.make_key("derive", data, str(path), args.model, mode, diskcache.library_version("sympy"),
                              diskcache.source_digest("model", "derive", "commands/derive.py", "commands/_common.py",
                                                      "exceptions.py", "units.py"))


def _derive_and_print(args) -> None:
    from ..model.loader import load_model

    d = load_model(args.model).derive()
    if args.json:
        print_json(derivation_summary(d))
    elif args.latex:
        print(latex_document_body(d))
    else:
        _print_text(d)


def run(args) -> int:
    from .. import diskcache

    apply_doublet_limit(args)

    mode = "json" if args.json else "latex" if args.latex else "text"
    key = _cache_key(args, mode)
    cached = diskcache.load_json("derive", key, lambda d: isinstance(d, dict) and isinstance(d.get("stdout"), str)
                                 and isinstance(d.get("stderr"), str)) if key else None
    if cached is not None:
        out, err = cached["stdout"], cached["stderr"]
    if args.verbose:
        state = ("disabled (ZPRIME_SYM_NO_CACHE)" if not diskcache.enabled() else "hit" if cached is not None
                 else "miss (derived with sympy and stored)" if key else "not used (model file not found)")
        print(f"cache: derivation: {state}; directory {diskcache.cache_dir()}", file=sys.stderr)
    if cached is None:
        out_buf, err_buf = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out_buf), contextlib.redirect_stderr(err_buf):
            _derive_and_print(args)
        out, err = out_buf.getvalue(), err_buf.getvalue()
        if key:
            diskcache.store_json("derive", key, {"stdout": out, "stderr": err})
    sys.stderr.write(err)
    sys.stdout.write(out)
    return 0
