"""Model files a user might write that the project does not ship, shared by the tests that need them.

Each is the text of a charge-table TOML file (docs/model-files.md); tests write it to a temporary folder.
"""
from __future__ import annotations

#: The Standard-Model Higgs doublet, neutral under the U(1)', and a singlet S that breaks it.
HIGGS_AND_SINGLET = """\
[[scalars]]
name = "H"
rep = "doublet"
hypercharge = "1/2"
charge = 0
[[scalars]]
name = "S"
rep = "singlet"
charge = {s_charge}
vev = "vS"
"""

#: Quarks of baryon number 1/3 (every generation).
BARYON_QUARKS = """\
[quarks]
Q = "1/3"
uR = "1/3"
dR = "1/3"
"""

#: Gauged baryon number with no kinetic mixing at tree level: leptophobic, anomalous (new fermions would be
#: needed), its mixing runs (b = sum N_c Q z_V = 1).
U1_BARYON = """\
name = "u1_baryon"
description = "gauged baryon number, leptons neutral"
[gauge]
gp = "gp"
gt = 0
[leptons]
L = 0
eR = 0
""" + BARYON_QUARKS + HIGGS_AND_SINGLET.format(s_charge=1)

#: Gauged B-L with three right-handed neutrinos, g' free and the kinetic mixing fixed to 0 (the shipped
#: b_minus_l keeps it free); the mixing runs (b = 4).
B_MINUS_L_FIXED_MIXING = """\
name = "bl_fixed_gt"
[gauge]
gp = "gp"
gt = 0
[leptons]
L = -1
eR = -1
nuR = -1
""" + BARYON_QUARKS + HIGGS_AND_SINGLET.format(s_charge=2)
