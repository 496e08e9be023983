"""Memory and time of each regroup stage over an existing lake, each in a process of its own.

    python -m bench.bench_regroup LAKE_DIR [--stages cluster,families,disputes]

LAKE_DIR is a claimtrail lake (e.g. the `10x-lake` a `bench.bench_pipeline --workdir` run leaves).
For each stage the script starts a fresh Python process that runs the stage's task function
(without Prefect) over the whole lake, as the flow does for a run adding its documents (the
cluster stage first finds the near-copies it needs, as the families stage hands them on), and
prints wall and CPU seconds and the process's peak resident memory (getrusage of the child: what
the stage itself adds to a flow process, plus ~150 MB of imports). Nothing is written to the lake.
The machine's load average is printed with every figure.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_pipeline import load

# the stage, as the flow runs it (flows/pipeline.py: group), over the lake's published state
_STAGE = """
import sys
from flows.memory import bound_heap
bound_heap()
from flows import stages
from tasks.group.options import GroupOptions
from tasks.store.lake import Lake, RunWriter
lake = Lake(sys.argv[1])
run = RunWriter(lake, "bench-regroup")
order = {r: i for i, r in enumerate(lake.manifest["runs"])}
stage, n = sys.argv[2], run.num_rows("claims")
if stage == "cluster":
    import time
    families, copies = stages.group_documents.fn(run, order, n_documents=0)
    del families
    cpu = time.process_time()
    grouped = stages.cluster_claims.fn(run, order, GroupOptions(), copies, n_claims=n)
    print(f"{grouped.members.num_rows:,} members, {grouped.links.num_rows:,} links, "
          f"{grouped.negations.num_rows:,} negation disputes; clustering alone "
          f"{time.process_time() - cpu:.1f} CPU-s")
elif stage == "families":
    families, copies = stages.group_documents.fn(run, order,
                                                 n_documents=run.num_rows("documents"))
    print(f"{families.num_rows:,} documents in {len(set(families['family_id'].to_pylist())):,}"
          f" families, {copies.num_rows:,} near-copy pairs")
else:
    print(f"{stages.find_disputes.fn(run, n_claims=n).num_rows:,} dispute pairs")
"""
STAGES = ("cluster", "families", "disputes")


def main() -> None:
    """Run each stage in a child process and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lake", type=Path, help="a claimtrail lake folder")
    parser.add_argument("--stages", default=",".join(STAGES),
                        help=f"comma-separated, of {', '.join(STAGES)} (default: all)")
    args = parser.parse_args()
    env = {**os.environ, "ARROW_DEFAULT_MEMORY_POOL": "system"}
    for stage in args.stages.split(","):
        if stage not in STAGES:
            raise SystemExit(f"unknown stage {stage!r}: use {', '.join(STAGES)}")
        before, started = load(), time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _STAGE, str(args.lake), stage], env=env,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        output = proc.stdout.read().strip()
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"{stage} failed")
        print(f"{stage:<9} {time.perf_counter() - started:6.1f} s wall, "
              f"{usage.ru_utime + usage.ru_stime:6.1f} s CPU, peak "
              f"{usage.ru_maxrss / 1024:,.0f} MiB; {output} ({before})")


if __name__ == "__main__":
    main()
