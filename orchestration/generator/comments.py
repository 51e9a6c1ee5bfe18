"""Free-text survey comments, Thai and English, some with commas, quotes and line breaks."""

from __future__ import annotations

import numpy as np

POSITIVE = (
    "Great service, will come back!",
    "พนักงานบริการดีมาก ประทับใจค่ะ",
    "Fast delivery and well packed.",
    'The "Glow" serum is amazing, my skin feels so soft',
    "สินค้าดี ส่งไว ขอบคุณค่ะ",
    "Love the new store at Central, staff were so helpful.",
    "ชอบมากค่ะ จะกลับมาซื้ออีก",
    "Easy checkout.\nWill recommend to friends.",
    "ครีมกันแดดใช้ดี, ไม่เหนียวเลย",
    "Points were added right away, thanks",
)
NEUTRAL = (
    "OK",
    "ก็โอเคค่ะ",
    "Delivery took 4 days, a bit slow, but fine",
    "สินค้าโอเค แต่ราคาค่อนข้างสูง",
    "Website is fine, app crashes sometimes.",
    'Staff said "out of stock" twice',
    "-",
)
NEGATIVE = (
    "Item arrived broken, still waiting for refund.",
    "รอของนานมาก ติดต่อไม่ได้เลย",
    "Wrong shade delivered, had to return it",
    'Customer service said "we will call back" and never did.',
    "แพ็คเกจเสียหาย,\nครีมรั่วออกมา",
    "Points not added after my purchase, please check",
    "ไม่พอใจการบริการ",
)

COMMENTS = np.array(POSITIVE + NEUTRAL + NEGATIVE, dtype=object)
_N_POS, _N_NEU = len(POSITIVE), len(NEUTRAL)


def pick_comments(rng: np.random.Generator, sentiment: np.ndarray) -> np.ndarray:
    """A comment per row matching sentiment 2 (positive), 1 (neutral) or 0 (negative)."""
    n = len(sentiment)
    pos = rng.integers(0, _N_POS, n)
    neu = _N_POS + rng.integers(0, _N_NEU, n)
    neg = _N_POS + _N_NEU + rng.integers(0, len(NEGATIVE), n)
    index = np.where(sentiment == 2, pos, np.where(sentiment == 1, neu, neg))
    return COMMENTS[index]
