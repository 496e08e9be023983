"""The labelled corpora grouping is trained and measured on, read once for the training command
and the evaluations, and the pipeline run they share.

- MSRP (msrp-train/msr_paraphrase_train.txt): sentence pairs from different outlets, labelled
  "same meaning" or not. Each distinct sentence becomes one document. Folds keep sentence ids
  apart: the connected components of the pair graph are dealt into folds, so no sentence is in
  two folds.
- ECB+ (ecbplus-dev/): news documents with gold event mentions; two mentions with one `chain`
  refer to one real-world event. The corpus file has defects, handled here: ids repeated with
  another topic's text (a second `2_1ecb` record holding the text of `12_1ecb`: the record whose
  length equals the gold `n_chars` is kept), mentions whose text is not at their offsets (they
  belong to the sibling record and are dropped), and ids that share one text (they are one
  document, `doc_id` being a hash of the text, and their topics are put in one fold).

`run_claimtrail` writes nothing but runs `claimtrail run` (a subprocess, as a user would) into a
lake and warehouse, optionally with another checkout's code on the path (for the figures before
a change).
"""

import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemas.ids import content_id

MsrpPair = tuple[bool, str, str]  # label, sentence id 1, sentence id 2
MSRP_FILE = Path("msrp-train") / "msr_paraphrase_train.txt"
ECB_DIR = Path("ecbplus-dev")


def read_msrp(path: Path) -> tuple[list[MsrpPair], dict[str, str]]:
    """(label, id1, id2) of every pair, and the sentence of every id (UTF-8 with a BOM; a header
    line is skipped if present)."""
    pairs: list[MsrpPair] = []
    sentences: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        for n, line in enumerate(f):
            fields = line.rstrip("\r\n").split("\t")
            if n == 0 and fields[0] not in ("0", "1"):
                continue  # a header
            label, id1, id2, s1, s2 = fields
            sentences.setdefault(id1, s1)
            sentences.setdefault(id2, s2)
            pairs.append((label == "1", id1, id2))
    return pairs, sentences


def _deal(groups: Mapping[Any, int], k: int) -> dict[Any, int]:
    """Groups (name → size) dealt into k folds, largest first, each to the lightest fold."""
    load = [0] * k
    fold: dict[object, int] = {}
    for g in sorted(groups, key=lambda g: (-groups[g], str(g))):
        f = min(range(k), key=lambda i: (load[i], i))
        fold[g] = f
        load[f] += groups[g]
    return fold


def msrp_components(pairs: Sequence[MsrpPair]) -> dict[str, str]:
    """The connected component of every sentence id in the pair graph (named by its smallest
    id)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {s: find(s) for _, a, b in pairs for s in (a, b)}


def msrp_folds(pairs: Sequence[MsrpPair], k: int) -> dict[str, int]:
    """The fold of every sentence id: connected components of the pair graph, dealt by size."""
    component = msrp_components(pairs)
    fold = _deal(Counter(component[a] for _, a, _ in pairs), k)
    return {s: fold[c] for s, c in component.items()}


@dataclass(frozen=True)
class Mention:
    """A gold event mention: its document (by content), offsets and event chain."""

    doc_id: str
    start: int
    end: int
    chain: str


class Ecb:
    """ECB+ dev, cleaned: the records consistent with the gold, the mentions found at their
    offsets, documents by content id, topic groups (topics sharing a text) for folds."""

    def __init__(self, corpus: Path) -> None:
        gold = json.loads((corpus / "ecbplus-dev.gold.json").read_text(encoding="utf-8"))
        self.texts: dict[str, str] = {}  # record id → text
        n_lines = 0
        with (corpus / "ecbplus-dev.jsonl").open(encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                n_lines += 1
                info = gold["documents"].get(record["id"])
                if info and len(record["text"]) == info["n_chars"]:
                    self.texts.setdefault(record["id"], record["text"])
        self.spurious = n_lines - len(self.texts)
        self.doc_of = {k: content_id(t) for k, t in self.texts.items()}
        self.doc_text = {self.doc_of[k]: t for k, t in self.texts.items()}
        self.n_raw_mentions = len(gold["mentions"])
        found = {Mention(self.doc_of[m["doc"]], m["start"], m["end"], str(m["chain"]))
                 for m in gold["mentions"]
                 if m["doc"] in self.texts
                 and self.texts[m["doc"]][m["start"]:m["end"]] == m["text"]}
        self.mentions = sorted(found, key=lambda m: (m.doc_id, m.start, m.end, m.chain))
        self.dropped = self.n_raw_mentions - len(self.mentions)
        self.sentences: dict[str, list[tuple[int, int]]] = {}  # document → sentence spans
        for k, info in gold["documents"].items():
            if k in self.doc_of:
                self.sentences.setdefault(self.doc_of[k], [tuple(s) for s in info["sentences"]])
        parent: dict[int, int] = {}

        def find(x: int) -> int:
            while parent.setdefault(x, x) != x:
                x = parent[x]
            return x

        topics: defaultdict[str, set[int]] = defaultdict(set)
        for k, d in self.doc_of.items():
            topics[d].add(int(k.split("_")[0]))
        for ts in topics.values():
            first, *rest = sorted(ts)
            for t in rest:
                parent[find(t)] = find(first)
        self.group_of_doc = {d: find(min(ts)) for d, ts in topics.items()}

    def folds(self, k: int) -> dict[str, int]:
        """The fold of every document: topic groups dealt into k folds by size."""
        size = Counter(self.group_of_doc.values())
        fold = _deal(size, k)
        return {d: fold[g] for d, g in self.group_of_doc.items()}

    def records(self) -> list[dict]:
        """The consistent records as claimtrail JSONL (id, text), one per distinct text."""
        seen: set[str] = set()
        out = []
        for k, t in self.texts.items():
            if self.doc_of[k] not in seen:
                seen.add(self.doc_of[k])
                out.append({"id": k, "text": t})
        return out


def write_jsonl(records: Sequence[dict], path: Path) -> Path:
    """Records as a claimtrail JSONL input file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def run_claimtrail(inputs: Sequence[Path], db: Path, lake: Path, *options: str,
                   code: Path | None = None) -> float:
    """`claimtrail run INPUTS --db DB --lake LAKE OPTIONS` into a fresh lake and warehouse, as a
    subprocess; with `code`, that checkout's packages come first on the path (the figures before
    a change). Returns the wall seconds; raises with the run's output when it fails."""
    for p in (db, lake):
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    env = {**os.environ}
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code), env.get("PYTHONPATH", "")])
    command = [sys.executable, "-c", "from flows.cli.main import console; console()", "run",
               *map(str, inputs), "--db", str(db), "--lake", str(lake), *options]
    started = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True,
                          cwd=code or Path(__file__).resolve().parent.parent)
    if proc.returncode not in (0, 3):
        raise RuntimeError(f"claimtrail run failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return time.perf_counter() - started


def run_fold(records: Sequence[dict], corpus: str, k: int, workdir: Path, models: Path | None,
             code: Path | None, options: Sequence[str]) -> Path:
    """Fold k of a corpus through `claimtrail run` into its own lake and warehouse, grouped by
    the fold model `models/<corpus>_fold<k>.json` when models is given (the model trained
    without fold k); returns the warehouse."""
    inputs = write_jsonl(records, workdir / "inputs" / f"fold{k}" / f"{corpus}.jsonl")
    model = ["--link-model", str(models / f"{corpus}_fold{k}.json")] if models else []
    db = workdir / f"fold{k}.duckdb"
    run_claimtrail([inputs.parent], db, workdir / f"fold{k}-lake", *model, *options, code=code)
    return db


# ---- scoring a grouping against the gold -------------------------------------------------------

def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def msrp_scores(pairs: Sequence[MsrpPair], clusters_of: dict[str, set[str]],
                doc_of: dict[str, str]) -> dict[str, float]:
    """P / R / F1 / accuracy of "the two sentences' claims share a cluster" (clusters_of: the
    clusters of each document's claims; a sentence without claims predicts "different")."""
    tp = fp = fn = tn = 0
    for gold, a, b in pairs:
        same = bool(clusters_of.get(doc_of[a], set()) & clusters_of.get(doc_of[b], set()))
        tp += same and gold
        fp += same and not gold
        fn += gold and not same
        tn += not same and not gold
    p, r, f = prf(tp, fp, fn)
    return {"P": p, "R": r, "F1": f, "acc": (tp + tn) / max(len(pairs), 1)}


@dataclass(frozen=True)
class Unit:
    """A claim holding gold event mentions (the smallest claim holding each mention)."""

    claim_id: str
    doc_id: str
    chains: frozenset[str]
    sentence: tuple[int, int]


def ecb_units(ecb: Ecb, claims: Sequence[tuple]) -> tuple[list[Unit], dict[Mention, int]]:
    """The units among claims (claim_id, doc_id, raw_start, raw_end, sentence_start,
    sentence_end), and the unit covering each covered mention."""
    by_doc: defaultdict[str, list[tuple]] = defaultdict(list)
    for c in claims:
        by_doc[c[1]].append(c)
    chains: dict[str, set[str]] = {}
    info: dict[str, tuple] = {}
    cover: dict[Mention, str] = {}
    for m in ecb.mentions:
        inside = [c for c in by_doc.get(m.doc_id, []) if c[2] <= m.start and m.end <= c[3]]
        if inside:
            best = min(inside, key=lambda c: (c[3] - c[2], c[0]))
            chains.setdefault(best[0], set()).add(m.chain)
            info[best[0]] = best
            cover[m] = best[0]
    ids = sorted(chains)
    number = {c: k for k, c in enumerate(ids)}
    units = [Unit(c, info[c][1], frozenset(chains[c]), (info[c][4], info[c][5])) for c in ids]
    return units, {m: number[c] for m, c in cover.items()}


def cross_pairs(units: Sequence[Unit], group: Sequence[object]) -> set[tuple[int, int]]:
    """Pairs of units in different documents that share a group (a cluster, or any chain when
    group holds chain sets)."""
    members: defaultdict[object, list[int]] = defaultdict(list)
    for u, g in enumerate(group):
        for key in (g if isinstance(g, frozenset) else (g,)):
            members[key].append(u)
    return {(a, b) for us in members.values() for x, a in enumerate(us) for b in us[x + 1:]
            if units[a].doc_id != units[b].doc_id}


def ecb_link_scores(units: Sequence[Unit], cluster_of_unit: Sequence[str]) -> dict[str, float]:
    """Cross-document claim links: gold when two units hold mentions of one event, predicted
    when they share a cluster."""
    gold = cross_pairs(units, [u.chains for u in units])
    predicted = cross_pairs(units, cluster_of_unit)
    tp = len(gold & predicted)
    p, r, f = prf(tp, len(predicted) - tp, len(gold) - tp)
    return {"P": p, "R": r, "F1": f, "gold": len(gold), "predicted": len(predicted)}


def ecb_event_counts(ecb: Ecb, covered: dict[Mention, int], cluster_of_unit: Sequence[str],
                     docs_of_cluster: dict[str, set[str]]) -> dict[str, float]:
    """For events reported by >= 2 documents: the share whose main cluster (the one holding most
    of the event's covered mentions; ties to the smaller id) counts exactly the event's
    documents; and the same for the union of the clusters holding >= 2 of its mentions (the
    main cluster always included), the variant the lab research suggested."""
    docs: defaultdict[str, set[str]] = defaultdict(set)
    held: defaultdict[str, Counter] = defaultdict(Counter)
    for m in ecb.mentions:
        docs[m.chain].add(m.doc_id)
        if m in covered:
            held[m.chain][cluster_of_unit[covered[m]]] += 1
    events = [c for c, d in docs.items() if len(d) >= 2]
    exact = union = 0
    for chain in events:
        if not held[chain]:
            continue
        top = max(held[chain].values())
        main = min(c for c, k in held[chain].items() if k == top)
        exact += docs_of_cluster[main] == docs[chain]
        clusters = {main} | {c for c, k in held[chain].items() if k >= 2}
        union += set().union(*(docs_of_cluster[c] for c in clusters)) == docs[chain]
    n = max(len(events), 1)
    return {"events": len(events), "exact": exact, "exact_share": exact / n,
            "union_exact": union, "union_share": union / n}
