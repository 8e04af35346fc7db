"""Option parsers of ``zprime plot`` (plot_spec.py) and the whitelist expression language (expr.py)."""
import numpy as np
import pytest

from zprime_sym.exceptions import InputError
from zprime_sym.plot.expr import parse_expression
from zprime_sym.plot.spec import (parse_fix, parse_grid, parse_mass_range, parse_plane, parse_profile,
                                  parse_solve, parse_tie, parse_y_range)


def test_expression_matches_numpy():
    # BCK21 Eq. (33) tie of Fig. 4 and precedence rules, compared with the same formula in numpy
    x = np.geomspace(1e-5, 1e-2, 7)
    e = parse_expression("CV_e + 1e-8/CV_e", ["CV_e"])
    np.testing.assert_allclose(e.evaluate({"CV_e": x}), x + 1e-8 / x, rtol=1e-15)
    cases = {"-x**2": -(x**2), "2*x^2/4": x**2 / 2, "(1 - x)*(1 + x)": 1 - x**2, "-x - -x": 0 * x,
             "sqrt(abs(-x))": np.sqrt(x), "2**3**2 + x": 512 + x, "+.5e1*x": 5 * x}
    for text, expected in cases.items():
        np.testing.assert_allclose(parse_expression(text, ["x"]).evaluate({"x": x}), expected, rtol=1e-14,
                                   atol=1e-300, err_msg=text)
    assert parse_expression("a*b + 3", ["a", "b", "c"]).names == frozenset({"a", "b"})


@pytest.mark.parametrize("text", ["__import__('os')", "x.real", "x[0]", "1 +", "(x", "x x", "", "y",
                                  "exp(x)", "x; 1", "lambda: 1", "x if x else 1", "'x'", "x @ x"])
def test_expression_whitelist_rejects(text):
    with pytest.raises(InputError, match="expression"):
        parse_expression(text, ["x"])


def test_parsers():
    assert parse_plane(" m_zp , CA_e ") == "CA_e"
    assert parse_fix("CV_e=0,Cnu_mu=1e-5") == {"CV_e": 0.0, "Cnu_mu": 1e-5}
    tie = parse_tie("CA_e = -1e-8/CV_e", ["CV_e", "CA_e"])
    assert tie.name == "CA_e" and float(tie.expression.evaluate({"CV_e": 2e-4})) == pytest.approx(-5e-5)
    with pytest.raises(InputError, match="itself"):
        parse_tie("CV_e = 2*CV_e", ["CV_e"])
    s = parse_solve("CV_e:a_e=-1sigma")
    assert (s.name, s.lepton, s.root) == ("CV_e", "e", "pos")
    assert s.target(-8.7e-13, 3.6e-13) == pytest.approx(-12.3e-13)  # BCK21 Fig. 2(a) target
    assert parse_solve("CA_e:a_e=+1sigma").target(-8.7e-13, 3.6e-13) == pytest.approx(-5.1e-13)  # Fig. 2(b)
    assert parse_solve("CA_mu:a_mu=exact").target(2.51e-9, 0.59e-9) == 2.51e-9
    assert parse_solve("CA_mu : a_mu = 1.5e-9 : neg").target(2.51e-9, 0.59e-9) == 1.5e-9
    assert parse_solve("CA_mu:a_mu=1.5e-9:neg").root == "neg"
    p = parse_profile("Cnu_e=1e-7:1e-5:3")
    np.testing.assert_allclose(p.values, [1e-7, 1e-6, 1e-5], rtol=1e-12)
    np.testing.assert_allclose(parse_profile("gt=-1:1:5:lin").values, [-1, -0.5, 0, 0.5, 1])
    assert parse_mass_range("1MeV,1GeV") == pytest.approx((1e-3, 1.0))
    assert parse_y_range("1e-7,1e-2") == (1e-7, 1e-2)
    assert parse_grid("200") == (200, 200) and parse_grid("120x80") == (120, 80)


@pytest.mark.parametrize("fn, text", [
    (parse_plane, "m_zp"), (parse_plane, "m_zp,CA_e,CV_e"), (parse_fix, "CV_e"), (parse_fix, "CV_e=1e400"),
    (parse_solve, "CV_e:a_e=-1"), (parse_solve, "CV_e:a_e=sigma"), (parse_solve, "CV_e=a_e"),
    (parse_profile, "x=1:0"), (parse_profile, "x=1:2:1"), (parse_mass_range, "1MeV"),
    (parse_mass_range, "1GeV,1MeV"), (parse_y_range, "0,1"), (parse_y_range, "a,b"), (parse_grid, "10y10"),
    (parse_grid, "3"),
])
def test_parsers_reject(fn, text):
    with pytest.raises(InputError):
        fn(text)
