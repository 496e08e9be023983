"""Every command-line option, defined once: the commands that run the pipeline (`run`, `serve`)
take the same pipeline options, and the commands that read a warehouse the same reader options."""

import argparse
import os
import re
from pathlib import Path

from flows.config import PipelineConfig
from flows.runners import RUNNERS, check_scheduler, runner_environment
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
                        help="quarantine .txt/.md files larger than this many megabytes "
                        "(default: 50; JSONL files are read as a stream, record by record)")
    parser.add_argument("--batch-mb", type=float, default=2.0,
                        help="megabytes of text per ingest and extraction batch, the unit a "
                        "worker gets (default: 2)")
    extract = ExtractOptions()
    parser.add_argument("--checkworthiness-model", metavar="NAME_OR_FILE",
                        default=extract.checkworthiness_model,
                        help="check-worthiness model: a name in tasks/extract/models/ or a .json "
                        f"file (default: {extract.checkworthiness_model})")
    parser.add_argument("--checkworthiness-threshold", type=float, metavar="SCORE",
                        default=extract.checkworthiness_threshold,
                        help="keep a candidate as a claim from this check-worthiness on "
                        f"(default: {extract.checkworthiness_threshold})")
    parser.add_argument("--semantic", action="store_true",
                        help="also link claims by sentence embeddings (needs the `semantic` "
                        "extra)")
    defaults = GroupOptions()
    parser.add_argument("--link-model", default=defaults.link_model, metavar="NAME|FILE.json",
                        help="the same-claim link model: a name in tasks/group/models/ or a "
                        f"model file (default: {defaults.link_model})")
    parser.add_argument("--link-bar", type=float, default=defaults.link_bar, metavar="P",
                        help="probability at which two claims link "
                        f"(default: {defaults.link_bar})")
    parser.add_argument("--merge-bar", type=float, default=defaults.merge_bar, metavar="P",
                        help="mean link probability two clusters need to merge "
                        f"(default: {defaults.merge_bar})")
    parser.add_argument("--cross-encoder", nargs="?", const="same_claim_ce",
                        metavar="NAME|FILE.safetensors",
                        help="confirm each link with a cross-encoder that reads both claims "
                        "(alone: same_claim_ce, trained on MSRP; needs the `semantic` extra)")
    parser.add_argument("--cross-encoder-bar", type=float, default=defaults.cross_encoder_bar,
                        metavar="P", help="cross-encoder probability a link needs to stay "
                        f"(default: {defaults.cross_encoder_bar})")
    parser.add_argument("--runner", choices=RUNNERS, default="processes",
                        help="where extraction batches run: local processes (default), threads "
                        "of this process, or a Dask cluster (needs claimtrail[dask])")
    parser.add_argument("--workers", type=int,
                        help="processes, threads or local Dask workers (default: one per core)")
    parser.add_argument("--address", metavar="tcp://HOST:PORT",
                        help="with --runner dask: the scheduler of an existing Dask cluster "
                        "(default: start a local one)")


def add_warehouse_option(parser: argparse.ArgumentParser) -> None:
    """Which warehouse to read."""
    parser.add_argument("--db", default=DEFAULT_DB,
                        help=f"DuckDB warehouse to read, opened read-only (default: {DEFAULT_DB})")


def add_reader_options(parser: argparse.ArgumentParser) -> None:
    """Which warehouse to read, and how to print what it says."""
    add_warehouse_option(parser)
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output as an aligned table (default), CSV or JSON")


def pipeline_config(args: argparse.Namespace) -> PipelineConfig:
    """The run configuration the pipeline options ask for."""
    if args.max_file_mb <= 0 or args.batch_mb <= 0:
        raise ValueError("--max-file-mb and --batch-mb must be more than 0")
    return PipelineConfig(ingest=IngestOptions(max_file_bytes=int(args.max_file_mb * 1_000_000)),
                          extract=ExtractOptions(
                              checkworthiness_model=args.checkworthiness_model,
                              checkworthiness_threshold=args.checkworthiness_threshold),
                          group=GroupOptions(semantic_matching=args.semantic,
                                             link_model=args.link_model, link_bar=args.link_bar,
                                             merge_bar=args.merge_bar,
                                             cross_encoder=args.cross_encoder,
                                             cross_encoder_bar=args.cross_encoder_bar),
                          batch_chars=max(int(args.batch_mb * 1_000_000), 1))


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _local(option: str, value: str) -> Path:
    """The path an option names, made absolute; a URL (s3://, gs://, http://) is refused."""
    if _URL.match(value):
        raise ValueError(f"{option} {value}: not a local path; the lake and the warehouse are "
                         "local files (a shared file system mounted locally works, object "
                         "stores do not)")
    path = Path(os.path.abspath(value))
    for parent in path.parents:  # the first folder above that exists must be a folder
        if parent.exists():
            if not parent.is_dir():
                raise ValueError(f"{option} {value}: {parent} is a file, not a folder")
            break
    return path


def _is_duckdb_file(path: Path) -> bool:
    with open(path, "rb") as fh:  # a DuckDB file: an 8-byte checksum, then the magic DUCK
        return fh.read(12)[8:12] == b"DUCK"


def resolve_paths(args: argparse.Namespace, inputs: list[str]) -> None:
    """Check where a pipeline command reads and writes, before Prefect starts or anything is
    written, and make those paths absolute (so remote workers write where the flow reads): a
    misspelt input, a lake that is a file or a URL, a warehouse that is a folder or another
    kind of file are usage errors (ValueError)."""
    for given in inputs:
        if not os.path.lexists(given):
            raise ValueError(f"input {given}: no such file or folder")
    lake, db = _local("--lake", args.lake), _local("--db", args.db)
    if lake.exists() and not lake.is_dir():
        raise ValueError(f"--lake {args.lake}: is a file, not a folder")
    if db.is_dir():
        raise ValueError(f"--db {args.db}: is a folder, not a DuckDB file")
    if db.is_file() and db.stat().st_size and not _is_duckdb_file(db):
        raise ValueError(f"--db {args.db}: is not a DuckDB database; a run replaces the "
                         "warehouse file, so name a new file or an existing warehouse")
    args.lake, args.db = str(lake), str(db)


def use_runner(args: argparse.Namespace) -> None:
    """Make the runner options the flow's task runner, in this process and the flow runs it
    starts (a served flow is loaded again by each of its runs). A Dask scheduler given by
    --address must answer now, before Prefect starts: a run of one batch would not reach it."""
    if args.address and args.runner != "dask":
        raise ValueError("--address names a Dask scheduler: use it with --runner dask")
    if args.workers is not None and args.workers < 1:
        raise ValueError("--workers must be at least 1")
    if args.address:
        check_scheduler(args.address)
    os.environ.update(runner_environment(args.runner, args.workers, args.address))
