"""SLHA input and output of SUSY L_mu - L_tau points (pyslha, optional extra ``susy``).

Input (SLHA2 conventions, arXiv:0801.0045; all masses GeV):

* SMINPUTS 1 alpha_em^-1(m_Z) (MS-bar), 4 m_Z, 7 m_tau, 11 m_e, 13 m_mu are read; MASS 24 m_W
  when given (otherwise the PDG value of data/pdg.toml). SMINPUTS 2 (G_F) and 3 (alpha_s) are
  ignored (not read, not written): v follows from m_W and g2, and nothing strong is computed.
* MINPAR 3 tan(beta); EXTPAR 1, 2 M1, M2; 23 mu (SLHA sign); 25 tan(beta) (overrides MINPAR 3);
  31, 32, 33 left slepton soft masses mL_e, mL_mu, mL_tau; 34, 35, 36 right ones mE_*.
  EXTPAR 3 (M3: gluinos decoupled) and 26 (m_A: no Higgs sector at tree level) are ignored (not
  read, not written); other SLHA blocks are ignored as well.
* AE 1 1, 2 2, 3 3: trilinears A_e, A_mu, A_tau (GeV; T_l = A_l y_l, SLHA1-style A block).
* LMUTAU (this project's block): 1 M0, 2 M10, 3 g_X, 4 M_Z' (GeV), 5 mu_eta, 6 tan(gamma),
  7 g_YX. Entries 2, 5, 6, 7 are optional (defaults of zprime_sym.susy.params.DEFAULTS).

Reading is strict: the file must be UTF-8 (at most 4 MiB), every value read must be a finite number,
and an entry given twice in a block that is read (SMINPUTS, MINPAR, EXTPAR, AE, LMUTAU, MASS), or a
block given twice, is an error naming the block and entry. A file without LMUTAU is read with a
one-line warning (:class:`SLHADefaultWarning`) naming the defaults used.

Without a LMUTAU block the point is the MSSM limit: g_X = g_YX = M10 = 0, so B~' and the
eta-inos decouple exactly from the MSSM neutralinos (they are put at mu_eta = M0 = 4 TeV,
tan(gamma) = 1, which also removes the U(1)_X D-term) and the Z' contribution vanishes.

Output (:func:`write_slha`; block by block in docs/susy.md "SLHA"): SPINFO, a comment on every
entry, the input blocks, MASS (neutralinos in the SLHA signed-mass convention with a real NMIX: a row
of the complex positive-mass N that carries the phase i is multiplied by -i and its mass by -1; PDG
codes 1000022 ... 1000045 and the documented PDG-style 1000055, 1000065 for the 6th and 7th
neutralinos; Z' 32), NMIX (7x7), UMIX, VMIX, SELMIX (SLHA2 6x6), STAUMIX (SLHA1), SNUMIX, and DECAY
blocks of the Z' and radiative NLSP widths the code computes. :func:`scan_point_slha` writes the file of one row of a
scan result (``zprime_sym.scan.engine.load_results``), recomputing its spectrum from the stored parameters.
"""
from __future__ import annotations

import math
import warnings
from importlib import resources
from pathlib import Path

import numpy as np

from ..exceptions import DependencyError, SpectrumError
from .params import DEFAULTS, EXTRA_PARAMETERS, FLAVOURS, MU_ETA_DECOUPLED_GEV, PARAMETER_NAMES, SM_OVERRIDES, Spectrum

BENCHMARKS = ("BP1", "BP2", "BP3", "BP4")
EXTPAR = {1: "M1", 2: "M2", 23: "mu", 31: "mL_e", 32: "mL_mu", 33: "mL_tau", 34: "mE_e", 35: "mE_mu", 36: "mE_tau"}
LMUTAU = {1: "M0", 2: "M10", 3: "gX", 4: "m_zp", 5: "mu_eta", 6: "tan_gamma", 7: "gYX"}
SMINPUTS = {1: "alpha_inv_mZ", 4: "m_Z", 7: "m_tau", 11: "m_e", 13: "m_mu"}
AE = {(1, 1): "A_e", (2, 2): "A_mu", (3, 3): "A_tau"}
NEUTRALINO_PDG = (1000022, 1000023, 1000025, 1000035, 1000045, 1000055, 1000065)
CHARGINO_PDG = (1000024, 1000037)
SLEPTON_PDG = {"e": (1000011, 2000011, 1000012), "mu": (1000013, 2000013, 1000014), "tau": (1000015, 2000015, 1000016)}


#: Blocks whose entries read_slha uses, with the number of integer indices of an entry.
_READ_BLOCKS = {"SMINPUTS": 1, "MINPAR": 1, "EXTPAR": 1, "AE": 2, "LMUTAU": 1, "MASS": 1}
MSSM_LIMIT_NOTE = ("no BLOCK LMUTAU: MSSM limit used (g_X = g_YX = M10 = 0; M0 = mu_eta = M_Z' = "
                   f"{MU_ETA_DECOUPLED_GEV:g} GeV, tan(gamma) = 1), so the Z' contribution is 0")


class SLHADefaultWarning(UserWarning):
    """An SLHA input lacked something and a documented default was used (one line, names the default)."""


def _check_duplicates(text: str, source: str) -> None:
    """Refuse a block given twice, an entry given twice within a block that is read, and non-ASCII
    characters outside comments."""
    seen_blocks: set[str] = set()
    block = None
    seen: set = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        data = line.split("#", 1)[0]
        if not data.isascii():  # SLHA is ASCII; float() would read Arabic-Indic or full-width digits
            raise SpectrumError(f"{source}:{lineno}: non-ASCII characters outside a comment: {data.strip()!r}")
        tokens = data.split()
        if not tokens:
            continue
        head = tokens[0].upper()
        if head in ("BLOCK", "DECAY"):
            block = tokens[1].upper() if head == "BLOCK" and len(tokens) > 1 else None
            if block is not None:
                if block in seen_blocks:
                    raise SpectrumError(f"{source}:{lineno}: BLOCK {block} is given twice")
                seen_blocks.add(block)
            seen = set()
            continue
        if block in _READ_BLOCKS:
            key = tuple(tokens[:_READ_BLOCKS[block]])
            if key in seen:
                raise SpectrumError(f"{source}:{lineno}: BLOCK {block} entry {' '.join(key)} is given twice")
            seen.add(key)


def _pyslha():
    try:
        import pyslha
    except ImportError:  # pragma: no cover - depends on the environment
        raise DependencyError("SLHA support needs pyslha: pip install 'zprime_sym[susy]' (or pip install pyslha)") from None
    return pyslha


def benchmark_path(name: str) -> Path:
    """Path of a shipped benchmark SLHA file (BP1..BP4, BDR20 Table 3)."""
    return Path(str(resources.files("zprime_sym.data").joinpath("susy_benchmarks", f"{name}.slha")))


def read_slha(source: str | Path) -> dict:
    """Parameters (for compute_spectrum) from an SLHA file path, SLHA text, or a benchmark name."""
    from ..textio import read_text

    if str(source) in BENCHMARKS:
        source = benchmark_path(str(source))
    text = str(source)
    where = "SLHA input"
    if "\n" not in text:
        path = Path(text)
        if not path.is_file():
            raise SpectrumError(f"{text}: no such SLHA file (benchmarks: {', '.join(BENCHMARKS)})")
        where = str(path)
        text = read_text(path, what="SLHA file", error=lambda problem: SpectrumError(f"{path}: {problem}"))
    _check_duplicates(text, where)
    pyslha = _pyslha()
    try:
        doc = pyslha.readSLHA(text, ignorenomass=True)
    except Exception as err:  # pyslha raises its own ParseError and ValueErrors
        raise SpectrumError(f"{where}: cannot parse SLHA input: {str(err).splitlines()[0] if str(err) else type(err).__name__}") from None
    blocks = doc.blocks

    def get(block, key):
        try:
            value = float(blocks[block][key])
        except (KeyError, TypeError, ValueError):
            return None
        if not math.isfinite(value):
            raise SpectrumError(f"{where}: BLOCK {block} entry {key} = {value} is not a finite number")
        return value

    params = {}
    for key, name in SMINPUTS.items():
        if (val := get("SMINPUTS", key)) is not None:
            params[name] = val
    if (mw := get("MASS", 24)) is not None:
        params["m_W"] = mw
    tb = get("EXTPAR", 25) or get("MINPAR", 3)
    if tb is None:
        raise SpectrumError("SLHA input needs tan(beta): MINPAR 3 or EXTPAR 25")
    params["tan_beta"] = tb
    for key, name in EXTPAR.items():
        if (val := get("EXTPAR", key)) is None:
            raise SpectrumError(f"SLHA input lacks EXTPAR {key} ({name})")
        params[name] = val
    for pos, name in AE.items():
        params[name] = get("AE", pos) or 0.0
    if "LMUTAU" in blocks:
        for key, name in LMUTAU.items():
            val = get("LMUTAU", key)
            if val is None and name not in DEFAULTS:
                raise SpectrumError(f"block LMUTAU lacks entry {key} ({name})")
            if val is not None:
                params[name] = val
    else:  # MSSM limit
        warnings.warn(SLHADefaultWarning(f"{where}: {MSSM_LIMIT_NOTE}"), stacklevel=2)
        params.update(gX=0.0, gYX=0.0, M10=0.0, M0=MU_ETA_DECOUPLED_GEV, mu_eta=MU_ETA_DECOUPLED_GEV,
                      m_zp=MU_ETA_DECOUPLED_GEV, tan_gamma=1.0)
    return params


#: Extra PDG-style codes (no PDG standard exists for these states; documented in docs/susy.md):
#: 6th and 7th neutralinos continue the 10000n5 pattern of the NMSSM's 5th (1000045); 32 is the
#: PDG code of a Z'.
ZPRIME_PDG = 32
NEUTRALINO_BASIS_TEX = ("B~", "W~3", "H~d0", "H~u0", "B~'", "eta~", "etabar~")
_CHANNEL = {"ee": "e+ e-", "mumu": "mu+ mu-", "tautau": "tau+ tau-", "nu_e": "nu_e nu_e~",
            "nu_mu": "nu_mu nu_mu~", "nu_tau": "nu_tau nu_tau~"}


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("zprime_sym")
    except Exception:  # pragma: no cover - not installed as a distribution
        return "unknown"


class _Writer:
    """Minimal SLHA text writer: every entry carries a comment (SLHA allows '#' comments anywhere)."""

    def __init__(self):
        self.lines = []

    def block(self, name, comment, entries, q=None):
        self.lines.append(f"BLOCK {name}{f' Q= {q:.8E}' if q else ''}   # {comment}")
        for key, value, note in entries:
            keys = "".join(f"{k:>3d}" for k in (key if isinstance(key, tuple) else (key,)))
            if isinstance(value, str):
                self.lines.append(f" {keys}   {value:<16s}   # {note}")
            else:
                self.lines.append(f" {keys}   {float(value): .10E}   # {note}")

    def decay(self, pdg, width, comment, channels):
        self.lines.append(f"DECAY {pdg:>9d}   {width: .10E}   # {comment}")
        if width > 0:
            self.lines.append("#          BR         NDA      ID1       ID2")
            for br, ids, note in channels:
                self.lines.append(f"   {br: .10E}   {len(ids)}   " + "".join(f"{i:>9d}" for i in ids) + f"   # {note}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _decays(params, spectrum, index, w: _Writer) -> None:
    """DECAY blocks of the widths the code computes: Z' -> l l, nu nu (zprime_sym.constraints.widths with the
    L_mu-L_tau couplings of zprime_sym.susy.lmu_ltau_plane) and the radiative NLSP decay chi_NLSP -> chi_1 gamma
    (zprime_sym.susy.lhc.nlsp_width, BDR20 Eq. (4.3)) where it is the NLSP's only decay computed."""
    from ..constraints.widths import partial_widths
    from . import lhc
    from .lmu_ltau_plane import lmu_ltau_couplings

    def val(name):
        arr = np.ravel(np.asarray(params.get(name, DEFAULTS.get(name, np.nan)), dtype=float))
        return arr[index] if arr.size > 1 else arr[0]

    m_zp, g_x = val("m_zp"), val("gX")
    if g_x != 0 and np.isfinite(m_zp):
        smu = np.asarray(spectrum.slepton_masses["mu"][index:index + 1], float)
        stau = np.asarray(spectrum.slepton_masses["tau"][index:index + 1], float)
        couplings = lmu_ltau_couplings(np.array([g_x]), smu, stau)
        widths = {k: float(np.ravel(v)[0]) for k, v in partial_widths(np.array([m_zp]), couplings).items()}
        total = sum(widths.values())
        ids = {"ee": (11, -11), "mumu": (13, -13), "tautau": (15, -15),
               "nu_e": (12, -12), "nu_mu": (14, -14), "nu_tau": (16, -16)}
        w.decay(ZPRIME_PDG, total, "Z' total width (GeV), tree level, leptonic channels only",
                [(widths[k] / total, ids[k], f"BR(Z' -> {_CHANNEL[k]})")
                 for k in ids if total > 0 and widths[k] > 0])
    one = _subset_point(spectrum, index)
    p1 = {k: np.array([val(k)]) for k in params}
    width = float(lhc.nlsp_width(one, p1)[0])
    if np.isfinite(width):
        k = int(lhc.nlsp_index(one)[0])
        w.decay(NEUTRALINO_PDG[k], width, f"neutralino {k + 1} (NLSP): radiative decay only (BDR20 Eq. (4.3)); "
                "tree-level three-body channels not computed", [(1.0, (NEUTRALINO_PDG[0], 22), "chi_1 gamma")])


def _subset_point(spectrum: Spectrum, index: int) -> Spectrum:
    import dataclasses

    sl = slice(index, index + 1)
    return dataclasses.replace(
        spectrum, neutralino_masses=spectrum.neutralino_masses[sl], N=spectrum.N[sl],
        chargino_masses=spectrum.chargino_masses[sl], U=spectrum.U[sl], V=spectrum.V[sl],
        slepton_masses={k: v[sl] for k, v in spectrum.slepton_masses.items()},
        slepton_mixing={k: v[sl] for k, v in spectrum.slepton_mixing.items()},
        sneutrino_masses={k: v[sl] for k, v in spectrum.sneutrino_masses.items()},
        sm={k: np.asarray(v)[sl] if np.ndim(v) else v for k, v in spectrum.sm.items()})


def write_slha(params: dict, spectrum: Spectrum, index: int = 0, *, decays: bool = True) -> str:
    """SLHA2 text for point ``index`` of a spectrum (SLHA2: arXiv:0801.0045), every entry commented.

    Blocks: SPINFO (program, version); the inputs SMINPUTS, MINPAR, EXTPAR, AE, LMUTAU (read back by
    :func:`read_slha`); MASS (W, Z', neutralinos in the SLHA signed-mass convention, charginos,
    sleptons, sneutrinos); NMIX (7x7, basis B~, W~3, H~d0, H~u0, B~', eta~, etabar~: the MSSM's NMIX
    extended by the U(1)_X gaugino and the two eta-inos, rows the mass eigenstates 1000022 ...
    1000065); UMIX, VMIX; SELMIX (SLHA2 6x6, columns e~_L, mu~_L, tau~_L, e~_R, mu~_R, tau~_R, rows
    1000011, 1000013, 1000015, 2000011, 2000013, 2000015), STAUMIX (SLHA1 2x2, for tools that read
    only that), SNUMIX (3x3, flavour diagonal); DECAY blocks (``decays=True``, see :func:`_decays`).
    """
    _pyslha()  # the optional dependency of SLHA support (also needed to read the file back)
    w = _Writer()
    w.lines.append("# SLHA2 spectrum of a SUSY U(1)_{Lmu-Ltau} point (BDR20: Banerjee, Dutta, Roy, arXiv:2011.05083)")
    w.lines.append("# written by zprime_sym; masses and widths in GeV; tree-level masses")

    def val(name):
        arr = np.ravel(np.asarray(params.get(name, DEFAULTS.get(name, np.nan)), dtype=float))
        return arr[index] if arr.size > 1 else arr[0]

    w.block("SPINFO", "program information", [(1, "zprime_sym", "program"), (2, _version(), "version")])
    sm = {n: spectrum.sm[n][index] for n in ("m_Z", "m_tau", "m_e", "m_mu")}
    sm["alpha_inv_mZ"] = 1.0 / spectrum.sm["alpha"][index]
    sm_notes = {1: "alpha_em^-1(m_Z)", 4: "m_Z pole mass", 7: "m_tau pole mass", 11: "m_e pole mass", 13: "m_mu pole mass"}
    w.block("SMINPUTS", "Standard Model inputs", [(k, sm[n], sm_notes[k]) for k, n in SMINPUTS.items()])
    w.block("MINPAR", "input parameters", [(3, val("tan_beta"), "tan(beta)")])
    notes = {1: "M1 (bino mass)", 2: "M2 (wino mass)", 23: "mu (SLHA sign)", 25: "tan(beta)",
             31: "m_L(e) left selectron soft mass", 32: "m_L(mu) left smuon soft mass", 33: "m_L(tau) left stau soft mass",
             34: "m_E(e) right selectron soft mass", 35: "m_E(mu) right smuon soft mass", 36: "m_E(tau) right stau soft mass"}
    w.block("EXTPAR", "non-universal input parameters",
            [(k, val(n), notes[k]) for k, n in EXTPAR.items()] + [(25, val("tan_beta"), notes[25])])
    w.block("AE", "slepton trilinears A_l (T_l = A_l y_l)", [(k, val(n), n) for k, n in AE.items()])
    lm_notes = {1: "M0: U(1)_X gaugino mass", 2: "M10: B~-B~' mixing mass", 3: "g_X: U(1)_{Lmu-Ltau} coupling",
                4: "M_Z' (GeV)", 5: "mu_eta: eta-ino mass parameter", 6: "tan(gamma) = <eta>/<etabar>",
                7: "g_YX: gauge kinetic mixing"}
    w.block("LMUTAU", "U(1)_{Lmu-Ltau} inputs (this program's block)", [(k, val(n), lm_notes[k]) for k, n in LMUTAU.items()])

    nmix = spectrum.N[index]
    signed = np.where(np.abs(nmix.imag).sum(axis=1) > np.abs(nmix.real).sum(axis=1), -1.0, 1.0)
    nreal = np.where(signed[:, None] < 0, (-1j * nmix).real, nmix.real)
    mass = [(24, spectrum.sm["m_W"][index], "W")]
    if np.isfinite(val("m_zp")):
        mass.append((ZPRIME_PDG, val("m_zp"), "Z' (U(1)_{Lmu-Ltau} gauge boson)"))
    mass += [(c, s * m, f"neutralino {i + 1} (signed mass)")
             for i, (c, s, m) in enumerate(zip(NEUTRALINO_PDG, signed, spectrum.neutralino_masses[index]))]
    mass += [(c, m, f"chargino {i + 1}") for i, (c, m) in enumerate(zip(CHARGINO_PDG, spectrum.chargino_masses[index]))]
    for fl in FLAVOURS:
        c1, c2, cn = SLEPTON_PDG[fl]
        name = {"e": "selectron", "mu": "smuon", "tau": "stau"}[fl]
        mass += [(c1, spectrum.slepton_masses[fl][index, 0], f"lighter {name}"),
                 (c2, spectrum.slepton_masses[fl][index, 1], f"heavier {name}"),
                 (cn, spectrum.sneutrino_masses[fl][index], f"{fl} sneutrino")]
    w.block("MASS", "mass spectrum (GeV)", mass)
    w.block("NMIX", "neutralino mixing, basis (B~, W~3, H~d0, H~u0, B~', eta~, etabar~)",
            [((i + 1, j + 1), nreal[i, j], f"N_{i + 1}{j + 1} ({NEUTRALINO_BASIS_TEX[j]})")
             for i in range(nreal.shape[0]) for j in range(nreal.shape[1])])
    w.block("UMIX", "chargino U mixing", [((i + 1, j + 1), spectrum.U[index, i, j], f"U_{i + 1}{j + 1}")
                                         for i in range(2) for j in range(2)])
    w.block("VMIX", "chargino V mixing", [((i + 1, j + 1), spectrum.V[index, i, j], f"V_{i + 1}{j + 1}")
                                         for i in range(2) for j in range(2)])
    sel = np.zeros((6, 6))
    for k, fl in enumerate(FLAVOURS):
        x = spectrum.slepton_mixing[fl][index]  # rows: (lighter, heavier); columns: (L, R)
        for r, row in enumerate((k, k + 3)):
            sel[row, k], sel[row, k + 3] = x[r, 0], x[r, 1]
    cols = ("e~_L", "mu~_L", "tau~_L", "e~_R", "mu~_R", "tau~_R")
    rows = (1000011, 1000013, 1000015, 2000011, 2000013, 2000015)
    w.block("SELMIX", "charged slepton mixing (SLHA2), rows 1000011 1000013 1000015 2000011 2000013 2000015",
            [((i + 1, j + 1), sel[i, j], f"{rows[i]} in {cols[j]}") for i in range(6) for j in range(6)])
    x = spectrum.slepton_mixing["tau"][index]
    w.block("STAUMIX", "stau mixing (SLHA1), rows stau_1 stau_2, columns tau~_L tau~_R",
            [((i + 1, j + 1), x[i, j], f"stau_{i + 1} in tau~_{'LR'[j]}") for i in range(2) for j in range(2)])
    w.block("SNUMIX", "sneutrino mixing (flavour diagonal), rows 1000012 1000014 1000016",
            [((i + 1, j + 1), float(i == j), f"{(1000012, 1000014, 1000016)[i]} in {('nu~_e', 'nu~_mu', 'nu~_tau')[j]}")
             for i in range(3) for j in range(3)])
    if decays:
        _decays(params, spectrum, index, w)
    return w.text()


def scan_point_params(results, k: int) -> dict:
    """Parameters (floats) of row ``k`` of a scan result: a ``load_results`` dict or a scan output directory.

    Takes every column named like a model parameter (:data:`PARAMETER_NAMES`, the extras such as g_YX
    and the SM overrides when the scan varied or fixed them); missing optional ones take their defaults.
    """
    if not isinstance(results, dict):
        from ..scan.engine import load_results

        results = load_results(results)
    names = [n for n in (*PARAMETER_NAMES, *EXTRA_PARAMETERS, *SM_OVERRIDES) if n in results]
    missing = [n for n in PARAMETER_NAMES if n not in results and n not in DEFAULTS]
    if missing:
        raise SpectrumError(f"scan result lacks parameter column(s) {missing}")
    n_rows = len(np.asarray(results[names[0]]))
    if not -n_rows <= k < n_rows:
        raise SpectrumError(f"row {k} out of range: the scan result has {n_rows} rows")
    return {n: float(np.asarray(results[n])[k]) for n in names}


def scan_point_slha(results, k: int, path: str | Path | None = None) -> str:
    """SLHA text (:func:`write_slha`) of row ``k`` of a scan result; also written to ``path`` if given.

    The spectrum is recomputed from the stored parameters (it is not stored in full by a scan), so the
    MASS block reproduces the row's mass columns. Reading the file back with :func:`read_slha` gives
    the row's parameters.
    """
    from .params import compute_spectrum

    params = scan_point_params(results, k)
    text = write_slha(params, compute_spectrum(params))
    if path is not None:
        Path(path).write_text(text)
    return text
