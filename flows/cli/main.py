"""The `claimtrail` command: `run` the pipeline, `serve` it on a schedule, `eval` a warehouse
against gold claims, and the analyst's `top`, `show`, `sql`, `dictionary` and `check`
(flows/cli/analyst.py). Options are defined once (flows/cli/options.py). A user's mistake is a
one-line message and exit code 2, never a traceback."""

import argparse
import os
import sys
import threading
from pathlib import Path

# Arrow's system allocator hands freed memory back to the OS between stages (its default,
# mimalloc, keeps it): the run's peak memory is what one stage needs, not the sum of all.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from flows.cli import analyst
from flows.cli.options import (
    DEFAULT_DB,
    add_pipeline_options,
    pipeline_config,
    resolve_paths,
    use_runner,
)
from flows.memory import bound_heap


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimtrail",
        description="Track claims across news sources: raw text in, DuckDB tables out.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "run", help="run the pipeline over input files and folders",
        description="Ingest .txt/.md/.jsonl articles, extract and group their claims, publish "
        "them to the Parquet lake and rebuild the DuckDB warehouse. Runs as a Prefect flow "
        "(a temporary local server unless PREFECT_API_URL points at one).",
    )
    run.add_argument("inputs", nargs="*", default=["seeds"], metavar="INPUT",
                     help="files or folders to read (default: seeds/)")
    add_pipeline_options(run)

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
    serve.add_argument("--name", help="deployment name (default: the inbox folder's name)")
    add_pipeline_options(serve)

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
    analyst.add_commands(commands)
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


def _check_extras(args: argparse.Namespace) -> None:
    """The `semantic` extra is installed if --semantic or --cross-encoder asks for it, and the
    cross-encoder's file exists."""
    if args.semantic or args.cross_encoder:
        from tasks.group.semantic import SemanticUnavailable, require

        try:
            require()
        except SemanticUnavailable as err:
            raise ValueError(str(err)) from err
    if args.cross_encoder:
        from tasks.group.cross_encoder import model_file

        if not model_file(args.cross_encoder).is_file():
            raise ValueError(f"--cross-encoder {args.cross_encoder}: no such model file "
                             f"({model_file(args.cross_encoder)})")


def _check_server() -> None:
    """A Prefect server named by PREFECT_API_URL must answer (unset: a temporary one starts)."""
    from prefect.settings import PREFECT_API_URL

    from flows.serve import server_answers

    url = PREFECT_API_URL.value()
    if url and not server_answers(url):
        raise ValueError(f"no Prefect server answers at PREFECT_API_URL={url}: start it "
                         "(prefect server start), or unset PREFECT_API_URL to run on a "
                         "temporary server")


def _run(args: argparse.Namespace) -> int:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # Prefect's temporary server may need longer than its default 20 s on a busy machine
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    config = pipeline_config(args)
    resolve_paths(args, args.inputs)
    _check_extras(args)
    use_runner(args)
    _check_server()
    server = _boot_temporary_server()
    from flows.monitor import show_progress_bar
    from flows.pipeline import claimtrail_run
    from flows.report import summary_text
    from flows.runners import task_runner

    show_progress_bar()
    flow = claimtrail_run.with_options(task_runner=task_runner())
    if server is not None:
        server.join()
    summary = flow(inputs=args.inputs, db=args.db, lake=args.lake, config=config)
    print(summary_text(summary))
    return 3 if summary.n_quarantined else 0


def _serve(args: argparse.Namespace) -> int:
    """0 when stopped; 2 on a missing inbox or server."""
    from prefect.settings import PREFECT_API_URL

    from flows.serve import NO_SERVER, serve_inbox, server_answers

    if not args.inbox.is_dir():
        raise ValueError(f"inbox {args.inbox} is not a folder")
    config = pipeline_config(args)
    resolve_paths(args, [str(args.inbox)])
    _check_extras(args)
    url = PREFECT_API_URL.value()
    if not server_answers(url):
        print(NO_SERVER.format(url=url or "(not set)"), file=sys.stderr)
        return 2
    use_runner(args)
    serve_inbox(args.inbox, args.db, args.lake, config, args.interval, args.cron, args.name)
    return 0


def _eval(args: argparse.Namespace) -> int:
    import duckdb

    from flows.cli.evaluate import evaluate, format_scores

    if not args.gold.is_file():
        raise FileNotFoundError(f"no gold file at {args.gold}")
    if not args.db.is_file():
        raise FileNotFoundError(f"no warehouse at {args.db}: build it with `claimtrail run`")
    try:
        scores = evaluate(args.gold, args.db, args.docs)
    except duckdb.Error as err:
        raise ValueError(f"cannot score {args.db}: {' '.join(str(err).split())}") from err
    print(format_scores(scores))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `claimtrail` command."""
    args = _parser().parse_args(argv)
    if args.command in analyst.COMMANDS:
        return analyst.run_command(args)
    from tasks.store.lake import LakeBusy

    bound_heap()
    try:
        return {"run": _run, "eval": _eval, "serve": _serve}[args.command](args)
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
