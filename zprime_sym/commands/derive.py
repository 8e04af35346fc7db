"""``zprime derive MODEL [--json] [--latex] [--verbose]``: free parameters, mixing, couplings, relations,
anomalies.

The printed result is cached on disk (zprime_sym/evaluate/diskcache.py: text with a sha256 checksum),
keyed by the model file's bytes and path, the output format, the package and sympy versions and the
source of the model, derive and this command's modules; a warm run prints it without importing sympy.
``--verbose`` says on stderr whether the cache was used.
"""
from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

from ..model.couplings import COUPLING_NAMES
from ._common import print_json


def add_parser(sub) -> None:
    p = sub.add_parser("derive", help="derive couplings, relations and anomalies of a model",
                       description="MODEL is a path to a TOML charge table or the name of a shipped model.")
    p.add_argument("model")
    p.add_argument("--verbose", action="store_true", help="say on stderr whether the on-disk cache was used")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print one JSON object")
    fmt.add_argument("--latex", action="store_true", help="print LaTeX equations")
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
            "kinetic_mixing": f"{model.kinetic_mixing[0]} = {model.kinetic_mixing[1]}",
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


def _print_text(d) -> None:
    s = derivation_summary(d)
    print(f"model: {s['model']}  ({s['source']})")
    if s["description"]:
        print(f"  {s['description']}")
    print(f"free parameters: {', '.join(s['free_parameters']) or '(none)'}")
    if "invariance" in s:
        inv = s["invariance"]
        print("operator invariance:" + ("" if inv["conditions"] else " (no operators declared)"))
        for k, v in inv["conditions"].items():
            print(f"  {k}: {v}")
        for k, v in inv["solution"].items():
            print(f"  => {k} = {v}")
    if "gauge" in s:
        g = s["gauge"]
        print("gauge sector (GeV units; e, sw, cw, v are constants):")
        print(f"  kinetic mixing: {g['kinetic_mixing']}   (g~ at leading order: {g['gt_leading_order']})")
        if d.model.kinetic_mixing[0] == "eps":
            print(f"  Eq. (19) rotation (B', X') = R (B, X), R = {g['kinetic_rotation_eq19']}")
            print(f"  exactly: g~ = {g['gt_exact']},  g' -> {g['gp_exact']}")
        for sym, meaning in g["fraction_symbols"].items():
            print(f"  {sym} = {meaning}   (VEV fractions sum to 1)")
        print(f"  tan(2 phi)   = {g['tan_2phi']}")
        print(f"  phi (LO)     = {g['phi_leading_order']}")
        print(f"  m_Z'^2 (LO)  = {g['mZp2_leading_order_GeV2']}  GeV^2")
        print(f"  dm_Z^2 (LO)  = {g['delta_mZ2_leading_order_GeV2']}  GeV^2")
        print(f"  rho (LO)     = {g['rho_leading_order']}")
    print("couplings at leading order in g', g~ (BCK21 Eq. (6) convention):")
    for n in COUPLING_NAMES:
        print(f"  {n:8s} = {s['couplings'][n]}")
    print(f"relations ({len(s['relations'])}; {s['n_independent_couplings']} of 9 couplings independent):")
    for r in s["relations"] or ["(none)"]:
        print(f"  {r} = 0" if r != "(none)" else "  (none)")
    if s["anomalies"]:
        print("anomaly coefficients (reported, not enforced):")
        for k, v in s["anomalies"].items():
            print(f"  {k:12s} {v}")


def _latex_names(d) -> dict:
    """Paper-style LaTeX names for the usual symbols (BCK21 notation)."""
    from ..derive.gauge import cw, sw

    special = {"gp": "g'", "gt": r"\tilde{g}", "eps": r"\varepsilon", "tan_beta": r"\tan\beta", "gX": "g_X",
               "zH": "z_H", "zS": "z_S", "vS": "v_S", "z1": "z_1", "z2": "z_2"}
    names = {sw: "s_W", cw: "c_W"}
    for name, sym in d.model.symbols:
        if name in special:
            names[sym] = special[name]
        elif name.startswith(("zL_", "zR_", "n_")):
            base, fl = name.split("_", 1)
            fl_tex = {"e": "e", "mu": r"\mu", "tau": r"\tau"}.get(fl, fl)
            names[sym] = f"{base[0]}_{{{base[1:]}{fl_tex}}}" if base != "n" else f"n_{{{fl_tex}}}"
    return names


def _print_latex(d) -> None:
    import sympy as sp

    names = _latex_names(d)
    for n in COUPLING_NAMES:
        kind, fl = n.split("_")
        sub = {"CV": "V", "CA": "A", "Cnu": r"\nu"}[kind]
        fl_tex = {"e": "e", "mu": r"\mu", "tau": r"\tau"}[fl]
        print(f"C_{{{sub} {fl_tex}}} &= {sp.latex(d.couplings[n], symbol_names=names)} \\\\")
    for r in d.relations:
        print(f"0 &= {sp.latex(r)} \\\\")


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
    candidate = root.joinpath(f"{stem}.toml")
    return candidate if candidate.is_file() else None


def _cache_key(args, mode: str) -> str | None:
    from ..evaluate import diskcache

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
        _print_latex(d)
    else:
        _print_text(d)


def run(args) -> int:
    from ..evaluate import diskcache

    mode = "json" if args.json else "latex" if args.latex else "text"
    key = _cache_key(args, mode)
    cached = diskcache.load("derive", key) if key else None
    if cached is not None:
        try:
            doc = json.loads(cached)
            out, err = doc["stdout"], doc["stderr"]
        except (ValueError, KeyError, TypeError):
            cached = None
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
            diskcache.store("derive", key, json.dumps({"stdout": out, "stderr": err}))
    sys.stderr.write(err)
    sys.stdout.write(out)
    return 0
