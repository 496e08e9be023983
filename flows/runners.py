"""Where the flow's extraction batches run: a local process pool (one process per core, the
default), threads in the flow's process, or a Dask cluster through prefect-dask.

Only extraction is spread out: it is the CPU-bound stage. The other stages read and write the
lake and stay in the flow's process. Every runner gives the same rows: batches are collected in
the order they were submitted.
"""

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # prefect is imported when a runner is made: the analyst commands skip it
    from prefect.futures import PrefectFuture
    from prefect.task_runners import TaskRunner

RUNNERS = ("processes", "threads", "dask")
# Batches submitted ahead of the one being collected: keeps two workers busy while only a few
# batches of text and claims are in memory at once.
IN_FLIGHT = 4
Item = TypeVar("Item")


_ENVIRONMENT = {"name": "CLAIMTRAIL_RUNNER", "workers": "CLAIMTRAIL_WORKERS",
                "address": "CLAIMTRAIL_DASK_ADDRESS"}


def runner_environment(name: str, workers: int | None, address: str | None) -> dict[str, str]:
    """Environment variables that make task_runner() (without arguments) this runner: a served
    flow is imported again by each flow run, which reads them."""
    chosen = {"name": name, "workers": str(workers or ""), "address": address or ""}
    return {_ENVIRONMENT[k]: v for k, v in chosen.items()}


def task_runner(name: str | None = None, workers: int | None = None,
                address: str | None = None) -> "TaskRunner[Any]":
    """The Prefect task runner called name (default: CLAIMTRAIL_RUNNER, else `processes`).
    `processes`: `workers` local processes (default CLAIMTRAIL_WORKERS, else one per core);
    `threads`: threads of the flow's process; `dask`: the Dask scheduler at address (default
    CLAIMTRAIL_DASK_ADDRESS; tcp://host:port), else a local cluster of `workers`
    single-threaded processes."""
    from prefect.task_runners import ThreadPoolTaskRunner

    name = name or os.environ.get(_ENVIRONMENT["name"]) or "processes"
    workers = workers or int(os.environ.get(_ENVIRONMENT["workers"]) or 0) or os.cpu_count() or 1
    address = address or os.environ.get(_ENVIRONMENT["address"]) or None
    if name == "processes":
        from flows.process_pool import FlowApiProcessPoolTaskRunner

        return FlowApiProcessPoolTaskRunner(max_workers=workers)
    if name == "threads":
        return ThreadPoolTaskRunner(max_workers=workers)
    if name == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError as err:
            raise ValueError("--runner dask needs prefect-dask: pip install 'claimtrail[dask]'"
                             ) from err
        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None})
    raise ValueError(f"unknown runner {name!r}: use one of {', '.join(RUNNERS)}")


def check_scheduler(address: str, timeout: float = 5) -> None:
    """Raise ValueError unless a Dask scheduler answers at address within timeout seconds."""
    try:
        from distributed import Client
    except ImportError as err:
        raise ValueError("--runner dask needs prefect-dask: pip install 'claimtrail[dask]'"
                         ) from err
    try:
        with Client(address, timeout=timeout, set_as_default=False):
            pass
    except (OSError, TimeoutError, ValueError) as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        raise ValueError(f"--address {address}: no Dask scheduler answers there ({reason})"
                         ) from err


def submitted_in_order(items: Iterable[Item], submit: Callable[[int, Item], "PrefectFuture"],
                       in_flight: int = IN_FLIGHT) -> Iterator[tuple[int, Item, "PrefectFuture"]]:
    """(number, item, future) for each item in order, with at most in_flight submitted ahead:
    the caller collects each future's result before the next one is submitted."""
    pending: deque[tuple[int, Item, PrefectFuture[Any]]] = deque()
    for number, item in enumerate(items):
        pending.append((number, item, submit(number, item)))
        if len(pending) > in_flight:
            yield pending.popleft()
    yield from pending


def release_workers() -> None:
    """Stop the current flow run's local worker processes, when its runner has them (after the
    last batch): nothing is submitted after extraction."""
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    release = getattr(context.task_runner if context else None, "release_workers", None)
    if release is not None:
        release()
