"""`claimtrail serve`: run the flow on a schedule over an inbox folder, as a Prefect deployment.

Each scheduled run reads the whole inbox; what the lake already has is recognised by content and
skipped, so a run extracts only what is new. Scheduling needs a Prefect server (`prefect server
start`): Prefect's temporary in-process server has no scheduler, so serve refuses to start on it.
"""

import os
import signal
from pathlib import Path

import httpx

from flows.config import PipelineConfig

NO_SERVER = """claimtrail serve needs a running Prefect server (the temporary one has no scheduler),
and none answers at PREFECT_API_URL={url}. Start one:
  prefect server start                                            # in another terminal
  prefect config set PREFECT_API_URL=http://127.0.0.1:4200/api    # once
then run claimtrail serve again."""


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


def serve_inbox(inbox: Path, db: str, lake: str, config: PipelineConfig,
                interval: float | None = None, cron: str | None = None,
                name: str | None = None) -> None:
    """Serve the flow over the inbox until interrupted (blocks). Each flow run loads the flow
    again, with the task runner the environment names (flows/runners.py)."""
    from prefect.deployments.runner import EntrypointType
    from prefect.runner import Runner

    from flows.pipeline import claimtrail_run

    inbox = inbox.resolve()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in background
    Runner.handle_sigterm = _stop_as_on_ctrl_c  # type: ignore[method-assign,assignment]
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
