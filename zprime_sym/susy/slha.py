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

Without a LMUTAU block the point is the MSSM limit: g_X = g_YX = M10 = 0, so B~' and the
eta-inos decouple exactly from the MSSM neutralinos (they are put at mu_eta = M0 = 4 TeV,
tan(gamma) = 1, which also removes the U(1)_X D-term) and the Z' contribution vanishes.

Output (:func:`write_slha`): MASS (neutralinos in the SLHA signed-mass convention with a real
NMIX: a row of the complex positive-mass N that carries the phase i is multiplied by -i and its
mass by -1; PDG codes 1000022, 1000023, 1000025, 1000035, 1000045 and the non-standard 1000055,
1000065 for the 6th and 7th neutralinos; charginos 1000024, 1000037; sleptons 1000011/2000011
(lighter/heavier selectron) etc.; sneutrinos 1000012, 1000014, 1000016), NMIX, UMIX, VMIX,
per-flavour slepton mixing blocks SLEPMIX_E, SLEPMIX_MU, SLEPMIX_TAU (rows: mass eigenstates,
columns: l~_L, l~_R) and the input blocks. :func:`scan_point_slha` writes the file of one row of a
scan result (``zprime_sym.scan.engine.load_results``), recomputing its spectrum from the stored parameters.
"""
from __future__ import annotations

import collections
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
    if str(source) in BENCHMARKS:
        source = benchmark_path(str(source))
    text = str(source)
    if "\n" not in text:
        path = Path(text)
        if not path.is_file():
            raise SpectrumError(f"{text}: no such SLHA file (benchmarks: {', '.join(BENCHMARKS)})")
        text = path.read_text()
    pyslha = _pyslha()
    try:
        doc = pyslha.readSLHA(text, ignorenomass=True)
    except Exception as err:  # pyslha raises its own ParseError and ValueErrors
        raise SpectrumError(f"cannot parse SLHA input: {err}") from None
    blocks = doc.blocks

    def get(block, key):
        try:
            return float(blocks[block][key])
        except (KeyError, TypeError, ValueError):
            return None

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
    for key, name in AE.items():
        params[name] = get("AE", key) or 0.0
    if "LMUTAU" in blocks:
        for key, name in LMUTAU.items():
            val = get("LMUTAU", key)
            if val is None and name not in DEFAULTS:
                raise SpectrumError(f"block LMUTAU lacks entry {key} ({name})")
            if val is not None:
                params[name] = val
    else:  # MSSM limit
        params.update(gX=0.0, gYX=0.0, M10=0.0, M0=MU_ETA_DECOUPLED_GEV, mu_eta=MU_ETA_DECOUPLED_GEV,
                      m_zp=MU_ETA_DECOUPLED_GEV, tan_gamma=1.0)
    return params


def write_slha(params: dict, spectrum: Spectrum, index: int = 0) -> str:
    """SLHA text for point ``index`` of a spectrum: input blocks, MASS, NMIX, UMIX, VMIX, slepton mixing."""
    pyslha = _pyslha()
    B = collections.OrderedDict()

    def block(name, entries):
        blk = pyslha.Block(name)
        for k, v in entries:
            blk[k] = float(v)
        B[name] = blk

    def val(name):
        arr = np.ravel(np.asarray(params.get(name, DEFAULTS.get(name, np.nan)), dtype=float))
        return arr[index] if arr.size > 1 else arr[0]

    sm = {n: spectrum.sm[n][index] for n in ("m_Z", "m_tau", "m_e", "m_mu")}
    sm["alpha_inv_mZ"] = 1.0 / spectrum.sm["alpha"][index]
    block("SMINPUTS", [(k, sm[n]) for k, n in SMINPUTS.items()])
    block("MINPAR", [(3, val("tan_beta"))])
    block("EXTPAR", [(k, val(n)) for k, n in EXTPAR.items()] + [(25, val("tan_beta"))])
    block("AE", [(k, val(n)) for k, n in AE.items()])
    block("LMUTAU", [(k, val(n)) for k, n in LMUTAU.items()])
    nmix = spectrum.N[index]
    signed = np.where(np.abs(nmix.imag).sum(axis=1) > np.abs(nmix.real).sum(axis=1), -1.0, 1.0)
    nreal = np.where(signed[:, None] < 0, (-1j * nmix).real, nmix.real)
    mass = [(24, spectrum.sm["m_W"][index])]
    mass += [(c, s * m) for c, s, m in zip(NEUTRALINO_PDG, signed, spectrum.neutralino_masses[index])]
    mass += list(zip(CHARGINO_PDG, spectrum.chargino_masses[index]))
    for fl in FLAVOURS:
        c1, c2, cn = SLEPTON_PDG[fl]
        mass += [(c1, spectrum.slepton_masses[fl][index, 0]), (c2, spectrum.slepton_masses[fl][index, 1]), (cn, spectrum.sneutrino_masses[fl][index])]
    block("MASS", mass)
    block("NMIX", [((i + 1, j + 1), nreal[i, j]) for i in range(nreal.shape[0]) for j in range(nreal.shape[1])])
    block("UMIX", [((i + 1, j + 1), spectrum.U[index, i, j]) for i in range(2) for j in range(2)])
    block("VMIX", [((i + 1, j + 1), spectrum.V[index, i, j]) for i in range(2) for j in range(2)])
    for fl in FLAVOURS:
        x = spectrum.slepton_mixing[fl][index]
        block(f"SLEPMIX_{fl.upper()}", [((i + 1, j + 1), x[i, j]) for i in range(2) for j in range(2)])
    return pyslha.writeSLHA(pyslha.Doc(B), precision=10)


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
