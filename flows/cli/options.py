"""Every command-line option, defined once: the commands that run the pipeline (`run`, `serve`)
take the same pipeline options, and the commands that read a warehouse the same reader options."""

import argparse
import os

from flows.config import PipelineConfig
from flows.runners import RUNNERS, runner_environment
from tasks.extract.options import ExtractOptions
from tasks.group.options import GroupOptions
from tasks.ingest.options import IngestOptions

DEFAULT_DB = "data/warehouse.duckdb"
DEFAULT_LAKE = "data/lake"
FORMATS = ("table", "csv", "json")


def add_pipeline_options(parser: argparse.ArgumentParser) -> None:
    """Where the pipeline writes, what it accepts, how it groups, where its batches run."""
    parser.add_argument("--db", default=DEFAULT_DB,
                        help=f"DuckDB warehouse file to (re)build (default: {DEFAULT_DB})")
    parser.add_argument("--lake", default=DEFAULT_LAKE,
                        help="folder of the Parquet lake, the system of record "
                        f"(default: {DEFAULT_LAKE})")
    parser.add_argument("--max-file-mb", type=float, default=50.0,
                        help="quarantine files larger than this many megabytes (default: 50)")
    defaults = ExtractOptions()
    parser.add_argument("--checkworthiness-model", metavar="NAME_OR_FILE",
                        default=defaults.checkworthiness_model,
                        help="check-worthiness model: a name in tasks/extract/models/ or a .json "
                        f"file (default: {defaults.checkworthiness_model})")
    parser.add_argument("--checkworthiness-threshold", type=float, metavar="SCORE",
                        default=defaults.checkworthiness_threshold,
                        help="keep a candidate as a claim from this check-worthiness on "
                        f"(default: {defaults.checkworthiness_threshold})")
    parser.add_argument("--semantic", action="store_true",
                        help="also link claims by sentence embeddings (needs the `semantic` "
                        "extra)")
    parser.add_argument("--runner", choices=RUNNERS, default="processes",
                        help="where extraction batches run: local processes (default), threads "
                        "of this process, or a Dask cluster (needs claimtrail[dask])")
    parser.add_argument("--workers", type=int,
                        help="processes, threads or local Dask workers (default: one per core)")
    parser.add_argument("--address", metavar="tcp://HOST:PORT",
                        help="with --runner dask: the scheduler of an existing Dask cluster "
                        "(default: start a local one)")


def add_reader_options(parser: argparse.ArgumentParser) -> None:
    """Which warehouse to read, and how to print what it says."""
    parser.add_argument("--db", default=DEFAULT_DB,
                        help=f"DuckDB warehouse to read, opened read-only (default: {DEFAULT_DB})")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output as an aligned table (default), CSV or JSON")


def pipeline_config(args: argparse.Namespace) -> PipelineConfig:
    """The run configuration the pipeline options ask for."""
    return PipelineConfig(
        ingest=IngestOptions(max_file_bytes=int(args.max_file_mb * 1_000_000)),
        extract=ExtractOptions(checkworthiness_model=args.checkworthiness_model,
                               checkworthiness_threshold=args.checkworthiness_threshold),
        group=GroupOptions(semantic_matching=args.semantic))


def use_runner(args: argparse.Namespace) -> None:
    """Make the runner options the flow's task runner, in this process and the flow runs it
    starts (a served flow is loaded again by each of its runs)."""
    os.environ.update(runner_environment(args.runner, args.workers, args.address))
