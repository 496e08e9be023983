"""End-to-end benchmark of `claimtrail run` on the Reuters-21578 bodies, and a spaCy peer.

    python -m bench.bench_pipeline CORPUS_JSONL [--scale N] [--workdir DIR] [--runner R]
                                   [--workers N] [--repeat-queries K]

CORPUS_JSONL is the Reuters-21578 JSONL (one article a line: newid, date, title, body). Records
with a body become claimtrail JSONL input (text=body, id=newid, title, published_at from date,
source="Reuters") in the work folder; with --scale N > 1 a second input of N copies is written
too: copy k changes every id and one word of every body, so all documents are distinct. For each
input the script runs the installed `claimtrail run` as a subprocess (Prefect's temporary server
start-up included) into a fresh lake, then again over the same input (a no-op re-run), and prints:
documents/s and MB/s (UTF-8 bytes of the bodies) end to end and per stage (Prefect task runs,
read from the temporary server's database), peak memory (max RSS of the run's process tree:
getrusage of the child, and the sampled sum over all its processes), CPU time, the no-op re-run
time and DuckDB query times (median of K runs, read-only). It also times a blank spaCy pipeline
with a sentencizer over the same bodies and prints our end-to-end throughput as a ratio of it.
The machine's load average is printed with every figure. Before the runs of an input, a run over
no input sets up the PREFECT_HOME they share, as a user's first run does: Prefect creates its
database then (seconds more start-up); its time is printed apart.
"""

import argparse
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tasks.store.connection import connect

REPO = Path(__file__).resolve().parent.parent
CLAIMTRAIL = Path(sys.executable).with_name("claimtrail")
# Replacement words for the one changed word of each copy (never equal to the word replaced).
_SWAPS = ("market", "company", "government", "exports", "traders", "officials", "shares",
          "prices", "output", "analysts")
_WORD = re.compile(r"\b[a-z]{4,}\b")
STAGES = ("ingest", "extract", "cluster", "families", "disputes", "store", "load")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f}/{five:.2f}/{fifteen:.2f}"


# ---- inputs -----------------------------------------------------------------------------------

def _published(date: str | None) -> str | None:
    try:
        return datetime.strptime((date or "").strip(), "%d-%b-%Y %H:%M:%S.%f").isoformat()
    except ValueError:
        return None


def read_bodies(corpus: Path) -> list[dict]:
    """claimtrail JSONL records for the corpus records that have a body."""
    out = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if (r.get("body") or "").strip():
                out.append({"id": str(r["newid"]), "title": r.get("title"), "source": "Reuters",
                            "published_at": _published(r.get("date")), "text": r["body"]})
    return out


def _changed(text: str, copy: int) -> str:
    """The text with its first word of four or more letters replaced by a different word."""
    m = _WORD.search(text)
    if m is None:
        return f"{text} {_SWAPS[copy % len(_SWAPS)]}"
    swap = next(w for k in range(len(_SWAPS)) if (w := _SWAPS[(copy + k) % len(_SWAPS)]) != m[0])
    return f"{text[:m.start()]}{swap}{text[m.end():]}"


def write_inputs(records: list[dict], folder: Path, scale: int) -> Path:
    """One JSONL file per copy in folder; copy 0 is the corpus as is."""
    folder.mkdir(parents=True, exist_ok=True)
    for copy in range(scale):
        with (folder / f"reuters-{copy:02d}.jsonl").open("w", encoding="utf-8") as fh:
            for r in records:
                if copy:
                    r = r | {"id": f"{r['id']}-{copy}", "text": _changed(r["text"], copy)}
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return folder


# ---- one run ----------------------------------------------------------------------------------

def _tree_rss(root: int) -> int:
    """Summed resident memory (bytes) of a process and all its descendants."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat[1])
        rss[int(entry.name)] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == pid and p not in tree]
        tree.update(kids)
        frontier += kids
    return sum(rss.get(p, 0) for p in tree)


@dataclass
class RunFigures:
    """What one `claimtrail run` cost."""

    wall: float
    cpu: float
    max_rss: int
    tree_rss: int
    exit_code: int
    load_before: str
    load_after: str
    output: str
    stages: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    flow_seconds: float = 0.0


def run_claimtrail(inputs: Path, lake: Path, db: Path, prefect_home: Path,
                   extra: list[str]) -> RunFigures:
    """Run `claimtrail run` as a child process and measure it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(prefect_home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            # a fresh home migrates the server's database first; a busy machine needs longer
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
    cmd = [str(CLAIMTRAIL), "run", str(inputs), "--lake", str(lake), "--db", str(db), *extra]
    before = load()
    started = time.perf_counter()
    errors = (lake.parent / f"{lake.name}.stderr").open("w+")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=errors, text=True,
                            cwd=REPO)
    peak, ended = [0], threading.Event()

    def sample() -> None:  # never polls the child: os.wait4 below must reap it
        while not ended.wait(0.25):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    ended.set()
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    sampler.join()
    figures = RunFigures(wall=wall, cpu=usage.ru_utime + usage.ru_stime,
                         max_rss=usage.ru_maxrss * 1024, tree_rss=peak[0],
                         exit_code=proc.returncode, load_before=before, load_after=load(),
                         output=output)
    errors.seek(0)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"claimtrail run failed ({proc.returncode}):\n{output}{errors.read()}")
    figures.stages, figures.flow_seconds = prefect_stages(prefect_home / "prefect.db")
    return figures


def _seconds(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _stage_rank(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else len(STAGES)


def prefect_stages(database: Path) -> tuple[dict[str, tuple[int, float, float]], float]:
    """Per stage of the latest flow run: (task runs, summed task seconds, wall span seconds),
    and the flow run's own seconds, from the temporary server's database."""
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        flow_id, start, end = con.execute(
            "SELECT id, start_time, end_time FROM flow_run ORDER BY start_time DESC LIMIT 1"
        ).fetchall()[0]
        rows = con.execute("SELECT name, start_time, end_time FROM task_run WHERE flow_run_id = ?",
                           (flow_id,)).fetchall()
    finally:
        con.close()
    spans: dict[str, list[tuple[datetime, datetime]]] = {}
    for name, t0, t1 in rows:
        if t0 and t1:
            spans.setdefault(name.split("-")[0], []).append((_seconds(t0), _seconds(t1)))
    stages = {
        stage: (len(s), sum((b - a).total_seconds() for a, b in s),
                (max(b for _, b in s) - min(a for a, _ in s)).total_seconds())
        for stage, s in sorted(spans.items(), key=lambda kv: _stage_rank(kv[0]))
    }
    return stages, (_seconds(end) - _seconds(start)).total_seconds()


# ---- queries and the peer ---------------------------------------------------------------------

def query_times(db: Path, repeat: int) -> dict[str, tuple[float, int]]:
    """Median seconds and row count of the analyst's three questions, read-only."""

    con = connect(str(db), read_only=True)
    try:
        claim = con.execute(
            "SELECT claim_id FROM claims ORDER BY claim_id LIMIT 1").fetchall()[0][0]
        top_speaker = con.execute(
            "SELECT speaker FROM claims WHERE speaker IS NOT NULL GROUP BY speaker "
            "ORDER BY count(*) DESC, speaker LIMIT 1").fetchall()
        speaker = top_speaker[0][0] if top_speaker else ""
        queries = {
            "claim_frequency top 100": (
                "SELECT * FROM claim_frequency ORDER BY n_sources DESC, n_mentions DESC "
                "LIMIT 100", []),
            "one claim's lineage": ("SELECT * FROM claim_lineage WHERE claim_id = ?", [claim]),
            f"all claims of one speaker ({speaker})": (
                "SELECT * FROM claims WHERE speaker = ?", [speaker]),
        }
        out = {}
        for label, (sql, params) in queries.items():
            times, n = [], 0
            for _ in range(repeat):
                started = time.perf_counter()
                n = len(con.execute(sql, params).fetchall())
                times.append(time.perf_counter() - started)
            out[label] = (statistics.median(times), n)
        return out
    finally:
        con.close()


def spacy_peer(texts: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds of a blank English spaCy pipeline with a sentencizer over the
    texts, and the sentences it found."""
    import spacy

    started, cpu = time.perf_counter(), time.process_time()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    n = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=256))
    return time.perf_counter() - started, time.process_time() - cpu, n


# ---- report -----------------------------------------------------------------------------------

def _rate(n_docs: int, n_bytes: int, seconds: float) -> str:
    if seconds <= 0:
        return "-"
    return f"{n_docs / seconds:,.0f} docs/s, {n_bytes / 1e6 / seconds:.2f} MB/s"


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def report_run(label: str, f: RunFigures, n_docs: int, n_bytes: int) -> None:
    print(f"\n{label}: {n_docs:,} documents, {n_bytes / 1e6:.1f} MB "
          f"(exit {f.exit_code}; {f.load_before} before, {f.load_after} after)")
    print(f"  end to end (Prefect start-up included): {f.wall:.1f} s wall, {f.cpu:.1f} s CPU "
          f"(children included) -> {_rate(n_docs, n_bytes, f.wall)}")
    print(f"  flow run (Prefect start to end): {f.flow_seconds:.1f} s")
    print(f"  peak memory: max RSS of one process {_mb(f.max_rss)}, "
          f"process tree sum {_mb(f.tree_rss)}")
    print(f"  {'stage':<10} {'tasks':>6} {'task s':>8} {'wall s':>8}  throughput (on wall span)")
    for stage, (n, busy, span) in f.stages.items():
        print(f"  {stage:<10} {n:>6} {busy:>8.1f} {span:>8.1f}  {_rate(n_docs, n_bytes, span)}")
    tail = [line for line in f.output.splitlines() if line.strip()][:6]
    print("  summary: " + "\n           ".join(tail))


def bench_input(label: str, inputs: Path, work: Path, n_docs: int, n_bytes: int,
                extra: list[str], repeat: int) -> RunFigures:
    """First run, no-op re-run and queries over one input folder; prints them."""
    lake, db, home = work / f"{label}-lake", work / f"{label}.duckdb", work / f"{label}-prefect"
    empty = work / "input-empty"
    empty.mkdir(exist_ok=True)
    setup = run_claimtrail(empty, work / f"{label}-setup-lake", work / f"{label}-setup.duckdb",
                           home, extra)
    print(f"\n{label}: a new PREFECT_HOME's first run (Prefect creates its database; no input): "
          f"{setup.wall:.1f} s wall. The runs below use this PREFECT_HOME, as a user's runs do.")
    first = run_claimtrail(inputs, lake, db, home, extra)
    report_run(f"{label} first run", first, n_docs, n_bytes)
    again = run_claimtrail(inputs, lake, db, home, extra)
    print(f"  no-op re-run: {again.wall:.1f} s wall, {again.cpu:.1f} s CPU, flow run "
          f"{again.flow_seconds:.1f} s, peak RSS {_mb(again.max_rss)} ({again.load_after})")
    for stage, (n, _, span) in again.stages.items():
        print(f"    {stage:<10} {n:>4} task runs, {span:.1f} s")
    print(f"  DuckDB queries (median of {repeat}, read-only; {load()}):")
    for q, (seconds, n) in query_times(db, repeat).items():
        print(f"    {q}: {seconds * 1000:.1f} ms ({n} rows)")
    return first


def main() -> None:
    """Write the inputs, run the benchmark, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="reuters21578.jsonl")
    parser.add_argument("--scale", type=int, default=1,
                        help="also run on N distinct copies of the corpus (default: 1, no copies)")
    parser.add_argument("--workdir", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--runner", help="passed to `claimtrail run --runner`")
    parser.add_argument("--workers", type=int, help="passed to `claimtrail run --workers`")
    parser.add_argument("--repeat-queries", type=int, default=7, help="runs per query (default 7)")
    parser.add_argument("--skip-1x", action="store_true", help="run only the scaled corpus")
    args = parser.parse_args()
    extra = [*(["--runner", args.runner] if args.runner else []),
             *(["--workers", str(args.workers)] if args.workers else [])]
    with tempfile.TemporaryDirectory(prefix="claimtrail-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        records = read_bodies(args.corpus)
        texts = [r["text"] for r in records]
        n_bytes = sum(len(t.encode("utf-8")) for t in texts)
        print(f"claimtrail benchmark, {datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, "
              f"{load()}; `claimtrail run {' '.join(extra)}`")
        peer_wall, peer_cpu, n_sents = spacy_peer(texts)
        peer_rate = n_bytes / 1e6 / peer_wall
        print(f"\npeer: blank spaCy 'en' + sentencizer, nlp.pipe, one process: {peer_wall:.1f} s "
              f"wall, {peer_cpu:.1f} s CPU, {n_sents:,} sentences -> "
              f"{_rate(len(texts), n_bytes, peer_wall)} ({load()})")
        if not args.skip_1x:
            one = bench_input("1x", write_inputs(records, work / "input-1x", 1), work,
                              len(texts), n_bytes, extra, args.repeat_queries)
            ours = n_bytes / 1e6 / one.wall
            print(f"\n1x end to end {ours:.2f} MB/s = {ours / peer_rate:.2f}x the spaCy peer "
                  f"({peer_rate:.2f} MB/s); CPU-time ratio "
                  f"{(n_bytes / one.cpu) / (n_bytes / peer_cpu):.2f}x")
        if args.scale > 1:
            inputs = write_inputs(records, work / f"input-{args.scale}x", args.scale)
            n_scaled = sum(len(p.read_bytes()) for p in inputs.iterdir())
            print(f"\n({args.scale}x input written: {n_scaled / 1e6:.0f} MB of JSONL)")
            size = sum(len(_changed(t, 1).encode("utf-8")) for t in texts) * (args.scale - 1)
            bench_input(f"{args.scale}x", inputs, work, len(texts) * args.scale,
                        n_bytes + size, extra, args.repeat_queries)


if __name__ == "__main__":
    main()
