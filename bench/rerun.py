"""How long a run over unchanged inputs takes once Prefect is up (it extracts nothing).

    python -m bench.rerun INPUT [INPUT ...] [--repeat N]

Runs the claimtrail flow once over the inputs into a temporary lake and warehouse (this first run
also starts Prefect's temporary server unless PREFECT_API_URL points at one), then N more times
over the same, unchanged inputs. Prints, for each re-run, the wall time of the flow call and the
flow run's start-to-end time as Prefect recorded it.
"""

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path
from uuid import UUID

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


async def _prefect_seconds(flow_run_id: str | None) -> float:
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        run = await client.read_flow_run(UUID(str(flow_run_id)))
    assert run.start_time is not None and run.end_time is not None  # the run has ended
    return (run.end_time - run.start_time).total_seconds()


def main() -> None:
    """Measure no-op re-runs and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path, help="files or folders to read")
    parser.add_argument("--repeat", type=int, default=5, help="re-runs to time (default: 5)")
    args = parser.parse_args()
    from flows.pipeline import claimtrail_run

    with tempfile.TemporaryDirectory(prefix="claimtrail-rerun-") as tmp:
        inputs, db, lake = [str(p) for p in args.inputs], f"{tmp}/w.duckdb", f"{tmp}/lake"
        started = time.perf_counter()
        first = claimtrail_run(inputs, db, lake)
        print(f"first run: {first.n_documents_new} documents, {first.n_claims_new} claims, "
              f"{time.perf_counter() - started:.2f} s including Prefect start-up")
        walls, recorded = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            again = claimtrail_run(inputs, db, lake)
            walls.append(time.perf_counter() - started)
            recorded.append(asyncio.run(_prefect_seconds(again.flow_run_id)))
            assert again.n_documents_new == 0 and again.n_claims_new == 0
    print(f"no-op re-runs ({args.repeat}): flow call median {statistics.median(walls):.2f} s, "
          f"max {max(walls):.2f} s; Prefect flow-run start to end median "
          f"{statistics.median(recorded):.2f} s, max {max(recorded):.2f} s")


if __name__ == "__main__":
    main()
