"""Person names as source systems store them: Thai script or a romanization, with
honorifics (sometimes glued to the name), stray spaces and varying case."""

from __future__ import annotations

import numpy as np

from . import rates
from .thai_names import (
    FIRST_NAMES,
    LAST_NAMES,
    LATIN_HONORIFIC_ANY,
    LATIN_HONORIFIC_FEMALE,
    LATIN_HONORIFIC_MALE,
    THAI_HONORIFIC_MALE,
    THAI_HONORIFIC_MISS,
    THAI_HONORIFIC_MRS,
)

FIRST_THAI = np.array([f[0] for f in FIRST_NAMES], dtype=object)
LAST_THAI = np.array([n[0] for n in LAST_NAMES], dtype=object)
# [name index, spelling] -> romanization; a name with one romanization repeats it.
FIRST_LATIN = np.array([[f[1][0], f[1][-1]] for f in FIRST_NAMES], dtype=object)
LAST_LATIN = np.array([[n[1][0], n[1][-1]] for n in LAST_NAMES], dtype=object)
FEMALE_FIRST = np.array([i for i, f in enumerate(FIRST_NAMES) if f[2] == "F"])
MALE_FIRST = np.array([i for i, f in enumerate(FIRST_NAMES) if f[2] == "M"])


def _map(values: np.ndarray, rows: np.ndarray, func) -> None:
    if len(rows):
        values[rows] = [func(v) for v in values[rows].tolist()]


def render_names(
    first: np.ndarray,
    last: np.ndarray,
    spelling: np.ndarray,
    female: np.ndarray,
    rng: np.random.Generator,
    thai_share: float,
) -> tuple[np.ndarray, np.ndarray]:
    """first_name and last_name columns for rows of (name indexes, spelling, gender)."""
    n = len(first)
    draw = rng.random((9, n))
    thai = draw[0] < thai_share
    spell = np.where(draw[1] < rates.NAME_ALT_SPELLING, 1 - spelling, spelling)
    first_out = np.where(thai, FIRST_THAI[first], FIRST_LATIN[first, spell])
    last_out = np.where(thai, LAST_THAI[last], LAST_LATIN[last, spell])
    latin = np.flatnonzero(~thai)
    upper = latin[draw[2][latin] < rates.NAME_UPPER]
    lower = latin[
        (draw[2][latin] >= rates.NAME_UPPER)
        & (draw[2][latin] < rates.NAME_UPPER + rates.NAME_LOWER)
    ]
    for rows, func in ((upper, str.upper), (lower, str.lower)):
        _map(first_out, rows, func)
        _map(last_out, rows, func)

    honor = draw[3] < rates.NAME_HONORIFIC
    glued = draw[4] < rates.NAME_HONORIFIC_GLUED
    thai_title = np.where(
        female,
        np.where(draw[5] < 0.6, THAI_HONORIFIC_MISS, THAI_HONORIFIC_MRS),
        THAI_HONORIFIC_MALE,
    )
    latin_title = np.where(
        draw[5] < 0.3,
        LATIN_HONORIFIC_ANY,
        np.where(female, LATIN_HONORIFIC_FEMALE, LATIN_HONORIFIC_MALE),
    )
    title = np.where(thai, thai_title, latin_title).astype(object)
    sep = np.where(glued & (thai | (draw[5] > 0.9)), "", " ").astype(object)
    rows = np.flatnonzero(honor)
    first_out[rows] = title[rows] + sep[rows] + first_out[rows]

    full = np.flatnonzero(draw[6] < rates.NAME_FULL_IN_FIRST)
    first_out[full] = first_out[full] + " " + last_out[full]
    last_out[full] = None

    stray = draw[7] < rates.NAME_STRAY_SPACES
    kind = draw[8]
    _map(first_out, np.flatnonzero(stray & (kind < 0.3)), lambda v: " " + v)
    _map(first_out, np.flatnonzero(stray & (kind >= 0.3) & (kind < 0.6)), lambda v: v + " ")
    _map(
        first_out,
        np.flatnonzero(stray & (kind >= 0.6) & (kind < 0.8)),
        lambda v: v.replace(" ", "  ", 1) if " " in v else v + "  ",
    )
    stray_last = np.flatnonzero(stray & (kind >= 0.8))
    stray_last = stray_last[np.not_equal(last_out[stray_last], None)]
    _map(last_out, stray_last, lambda v: v + " ")
    return first_out, last_out
