"""Synthetic data at the scale of a province or of the whole country, for the benchmark
(`manage.py make_synthetic`, `manage.py bench`). `data` holds the names, scales and weights,
`builder` the Synthesizer (units, accounts, plans; `grow`) and the clean-up, `activity` what
the units did (reports, commune reports, dossiers with their stages)."""

from devtools.synthetic.builder import Synthesizer
from devtools.synthetic.data import CODE_PREFIX, PASSWORD, SCALES, USER_PREFIX, Scale, has_synthetic_data
from devtools.synthetic.decisions import big_decision
from devtools.synthetic.queries import delete_synthetic, subjects, totals

__all__ = [
    "CODE_PREFIX",
    "PASSWORD",
    "SCALES",
    "USER_PREFIX",
    "Scale",
    "Synthesizer",
    "big_decision",
    "delete_synthetic",
    "has_synthetic_data",
    "subjects",
    "totals",
]
