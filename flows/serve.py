"""`claimtrail serve`: run the flow on a schedule over an inbox folder, as a Prefect deployment.

Each scheduled run reads the whole inbox; what the lake already has is recognised by content and
skipped, so a run extracts only what is new. Scheduling needs a Prefect server (`prefect server
start`): Prefect's temporary in-process server has no scheduler, so serve refuses to start on it.
"""

import argparse
import os
import signal
import sys
from pathlib import Path

import httpx

NO_SERVER = """claimtrail serve needs a running Prefect server (the temporary one has no scheduler),
and none answers at PREFECT_API_URL={url}. Start one:
  prefect server start                                            # in another terminal
  prefect config set PREFECT_API_URL=http://127.0.0.1:4200/api    # once
then run claimtrail serve again."""


def add_command(commands, default_db: str, default_lake: str) -> None:
    """Register the `serve` subcommand."""
    serve = commands.add_parser(
        "serve", help="run the pipeline on a schedule over an inbox folder",
        description="Serve the claimtrail flow as a Prefect deployment that processes whatever "
        "is new in the inbox on a schedule. Needs a Prefect server (prefect server start) with "
        "PREFECT_API_URL pointing at it. Stop with Ctrl-C or SIGTERM (the schedule is paused).",
    )
    serve.add_argument("--inbox", type=Path, required=True, metavar="DIR",
                       help="folder of .txt/.md/.jsonl articles to watch")
    when = serve.add_mutually_exclusive_group()
    when.add_argument("--interval", type=float, metavar="SECONDS",
                      help="run every SECONDS (default: 300 when no --cron)")
    when.add_argument("--cron", metavar="EXPR", help="run on a cron schedule, e.g. '*/15 * * * *'")
    serve.add_argument("--db", default=default_db,
                       help=f"DuckDB warehouse file to (re)build (default: {default_db})")
    serve.add_argument("--lake", default=default_lake,
                       help=f"folder of the Parquet lake (default: {default_lake})")
    serve.add_argument("--max-file-mb", type=float, default=50.0,
                       help="quarantine files larger than this many megabytes (default: 50)")
    serve.add_argument("--name", help="deployment name (default: the inbox folder's name)")


def server_answers(url: str | None) -> bool:
    """Whether a Prefect API answers its health check at url."""
    if not url:
        return False
    try:
        httpx.get(f"{url.rstrip('/')}/health", timeout=5).raise_for_status()
    except httpx.HTTPError:
        return False
    return True


def _stop_as_on_ctrl_c(runner, *args) -> None:
    """SIGTERM stops the runner as Ctrl-C does (cancel, pause the schedule, exit 0): prefect
    3.8.8's own handler calls the runner's async stop without awaiting it, then hangs."""
    signal.raise_signal(signal.SIGINT)


def serve_inbox(inbox: Path, db: str, lake: str, interval: float | None = None,
                cron: str | None = None, max_file_mb: float = 50.0,
                name: str | None = None) -> None:
    """Serve the flow over the inbox until interrupted (blocks)."""
    from prefect.deployments.runner import EntrypointType
    from prefect.runner import Runner

    from flows.pipeline import claimtrail_run
    from tasks.config import PipelineConfig

    inbox = inbox.resolve()
    config = PipelineConfig(max_file_bytes=int(max_file_mb * 1_000_000))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in background
    Runner.handle_sigterm = _stop_as_on_ctrl_c
    claimtrail_run.serve(
        name=name or inbox.name,
        interval=None if cron else (interval or 300),
        cron=cron,
        parameters={"inputs": [str(inbox)], "db": os.path.abspath(db),
                    "lake": os.path.abspath(lake), "config": config.model_dump()},
        tags=["claimtrail", f"inbox:{inbox.name}"],
        description=f"claimtrail over the inbox {inbox}",
        limit=1,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def run_serve(args: argparse.Namespace) -> int:
    """The `serve` subcommand: 0 when stopped, 2 on a missing inbox or server."""
    if not args.inbox.is_dir():
        print(f"claimtrail: inbox {args.inbox} is not a folder", file=sys.stderr)
        return 2
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not server_answers(url):
        print(NO_SERVER.format(url=url or "(not set)"), file=sys.stderr)
        return 2
    serve_inbox(args.inbox, args.db, args.lake, args.interval, args.cron, args.max_file_mb,
                args.name)
    return 0
