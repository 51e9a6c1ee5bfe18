"""The brand's stores, and the store phones cashiers type when a customer gives none."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import rates
from .persons import PROVINCE_WEIGHTS, phone_numbers
from .rows import obj
from .thai_names import PROVINCES


@dataclass(frozen=True)
class Stores:
    store_id: np.ndarray
    province: np.ndarray  # index into PROVINCES
    phone: np.ndarray  # ten-digit store phone or None

    @property
    def n(self) -> int:
        return len(self.store_id)


def build_stores(total_persons: int, rng: np.random.Generator) -> Stores:
    n = rates.N_STORES
    province = rng.choice(len(PROVINCES), size=n, p=PROVINCE_WEIGHTS)
    phone = np.full(n, None, dtype=object)
    with_phone = rng.choice(n, size=rates.N_STORE_PHONES, replace=False)
    spare_keys = total_persons + 1 + np.arange(rates.N_STORE_PHONES)
    phone[with_phone] = phone_numbers(spare_keys, total_persons)
    return Stores(store_id=obj([f"S{i + 1:03d}" for i in range(n)]), province=province, phone=phone)
