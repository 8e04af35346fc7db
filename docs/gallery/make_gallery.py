#!/usr/bin/env python
"""Regenerate every figure of docs/gallery.md (and the tutorial's plot) through the ``zprime`` CLI.

Usage, from anywhere (paths are relative to the repository root, which the script changes to)::

    python docs/gallery/make_gallery.py             # all figures
    python docs/gallery/make_gallery.py fig2a fig4  # only these

Each figure is exactly one ``zprime plot`` call, run in-process through ``zprime_sym.cli.main``
and printed first as the equivalent shell command. The gallery figures are run with ``--json``;
the JSON summary (excluded fraction per constraint, allowed mass range) is written next to the PNG
(``docs/gallery/<name>.json``), just as the printed ``> docs/gallery/<name>.json`` redirect would.
BCK21 = Bodas, Coy, King, arXiv:2102.07781; its Fig. 3(b) (contours of the solved |C_Amu|)
cannot be drawn by ``zprime plot``, see docs/gallery.md.
"""
from __future__ import annotations

import contextlib
import io
import json
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = "docs/gallery"

#: Settings shared by the (a_e, C_Ae) planes of Fig. 2(a,b): the allowed strip is ~0.5% wide in
#: C_Ae, so 2000 rows over three decades (0.35% per row) are needed to see it at all.
_FIG2AB = ["--plane", "m_zp,CA_e", "--mass-range", "1MeV,1GeV", "--y-range", "1e-5,1e-2", "--grid", "300x2000"]
#: Zoom on the strip (the settings of tests/test_plot_regions.py, finer in C_Ae).
_FIG2AB_ZOOM = ["--plane", "m_zp,CA_e", "--mass-range", "10MeV,60MeV", "--y-range", "1.2e-4,4e-4",
                "--grid", "150x1500"]
_FIG2CD = ["--plane", "m_zp,Cnu_e", "--fix", "CV_e=0", "--mass-range", "1MeV,1GeV", "--y-range", "1e-8,1e-2",
           "--grid", "300x200"]
_FIG3CD = ["--plane", "m_zp,Cnu_mu", "--fix", "CV_e=0,CV_mu=0,CA_mu=0", "--mass-range", "1MeV,1GeV",
           "--y-range", "1e-8,1e-2", "--grid", "300x200"]

#: (name, title or None, arguments after ``zprime plot``, write the JSON summary?)
FIGURES = [
    ("fig2a", "BCK21 Fig. 2(a): $C_{\\nu e}=0$, $|C_{Ve}|$ solved for $a_e$ 1$\\sigma$ below",
     ["model_independent", *_FIG2AB, "--solve", "CV_e:a_e=-1sigma"], True),
    ("fig2a_zoom", "BCK21 Fig. 2(a), zoom on the allowed strip",
     ["model_independent", *_FIG2AB_ZOOM, "--solve", "CV_e:a_e=-1sigma"], True),
    ("fig2b", "BCK21 Fig. 2(b): $C_{\\nu e}=0$, $|C_{Ve}|$ solved for $a_e$ 1$\\sigma$ above",
     ["model_independent", *_FIG2AB, "--solve", "CV_e:a_e=+1sigma"], True),
    ("fig2b_zoom", "BCK21 Fig. 2(b), zoom on the allowed strip",
     ["model_independent", *_FIG2AB_ZOOM, "--solve", "CV_e:a_e=+1sigma"], True),
    ("fig2c", "BCK21 Fig. 2(c): $C_{Ve}=0$, $C_{Ae}>0$ solved for $a_e$ 1$\\sigma$ below",
     ["model_independent", *_FIG2CD, "--solve", "CA_e:a_e=-1sigma"], True),
    ("fig2d", "BCK21 Fig. 2(d): $C_{Ve}=0$, $C_{Ae}>0$ solved for $a_e$ 1$\\sigma$ above",
     ["model_independent", *_FIG2CD, "--solve", "CA_e:a_e=+1sigma"], True),
    ("fig3a", "BCK21 Fig. 3(a): $C_{\\nu\\mu}=10^{-5}$, $C_{A\\mu}$ solved for $a_\\mu$ exactly",
     ["model_independent", "--plane", "m_zp,CV_mu", "--fix", "Cnu_mu=1e-5", "--solve", "CA_mu:a_mu=exact",
      "--mass-range", "1MeV,1GeV", "--y-range", "1e-4,1", "--grid", "300x240"], True),
    ("fig3a_neg", "BCK21 Fig. 3(a), lower half: $C_{V\\mu}<0$",
     ["model_independent", "--plane", "m_zp,CV_mu", "--fix", "Cnu_mu=1e-5", "--solve", "CA_mu:a_mu=exact",
      "--mass-range", "1MeV,1GeV", "--y-range", "1e-4,1", "--grid", "300x240", "--negative"], True),
    ("fig3c", "BCK21 Fig. 3(c): $C_{V\\mu}=C_{A\\mu}=C_{Ve}=0$, $C_{Ae}>0$ for $a_e$ 1$\\sigma$ below",
     ["model_independent", *_FIG3CD, "--solve", "CA_e:a_e=-1sigma"], True),
    ("fig3d", "BCK21 Fig. 3(d): $C_{V\\mu}=C_{A\\mu}=C_{Ve}=0$, $C_{Ae}>0$ for $a_e$ 1$\\sigma$ above",
     ["model_independent", *_FIG3CD, "--solve", "CA_e:a_e=+1sigma"], True),
    ("fig4", "BCK21 Fig. 4 (Rb): $C_{Ae}=-10^{-8}/C_{Ve}$, $C_{V\\mu}=C_{Ve}+10^{-8}/C_{Ve}$",
     ["model_independent", "--plane", "m_zp,CV_e", "--tie", "CA_e=-1e-8/CV_e", "--tie", "CV_mu=CV_e+1e-8/CV_e",
      "--data", "bck2021-rb", "--mass-range", "1MeV,1GeV", "--y-range", "1e-5,1e-2", "--grid", "300x300"], True),
    # docs/tutorial.md section 5, exactly as printed there (no title, no JSON)
    ("tutorial_b3lmu", None,
     ["docs/examples/b_minus_3lmu.toml", "--plane", "m_zp,gp", "--fix", "gt=0,tan_beta=1,z1=0.1"], False),
    # docs/plot.md "The model's own m_Z'": a fixed VEV (the model is a line) and a charged doublet (hatched)
    ("plot_model_line", None, ["docs/examples/lmu_ltau_vs40.toml", "--plane", "m_zp,gp", "--y-range", "1e-5,1e-2"],
     False),
    ("plot_doublet_mass", None,
     ["nhdm_u1", "--plane", "m_zp,gp", "--fix", "gt=0,tan_beta=1,z1=1,z2=0,zL_e=0,zL_mu=1,zL_tau=-1"], False),
    # docs/plot.md "What the picture shows": a heavy B-L Z', allowed where the encoded constraints reach, in
    # the gaps of the LHC dilepton and dijet searches and LEP-II (dotted outline)
    ("plot_heavy_gaps", None, ["b_minus_l", "--plane", "m_zp,gp", "--mass-range", "100GeV,6TeV", "--y-range", "1e-3,1",
                               "--fix", "gt=0", "--bands", "none"], False),
    # docs/tutorial.md section 5: the slice through the verdict's witness, muon g-2 only
    ("tutorial_b3lmu_mu", None,
     ["docs/examples/b_minus_3lmu.toml", "--plane", "m_zp,gp", "--fix", "gt=7.7406e-7,tan_beta=0.1,z1=0.019989",
      "--bands", "mu"], False),
]


def command(name: str, title: str | None, args: list[str], with_json: bool) -> list[str]:
    """The ``zprime`` argument list of one figure (without the leading ``zprime``)."""
    argv = ["plot", *args]
    if title is not None:
        argv += ["--title", title]
    argv += ["-o", f"{OUT}/{name}.png"]
    if with_json:
        argv.append("--json")
    return argv


def run(name: str, title: str | None, args: list[str], with_json: bool) -> None:
    from zprime_sym import cli

    argv = command(name, title, args, with_json)
    shell = "zprime " + shlex.join(argv) + (f" > {OUT}/{name}.json" if with_json else "")
    print(f"$ {shell}", flush=True)
    start = time.perf_counter()
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer) if with_json else contextlib.nullcontext():
        code = cli.main(argv)
    if code != 0:
        raise SystemExit(f"{name}: zprime exited with {code}")
    if with_json:
        text = buffer.getvalue()
        (ROOT / OUT / f"{name}.json").write_text(text)
        doc = json.loads(text)
        rng = doc["allowed_mass_range_MeV"]
        where = "none on this grid" if rng is None else f"{rng[0]:.4g}-{rng[1]:.4g} MeV"
        print(f"  allowed: {where} (fraction {doc['allowed_fraction']:.3g} of the plane)")
    print(f"  ({time.perf_counter() - start:.1f} s)")


def main(argv=None) -> int:
    wanted = list(sys.argv[1:] if argv is None else argv)
    names = [f[0] for f in FIGURES]
    unknown = [w for w in wanted if w not in names]
    if unknown:
        print(f"unknown figure(s) {unknown}; choose from {names}", file=sys.stderr)
        return 2
    import os

    os.chdir(ROOT)
    for figure in FIGURES:
        if not wanted or figure[0] in wanted:
            run(*figure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
