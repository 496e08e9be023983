"""What a run shows in the Prefect UI and the terminal: tags, a flow-run name that says what was
processed, a progress artifact and bar, and the summary, top-claims and warehouse-link artifacts."""

import logging
import os
from pathlib import Path
from uuid import UUID

from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.client.orchestration import get_client
from prefect.runtime import flow_run
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.theme import Theme

from flows.report import RunSummary, summary_markdown, top_claims_table

# Share of the progress bar each stage ends at; a stage's batches fill the span before it.
_STAGE_END = {"ingest": 20.0, "extract": 80.0, "cluster": 85.0, "store": 90.0, "load": 100.0}


def inputs_label(inputs: list[str]) -> str:
    """The inputs in a word: the first input's name, `+N` for more."""
    inputs = inputs or ["seeds"]
    label = Path(str(inputs[0])).name or str(inputs[0])
    return label + (f" +{len(inputs) - 1}" if len(inputs) > 1 else "")


def _update_flow_run(**changes) -> None:
    with get_client(sync_client=True) as client:
        client.update_flow_run(UUID(flow_run.id), **changes)


def tag_flow_run(inputs: list[str]) -> None:
    """Tag the flow run `claimtrail` and `inbox:<name>` (keeping the tags it has)."""
    wanted = ["claimtrail", f"inbox:{inputs_label(inputs)}"]
    _update_flow_run(tags=sorted({*flow_run.tags, *wanted}))


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


def quiet_worker_consoles() -> None:
    """When the run draws its bar in a terminal, the worker processes started from now on
    (extraction's process pool, a local Dask cluster) print no log lines there: they write to
    the terminal directly, into the bar. Their logs still reach the Prefect API and UI, and the
    flow logs each stage's story itself."""
    if log_console().is_terminal:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")


class RunProgress:
    """Progress of a run, per stage and batch: a Prefect progress artifact, and a bar in the
    terminal (when the log console is one), on the console Prefect logs to."""

    def __init__(self, description: str) -> None:
        self._artifact = create_progress_artifact(
            0.0, key="claimtrail-progress", description=description)
        console = log_console()
        self._bar = Progress(TextColumn("{task.description:<24}"), BarColumn(),
                             TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
                             console=console, transient=True) if console.is_terminal else None
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
    """The run's artifacts: summary (markdown), top claims (table), warehouse (link)."""
    create_markdown_artifact(summary_markdown(summary), key="claimtrail-run-summary",
                             description=f"claimtrail run {summary.run_id}: {summary.headline()}")
    create_table_artifact(top_claims_table(summary), key="claimtrail-top-claims",
                          description="Claims made by the most independent sources "
                          "(copies of one article count once).")
    warehouse = Path(summary.db_path).resolve()
    create_link_artifact(warehouse.as_uri(), link_text=str(warehouse),
                         key="claimtrail-warehouse",
                         description="The DuckDB warehouse this run loaded (open read-only).")
