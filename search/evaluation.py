"""Relevance measurement: nDCG@k over graded judgements (pure functions)."""

from __future__ import annotations

import math


def dcg(gains: list[float]) -> float:
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg_at_k(ranked: list[str], judgements: dict[str, int], k: int = 10) -> float:
    """1.0 when the best-judged results come first; 0.0 when none appear."""
    ideal = dcg(sorted(judgements.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judgements.get(title, 0) for title in ranked[:k]]) / ideal
