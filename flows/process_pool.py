"""A local process pool task runner whose workers report to the flow's Prefect API."""

import os

from prefect.context import SyncClientContext
from prefect.task_runners import ProcessPoolTaskRunner


class FlowApiProcessPoolTaskRunner(ProcessPoolTaskRunner):
    """ProcessPoolTaskRunner that exports the flow's API URL to its workers. When the flow
    started Prefect's temporary server, that URL is in no setting, so each worker would start a
    temporary server of its own (a minute of start-up on a busy machine, 200 MB each)."""

    _set_api_url = False

    def __enter__(self):
        context = SyncClientContext.get()  # the flow engine's client, made before its runner
        self._set_api_url = context is not None and "PREFECT_API_URL" not in os.environ
        if self._set_api_url:  # workers are spawned on first submit and inherit it
            os.environ["PREFECT_API_URL"] = str(context.client.api_url)
        return super().__enter__()

    def __exit__(self, *exc) -> None:
        super().__exit__(*exc)
        if self._set_api_url:
            os.environ.pop("PREFECT_API_URL", None)

    def release_workers(self) -> None:
        """Stop the worker processes once every batch is in: the later stages run in the flow's
        process, and idle workers would keep their memory until the flow ends."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
