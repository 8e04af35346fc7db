"""Mass-only factors computed once per run of equal masses give, bit for bit, the point-by-point result."""
import numpy as np

from zprime_sym.constraints import hadrons, widths
from zprime_sym.constraints.mass_runs import mass_runs
from zprime_sym.constraints.registry import all_constraints
from zprime_sym.model.couplings import COUPLING_NAMES


def _batch(per_mass=40):
    masses = np.geomspace(1e-3, 12.0, 60)  # below and above every lepton and quark threshold
    m = np.repeat(masses, per_mass)
    rng = np.random.default_rng(3)
    c = {n: rng.normal(size=m.size) * 10.0 ** rng.uniform(-6, -2, m.size)
         for n in (*COUPLING_NAMES, "CV_u", "CA_u", "CV_d", "CV_s", "CV_c", "CV_b", "CA_b")}
    return m, c


def test_runs_found_and_refused():
    m, _ = _batch()
    distinct, run = mass_runs(m)
    assert np.array_equal(distinct[run], m) and len(distinct) == 60
    assert mass_runs(np.random.default_rng(0).permutation(m)) is None  # neighbours differ
    assert mass_runs(m[:100]) is None  # too few points
    assert mass_runs(m.reshape(60, -1)) is None  # not 1-d


def _point_by_point(fn, m, *args):
    return np.array([np.asarray(fn(np.array([mi]), *(a[i] for a in args))).item() for i, mi in enumerate(m)])


def test_widths_on_runs_bit_identical_to_point_by_point():
    m, c = _batch()
    for m_q in (0.0022, 1.27, 4.18):
        out = hadrons.quark_width(m, c["CV_u"], c["CA_u"], m_q)
        ref = _point_by_point(lambda mm, cv, ca: hadrons.quark_width(mm, cv, ca, m_q), m, c["CV_u"], c["CA_u"])
        assert np.array_equal(out, ref)
    for m_l in (0.000511, 0.10566, 1.777):
        out = widths.charged_lepton_width(m, c["CV_e"], c["CA_e"], m_l)
        ref = _point_by_point(lambda mm, cv, ca: widths.charged_lepton_width(mm, cv, ca, m_l), m, c["CV_e"], c["CA_e"])
        assert np.array_equal(out, ref)


def test_every_constraint_on_a_search_batch_bit_identical_to_shuffled():
    """The registry's ratios on a batch with runs equal those on the same points shuffled (no runs)."""
    m, c = _batch()
    order = np.random.default_rng(5).permutation(m.size)
    for con in all_constraints():
        ours = np.asarray(con.evaluate(m, c), dtype=float)
        shuffled = np.asarray(con.evaluate(m[order], {n: a[order] for n, a in c.items()}), dtype=float)
        assert np.array_equal(ours[order], shuffled, equal_nan=True), con.name


def test_small_batches_and_remembered_masses_bit_identical_to_direct():
    """Batches under MIN_POINTS (distinct masses from np.unique), evaluated twice (the second time from the
    MassFunction memo), and g-2 on them, equal the direct evaluation of a batch without runs, bit for bit."""
    from zprime_sym.evaluate.g2 import delta_a_leptons

    m, c = _batch()
    order = np.random.default_rng(7).permutation(m.size)
    ms, cs = m[order], {n: a[order] for n, a in c.items()}  # shuffled: no runs, every factor computed per point
    assert mass_runs(ms) is None
    direct = {con.name: np.asarray(con.evaluate(ms, cs), dtype=float) for con in all_constraints()}
    direct_g2 = delta_a_leptons(ms, cs)
    for start in (0, 700, 1500):  # 120 points at a few masses each
        part = slice(start, start + 120)
        sub_m, sub_c = m[part], {n: a[part] for n, a in c.items()}
        where = np.argsort(order)[part]  # positions of these points in the shuffled batch
        for _ in range(2):
            for con in all_constraints():
                assert np.array_equal(np.asarray(con.evaluate(sub_m, sub_c), dtype=float), direct[con.name][where],
                                      equal_nan=True), con.name
            g2 = delta_a_leptons(sub_m, sub_c)
            for fl in ("e", "mu", "tau"):
                assert np.array_equal(g2[fl], direct_g2[fl][where]), fl


def test_mass_function_memo_is_read_only_and_shape_safe():
    from zprime_sym.constraints.mass_runs import MassFunction, mass_groups

    calls = []
    fn = MassFunction(lambda x: calls.append(x.shape) or np.sqrt(x))
    m = np.repeat([0.01, 0.02, 0.03], 5)
    first, again = fn(m), fn(m)
    assert np.array_equal(first, np.sqrt(m)) and np.array_equal(again, first) and len(calls) == 1
    first[0] = -1.0  # the caller's copy, not the remembered values
    assert np.array_equal(fn(m), np.sqrt(m))
    distinct, _ = mass_groups(m)
    assert not fn.on_distinct(distinct).flags.writeable
    assert fn(np.float64(0.01)).shape == () and fn(np.array([0.01])).shape == (1,)  # 0-d and 1-d not confused
    assert fn(np.full((2, 2), 0.04)).shape == (2, 2)


def test_table_lookups_on_ascending_masses_bit_identical():
    """A limit table interpolated through a batch of distinct masses is evaluated on the batch's masses in
    ascending order (faster lookups) and read back per point: for the whole batch, for a mass-range subset
    and for a scattered subset the values are, bit for bit, the table's own interpolation at each point."""
    from zprime_sym.constraints.base import Points, by_mass
    from zprime_sym.constraints.tables import shipped_table

    table = shipped_table("babar_2014.csv")
    rng = np.random.default_rng(11)
    m = 10.0 ** rng.uniform(-3.0, 1.2, 5000)  # random order, all distinct: no runs
    points = Points.prepare(m, {})
    assert points.mass_groups() is None and table._by_mass.sort_masses
    direct = table._interpolate(m)
    assert np.array_equal(by_mass(table._by_mass, points.m, points), direct, equal_nan=True)
    inside = np.flatnonzero((m > 0.05) & (m < 2.0))
    scattered = np.sort(rng.choice(m.size, 700, replace=False))
    for index in (inside, scattered):
        sub = points.subset(index)
        got = by_mass(table._by_mass, sub.m, sub)
        assert got.shape == (index.size, 1) and np.array_equal(got, direct[index], equal_nan=True)
    ascending, position = points.sorted_positions()
    assert np.array_equal(ascending[position], m) and np.all(np.diff(ascending) > 0)


def test_widths_on_runs_with_open_blocks_bit_identical():
    """Widths on mass runs computed only on the block of points above threshold (ascending, descending and
    interleaved masses; channels closed everywhere, open everywhere, open on a block or on scattered runs)
    equal the point-by-point widths, bit for bit."""
    from zprime_sym.constraints.mass_runs import mass_groups

    m, c = _batch(per_mass=10)
    orders = {"ascending": m, "descending": m[::-1].copy(),
              "interleaved": np.concatenate([m[: m.size // 2], m[m.size // 2:][::-1], m[: m.size // 2]])}
    for label, mm in orders.items():
        cv = np.resize(c["CV_u"], mm.size)
        assert mass_runs(mm) is not None, label
        for m_q in (0.0022, 1.27, 4.18, 172.6):  # open almost everywhere ... closed everywhere
            got = hadrons.quark_width(mm, cv, 0.3 * cv, m_q)
            assert np.array_equal(got, _point_by_point(lambda x, a, m_q=m_q: hadrons.quark_width(x, a, 0.3 * a, m_q), mm, cv)), (label, m_q)
        got = widths.charged_lepton_width(mm, cv, 0.0, 1.777)
        assert np.array_equal(got, _point_by_point(lambda x, a: widths.charged_lepton_width(x, a, 0.0, 1.777), mm, cv)), label
        had = hadrons.hadronic_widths(mm, {"CV_u": cv, "CV_d": 0.5 * cv, "CA_b": cv}, mass_groups(mm))
        one = [hadrons.hadronic_widths(np.array([x]), {"CV_u": np.array([a]), "CV_d": np.array([0.5 * a]),
                                                       "CA_b": np.array([a])}) for x, a in zip(mm, cv)]
        for key, value in had.items():
            assert np.array_equal(value, np.array([w[key][0] for w in one])), (label, key)
