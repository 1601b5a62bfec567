"""The packaged model is read without importing the ``wordllama`` package (a fifth of a second, and a
root logger set to INFO for the whole process), and gives the vectors WordLlama's own inference gives."""

from __future__ import annotations

import logging
import subprocess
import sys

import numpy as np
import pytest

from dash.paths import PROJECT_ROOT

pytest.importorskip("wordllama")

TEXTS = ["Handing over decisions is only real if the panel can also change the criteria.", "short", "",
         "£15 an hour – café", "Digital-only meetings shut out older residents " * 20]


def test_the_vectors_are_wordllamas_own():
    from importlib.resources import files

    from safetensors.numpy import load_file
    from tokenizers import Tokenizer
    from wordllama.inference import WordLlamaInference

    from dash.themes.semantic import packaged_model

    root = files("wordllama")
    reference = WordLlamaInference(
        load_file(str(root / "weights" / "l2_supercat_256.safetensors"))["embedding.weight"],
        Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json")))
    expected = np.asarray(reference.embed(TEXTS), dtype=np.float32)
    lengths = np.linalg.norm(expected, axis=1, keepdims=True)
    expected = expected / np.where(lengths == 0, 1, lengths)
    assert np.allclose(packaged_model()(TEXTS), expected, atol=1e-6)


def test_loading_it_imports_neither_the_package_nor_its_logging():
    code = ("import logging, sys; from dash.themes.semantic import packaged_model; "
            "packaged_model()(['a panel']); "
            "print('wordllama' in sys.modules, 'pydantic' in sys.modules, logging.getLogger().level)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=PROJECT_ROOT, env={"PYTHONPATH": str(PROJECT_ROOT / "src"), "PATH": ""})
    assert done.stdout.split() == ["False", "False", str(logging.WARNING)]
