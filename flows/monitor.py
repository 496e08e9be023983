"""What a run shows in the Prefect UI and the terminal: tags, a flow-run name that says what was
processed, a progress artifact and bar, and the summary, top-claims, pictures and warehouse-link
artifacts."""

import sys
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
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from flows.pictures.artifact import pictures_markdown
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


class RunProgress:
    """Progress of a run, per stage and batch: a Prefect progress artifact, and a bar in the
    terminal when stdout is one."""

    def __init__(self, description: str) -> None:
        self._artifact = create_progress_artifact(
            0.0, key="claimtrail-progress", description=description)
        self._bar = Progress(TextColumn("{task.description:<24}"), BarColumn(),
                             TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
                             transient=True) if sys.stdout.isatty() else None
        if self._bar:
            self._task = self._bar.add_task("claimtrail", total=100)
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


def publish(summary: RunSummary) -> None:
    """The run's artifacts: summary (markdown), top claims (table), pictures (markdown with
    SVG images), warehouse (link)."""
    create_markdown_artifact(summary_markdown(summary), key="claimtrail-run-summary",
                             description=f"claimtrail run {summary.run_id}: {summary.headline()}")
    create_table_artifact(top_claims_table(summary), key="claimtrail-top-claims",
                          description="Claims made by the most independent sources "
                          "(copies of one article count once).")
    create_markdown_artifact(pictures_markdown(summary.db_path, summary.report_path),
                             key="claimtrail-pictures",
                             description="The most repeated claims drawn: their spread over "
                             "time, the sources behind them; figures in dispute.")
    warehouse = Path(summary.db_path).resolve()
    create_link_artifact(warehouse.as_uri(), link_text=str(warehouse),
                         key="claimtrail-warehouse",
                         description="The DuckDB warehouse this run loaded (open read-only).")
