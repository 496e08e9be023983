"""What a run shows in the Prefect UI and the terminal: tags, a flow-run name that says what was
processed, its warnings and final state, a progress artifact and bar, and the summary, top-claims,
pictures and warehouse artifacts (their keys name the lake, so the histories of two lakes never
mix)."""

import hashlib
import logging
import os
import shlex
from pathlib import Path
from typing import cast
from uuid import UUID

from prefect import get_run_logger
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.client.orchestration import get_client
from prefect.runtime import flow_run
from prefect.states import Completed
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.theme import Theme

from flows.pictures.artifact import pictures_markdown
from flows.report import RunSummary, summary_markdown, top_claims_table
from tasks.ingest.sources import Rejected

# Share of the progress bar each stage ends at; a stage's batches fill the span before it.
_STAGE_END = {"ingest": 20.0, "extract": 80.0, "cluster": 85.0, "store": 90.0, "load": 100.0}


def inputs_label(inputs: list[str]) -> str:
    """The inputs in a word: the first input's name, `+N` for more."""
    inputs = inputs or ["seeds"]
    label = Path(str(inputs[0])).name or str(inputs[0])
    return label + (f" +{len(inputs) - 1}" if len(inputs) > 1 else "")


def artifact_key(name: str, lake: str | Path) -> str:
    """The key of one of a lake's artifacts: `claimtrail-<name>-<first 8 hex of the SHA-256 of
    the lake's absolute path>` (keys allow only lowercase letters, digits and dashes), so
    each lake keeps its own history under each key."""
    digest = hashlib.sha256(os.path.abspath(lake).encode("utf-8", "surrogateescape"))
    return f"claimtrail-{name}-{digest.hexdigest()[:8]}"


def log_quarantined(rejected: list[Rejected]) -> None:
    """A warning in the run's log for each file or record quarantined, naming it and why."""
    logger = get_run_logger()
    for r in rejected:
        logger.warning("quarantined %s: %s", r.source_uri, r.reason)


QUARANTINED_TAG = "quarantined"


def outcome(summary: RunSummary) -> RunSummary:
    """What the flow returns: its summary; when the run quarantined something, the summary in
    a Completed state whose message says so (the run page shows it) and the tag `quarantined`
    on the run (the runs list shows it on the run's row and filters by it), and a warning.
    Prefect makes a state the flow returns its final state, and hands the caller its data: the
    flow's caller gets the summary either way."""
    if not summary.n_quarantined:
        return summary
    n = summary.n_quarantined
    message = (f"completed with {n} quarantined file{'s' * (n > 1)} or record{'s' * (n > 1)}: "
               "see the warnings and the run summary")
    _add_tags(QUARANTINED_TAG)
    get_run_logger().warning("run %s %s", summary.run_id, message)  # the last log line
    return cast(RunSummary, Completed(message=message, data=summary))


def _update_flow_run(**changes) -> None:
    with get_client(sync_client=True) as client:
        client.update_flow_run(UUID(flow_run.id), **changes)


def _add_tags(*tags: str) -> None:
    """Add tags to the flow run, keeping those it has (read back: the runtime's are those it
    started with)."""
    with get_client(sync_client=True) as client:
        current = client.read_flow_run(UUID(flow_run.id)).tags
        client.update_flow_run(UUID(flow_run.id), tags=sorted({*current, *tags}))


def tag_flow_run(inputs: list[str]) -> None:
    """Tag the flow run `claimtrail` and `inbox:<name>` (keeping the tags it has)."""
    _add_tags("claimtrail", f"inbox:{inputs_label(inputs)}")


def rename_flow_run(summary: RunSummary) -> None:
    """Append what the run processed to the flow-run name."""
    _update_flow_run(name=f"{flow_run.name} · {summary.headline()}")


def log_console() -> Console:
    """The rich Console Prefect's console log handler prints to (on stderr), else a new one on
    stderr: the progress bar drawn on it stays below the log lines instead of being printed
    into them (rich prints a Live display's console output above it)."""
    from prefect.logging.handlers import PrefectConsoleHandler

    for name in ("", "prefect", "prefect.flow_runs", "prefect.task_runs"):  # "": the root
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler, PrefectConsoleHandler):
                return handler.console
    return Console(stderr=True)


def show_progress_bar() -> None:
    """Runs in this process draw a progress bar when their log console is a terminal (`claimtrail
    run` asks for it; a served run or a flow called from Python only logs). Worker processes
    started from now on (extraction's process pool, a local Dask cluster) then print no log
    lines there: they would write straight into the bar. Their logs still reach the Prefect API
    and UI, and the flow logs each stage's story itself."""
    if log_console().is_terminal:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
        RunProgress.draw_bar = True


class RunProgress:
    """Progress of a run, per stage and batch: a Prefect progress artifact, and (after
    show_progress_bar) a bar in the terminal, on the console Prefect logs to."""

    draw_bar = False

    def __init__(self, description: str, lake: str | Path) -> None:
        self._artifact = create_progress_artifact(
            0.0, key=artifact_key("progress", lake), description=f"{description} (lake {lake})")
        console = log_console()
        self._bar = Progress(TextColumn("{task.description:<24}"), BarColumn(),
                             TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
                             console=console, transient=True) if self.draw_bar else None
        if self._bar:
            self._task = self._bar.add_task("claimtrail", total=100)
            console.push_theme(Theme())  # rich's styles for the bar: Prefect's console has none
            self._bar.start()

    def step(self, stage: str, done: int = 1, total: int = 1) -> None:
        """Record `done` of `total` batches of a stage as finished."""
        end = _STAGE_END[stage]
        begin = max((v for v in _STAGE_END.values() if v < end), default=0.0)
        percent = begin + (end - begin) * done / max(total, 1)
        update_progress_artifact(self._artifact, percent)  # type: ignore[arg-type]  # sync: a UUID
        if self._bar:
            self._bar.update(self._task, completed=percent, description=f"{stage} {done}/{total}")

    def __enter__(self) -> "RunProgress":
        return self

    def __exit__(self, *exc) -> None:
        if self._bar:
            self._bar.stop()
            self._bar.console.pop_theme()


def publish(summary: RunSummary) -> None:
    """The run's artifacts: summary (markdown), top claims (table), pictures (markdown with
    SVG images), warehouse (markdown: where it is and how to open it; a browser does not follow
    a file:// link from a web page)."""
    lake = summary.lake_path
    create_markdown_artifact(summary_markdown(summary), key=artifact_key("run-summary", lake),
                             description=f"claimtrail run {summary.run_id}: {summary.headline()}")
    create_table_artifact(top_claims_table(summary), key=artifact_key("top-claims", lake),
                          description="Claims made by the most independent sources "
                          "(copies of one article count once).")
    create_markdown_artifact(pictures_markdown(summary.db_path, summary.report_path),
                             key=artifact_key("pictures", lake),
                             description="The most repeated claims drawn: their spread over "
                             "time, the sources behind them; figures in dispute.")
    create_markdown_artifact(warehouse_markdown(summary), key=artifact_key("warehouse", lake),
                             description="The DuckDB warehouse this run loaded, and how to open "
                             "it (read-only).")


def warehouse_markdown(summary: RunSummary) -> str:
    """Where the warehouse and the lake are, and the commands that open the warehouse."""
    path = Path(summary.db_path).resolve()
    db = shlex.quote(str(path))
    return "\n".join([
        "# The warehouse", "",
        f"Loaded by run `{summary.run_id}`: `{path}` (lake: `{Path(summary.lake_path).resolve()}`)."
        " Open it read-only; a new run replaces the file, so reconnect to see it.", "",
        "```sh",
        f"claimtrail top --db {db}",
        f"claimtrail show CLUSTER_ID --db {db}",
        f"claimtrail sql \"SELECT * FROM claim_frequency LIMIT 10\" --db {db}",
        f"duckdb -readonly {db}",
        f"python -c \"import duckdb; print(duckdb.connect({str(path)!r}, read_only=True)"
        ".sql('FROM claim_frequency LIMIT 10'))\"",
        "```",
    ])
