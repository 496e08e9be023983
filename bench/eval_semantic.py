"""Optional semantic matching against the default clusterer, on hand-labelled gold claims.

    python -m bench.eval_semantic DOCS_DIR GOLD_FILE [--bars 0.7,0.75,...]

e.g. `python -m bench.eval_semantic seeds tests/gold/seeds.gold.json`. Needs the `semantic` extra.
Extracts the documents' claims once, clusters them with the lexical rules alone and with embedding
neighbours at each bar, and prints B-cubed precision / recall / F1, exact source counts and gold
disputes found (scored by tasks/evaluate.py) for each, with the number of semantic links used.
"""

import argparse
from pathlib import Path

import pyarrow as pa

from bench import render
from flows.cli.evaluate import SystemClaim, load_gold, score
from flows.stages import figure_claims
from schemas.derive import to_table
from schemas.records import ClaimRecord, DocumentRecord
from schemas.tables import LAKE_EXCLUDE
from tasks.extract.claims import extract_claims
from tasks.group.cluster import cluster_claims
from tasks.group.disputes import figure_disputes
from tasks.group.options import GroupOptions
from tasks.ingest.options import IngestOptions
from tasks.ingest.read import read_sources

DEFAULT_BARS = "0.6,0.65,0.7,0.75,0.8,0.85,0.9"


def scored(docs_dir: Path, gold_path: Path, semantic_bars: list[float | None]) -> list[list]:
    """One row per semantic bar (None: the default): the gold figures of that clustering."""
    docs, _ = read_sources(sorted(p for p in docs_dir.iterdir() if p.is_file()), IngestOptions())
    records, claims, _, _ = extract_claims(docs, "r")
    table = to_table(claims, ClaimRecord, LAKE_EXCLUDE["claims"])
    documents = to_table(records, DocumentRecord)
    name = {d.doc_id: Path(d.source_uri).name for d in docs}
    mentions, non_claims, gold = load_gold(gold_path, docs_dir)
    rows = []
    for bar in semantic_bars:
        options = GroupOptions(semantic_matching=bar is not None,
                               **({"semantic_threshold": bar} if bar is not None else {}))
        grouped = cluster_claims(table, {"r": 0}, options)
        members, links = grouped.members, grouped.links
        cluster = dict(zip(members["claim_id"].to_pylist(), members["cluster_id"].to_pylist(),
                           strict=True))
        disputes = pa.concat_tables([figure_disputes(figure_claims(table, members, documents)),
                                     grouped.negations])
        system = [SystemClaim(name[c.doc_id], c.raw_start, c.raw_end, cluster[c.claim_id],
                              c.speaker, tuple(f.value for f in c.figures), c.claim_id)
                  for c in claims]
        pairs = list(zip(disputes["claim_id"].to_pylist(),
                         disputes["other_claim_id"].to_pylist(), strict=True))
        s = score(mentions, non_claims, system, gold["disputes"], pairs)
        n_semantic = links["rule"].to_pylist().count("semantic")
        rows.append([
            "default (lexical)" if bar is None else f"semantic cosine >= {bar:g}",
            s["b3_precision"], s["b3_recall"], s["b3_f1"],
            f"{s['exact_source_counts']}/{s['multi_source_clusters']}",
            f"{s['disputes_found']}/{s['n_disputes']}", n_semantic,
        ])
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path, help="folder of the gold file's documents")
    parser.add_argument("gold", type=Path, help="gold claims JSON file")
    parser.add_argument("--bars", default=DEFAULT_BARS, help="semantic cosine bars to try")
    args = parser.parse_args(argv)
    bars = [None, *(float(b) for b in args.bars.split(","))]
    print(render(["clustering", "B3 prec", "B3 recall", "B3 F1", "exact sources", "disputes",
                  "semantic links"], scored(args.docs, args.gold, bars)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
