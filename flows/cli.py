"""The `claimtrail` command line: `run` the pipeline, `serve` it on a schedule (flows/serve.py),
`eval` a warehouse against gold claims;
the analyst's `top`, `show`, `sql` and `dictionary` live in flows/analyst.py."""

import argparse
import os
import sys
import threading
from pathlib import Path

# Arrow's system allocator hands freed memory back to the OS between stages (its default,
# mimalloc, keeps it): the run's peak memory is what one stage needs, not the sum of all.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from flows.analyst import COMMANDS as ANALYST_COMMANDS
from flows.analyst import add_commands, run_command
from flows.memory import bound_heap
from flows.runners import RUNNERS
from flows.serve import add_command as add_serve_command
from flows.serve import run_serve

DEFAULT_DB = "data/warehouse.duckdb"
DEFAULT_LAKE = "data/lake"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimtrail",
        description="Track claims across news sources: raw text in, DuckDB tables out.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "run", help="run the pipeline over input files and folders",
        description="Ingest .txt/.md/.jsonl articles, extract and cluster their claims, publish "
        "them to the Parquet lake and rebuild the DuckDB warehouse. Runs as a Prefect flow "
        "(a temporary local server unless PREFECT_API_URL points at one).",
    )
    run.add_argument("inputs", nargs="*", default=["seeds"], metavar="INPUT",
                     help="files or folders to read (default: seeds/)")
    run.add_argument("--db", default=DEFAULT_DB,
                     help=f"DuckDB warehouse file to (re)build (default: {DEFAULT_DB})")
    run.add_argument("--lake", default=DEFAULT_LAKE,
                     help="folder of the Parquet lake, the system of record "
                     f"(default: {DEFAULT_LAKE})")
    run.add_argument("--max-file-mb", type=float, default=50.0,
                     help="quarantine files larger than this many megabytes (default: 50)")
    run.add_argument("--semantic", action="store_true",
                     help="also link claims by sentence embeddings (needs the `semantic` extra)")
    run.add_argument("--runner", choices=RUNNERS, default="processes",
                     help="where extraction batches run: local processes (default), threads of "
                     "this process, or a Dask cluster (needs claimtrail[dask])")
    run.add_argument("--workers", type=int,
                     help="processes, threads or local Dask workers (default: one per core)")
    run.add_argument("--address", metavar="tcp://HOST:PORT",
                     help="with --runner dask: the scheduler of an existing Dask cluster "
                     "(default: start a local one)")

    ev = commands.add_parser(
        "eval", help="score a warehouse against hand-labelled gold claims",
        description="Score the claims in a warehouse against a gold file by the rules in "
        "tests/gold/README.md and print each figure.",
    )
    ev.add_argument("gold", type=Path, metavar="GOLD", help="gold claims JSON file")
    ev.add_argument("--db", type=Path, default=Path(DEFAULT_DB),
                    help=f"DuckDB warehouse to score (default: {DEFAULT_DB})")
    ev.add_argument("--docs", type=Path, required=True,
                    help="folder holding the gold file's documents")
    add_serve_command(commands, DEFAULT_DB, DEFAULT_LAKE)
    add_commands(commands, DEFAULT_DB)
    return parser


def _boot_temporary_server() -> threading.Thread | None:
    """When no Prefect server is configured, start Prefect's temporary one from a thread now, so
    that it boots while the pipeline's modules are imported (Prefect keeps one temporary server
    per process: the flow finds it running)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return None

    def start() -> None:
        from prefect.server.api.server import SubprocessASGIServer

        SubprocessASGIServer().start()

    thread = threading.Thread(target=start, name="prefect-server-start", daemon=True)
    thread.start()
    return thread


def _run(args: argparse.Namespace) -> int:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # Prefect's temporary server may need longer than its default 20 s on a busy machine
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    server = _boot_temporary_server()
    from flows.pipeline import claimtrail_run
    from flows.runners import task_runner
    from tasks.config import PipelineConfig
    from tasks.report import summary_text

    config = PipelineConfig(max_file_bytes=int(args.max_file_mb * 1_000_000),
                            semantic_matching=args.semantic)
    if config.semantic_matching:
        from tasks.semantic import SemanticUnavailable, require

        try:
            require()
        except SemanticUnavailable as err:
            print(f"claimtrail: {err}", file=sys.stderr)
            return 2
    flow = claimtrail_run.with_options(
        task_runner=task_runner(args.runner, args.workers, args.address))
    if server is not None:
        server.join()
    summary = flow(inputs=args.inputs, db=args.db, lake=args.lake, config=config)
    print(summary_text(summary))
    return 3 if summary.n_quarantined else 0


def _eval(args: argparse.Namespace) -> int:
    from tasks.evaluate import evaluate, format_scores

    print(format_scores(evaluate(args.gold, args.db, args.docs)))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `claimtrail` command."""
    args = _parser().parse_args(argv)
    if args.command in ANALYST_COMMANDS:
        return run_command(args)
    from tasks.store import LakeBusy

    bound_heap()
    try:
        return {"run": _run, "eval": _eval, "serve": run_serve}[args.command](args)
    except (FileNotFoundError, ValueError) as err:
        print(f"claimtrail: {err}", file=sys.stderr)
        return 2
    except LakeBusy as err:
        print(f"claimtrail: {err}", file=sys.stderr)
        return 4


def console() -> None:
    """The installed `claimtrail` script."""
    sys.exit(main())


if __name__ == "__main__":
    console()
