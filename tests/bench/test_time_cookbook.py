"""The cookbook timer: every recipe runs, even on an empty warehouse."""

from bench.time_cookbook import EXTRA, main, recipes
from tasks.store.lake import Lake
from tasks.store.warehouse import build_warehouse


def test_every_recipe_runs_on_an_empty_warehouse(tmp_path, capsys):
    build_warehouse(Lake(tmp_path / "lake"), tmp_path / "w.duckdb")
    main([str(tmp_path / "w.duckdb"), "--repeat", "1"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("0 documents, 0 claims, 0 claim_frequency, 0 claim_terms")
    timed = {line.rsplit(None, 3)[0]: int(line.rsplit(None, 3)[1]) for line in lines[2:]}
    assert set(timed) == set(recipes()) | set(EXTRA)
    assert timed["top_claims"] == 0
