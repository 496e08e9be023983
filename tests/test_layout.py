"""The house rules of the package layout (README, How it works): stages never import Prefect or
the flows, and only the store stage opens the lake or the warehouse."""

import ast
from pathlib import Path

import pytest

TASKS = Path(__file__).resolve().parent.parent / "tasks"
# What opens storage: the store stage's own modules, DuckDB, Parquet files.
STORAGE = ("tasks.store", "duckdb", "pyarrow.parquet", "pyarrow.dataset")


def imports(path: Path) -> set[str]:
    """Every module a file imports (absolute names)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules(*stages: str) -> list[Path]:
    return sorted(p for stage in stages for p in (TASKS / stage).rglob("*.py"))


@pytest.mark.parametrize("path", modules("."), ids=lambda p: str(p.relative_to(TASKS)))
def test_no_stage_imports_prefect_or_the_flows(path):
    bad = {m for m in imports(path) if m.split(".")[0] in ("prefect", "flows")}
    assert not bad, f"{path} imports {sorted(bad)}"


@pytest.mark.parametrize("path", modules("ingest", "extract", "group", "text"),
                         ids=lambda p: str(p.relative_to(TASKS)))
def test_only_the_store_stage_opens_storage(path):
    bad = {m for m in imports(path) if m.startswith(STORAGE)}
    assert not bad, f"{path} imports {sorted(bad)}"


def test_the_stages_are_the_folders_in_the_flow_order():
    stages = ["ingest", "extract", "group", "store"]
    assert sorted(p.name for p in TASKS.iterdir() if (p / "__init__.py").exists()) == sorted(
        [*stages, "text"])
    flow = (TASKS.parent / "flows" / "pipeline.py").read_text(encoding="utf-8")
    body = flow[flow.index("def claimtrail_run("):flow.index("\ndef ", flow.index(
        "def claimtrail_run(") + 1)]
    order = [body.index(f"{call}(run") for call in ("ingest", "extract", "group", "publish_run",
                                                      "load")]
    assert order == sorted(order)
    readme = (TASKS.parent / "README.md").read_text(encoding="utf-8")
    assert "ingest → extract → group → store" in readme
    rows = [line.split("|")[1].strip() for line in readme.splitlines()
            if line.startswith("| ") and "`tasks/" in line and line.split("|")[1].strip() in stages]
    assert rows == stages
