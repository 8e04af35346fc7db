"""CHARM-II closed-form T integral against an independent 40-digit mpmath quadrature."""
import mpmath as mp
import numpy as np
import pytest

from zprime_sym.constants import constants
from zprime_sym.constraints import charm2 as c2


def mp_shift(E, m, cv, ca, cnu, anti):
    """sigma - sigma_SM by mpmath quadrature of the module-docstring dsigma/dT (40 digits)."""
    mp.mp.dps = 40
    k = constants()
    gv0, ga0 = c2.sm_couplings_numu_e()
    me, gf = mp.mpf(k.m_e), mp.mpf(k.G_F)
    tmax = 2 * mp.mpf(E) ** 2 / (me + 2 * mp.mpf(E))

    def dsig(T, on):
        kap = on * mp.mpf(cnu) / (mp.sqrt(2) * gf * (mp.mpf(m) ** 2 + 2 * me * T))
        gv, ga = gv0 + kap * cv, ga0 - kap * ca
        gl, gr = (gv + ga) / 2, (gv - ga) / 2
        if anti:
            gl, gr = gr, gl
        return 2 * gf**2 * me / mp.pi * (gl**2 + gr**2 * (1 - T / E) ** 2 - gl * gr * me * T / E**2)

    brk = [0, min(tmax, mp.mpf(m) ** 2 / (2 * me)), tmax] if mp.mpf(m) ** 2 / (2 * me) < tmax else [0, tmax]
    return mp.quad(lambda T: dsig(T, 1) - dsig(T, 0), brk)


@pytest.mark.parametrize("m", [1e-3, 0.02, 0.3, 3.0, 40.0])
@pytest.mark.parametrize("anti", [False, True])
def test_closed_form_matches_mpmath(m, anti):
    E = c2.CHARM2_E_NUBAR_GEV if anti else c2.CHARM2_E_NU_GEV
    cv, ca, cnu = 3e-5, -2e-4, 4e-6
    ref = float(mp_shift(E, m, cv, ca, cnu, anti))
    got = float(c2.shift_closed_form(E, m, cv, ca, cnu, antineutrino=anti))
    # double precision closed form: 1e-9 relative (the series/closed-form switch is at x = 0.05)
    assert got == pytest.approx(ref, rel=1e-9)


@pytest.mark.parametrize("edge", [upper for upper, _ in c2._SERIES_TERMS])
def test_moments_continuous_at_series_switch(edge):
    # at the switch to the closed form (x = 0.05) and between 6 and 12 series terms (x = 1e-3)
    x = np.array([edge * (1 - 1e-12), edge * (1 + 1e-12)])
    for j in range(3):
        for k in (1, 2):
            a, b = c2.propagator_moments(j, k, x)
            assert a == pytest.approx(b, rel=1e-11)
