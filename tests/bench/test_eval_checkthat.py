"""The CheckThat! scorer and the training command's pure helpers, on inline fixtures (nothing
here trains a model)."""

import json
from pathlib import Path

import numpy as np
import pytest

from bench import prf, render
from bench.eval_checkthat import (
    average_precision,
    covered_sentences,
    debate_document,
    figures,
    main,
    read_sentences,
    sentence_view,
)
from bench.train_checkworthy import Example, model_json, pooled_prf
from bench.train_checkworthy import sentence_view as train_view
from tasks.extract.checkworthy import CheckworthyModel

ROWS = [("HOLT", "Good evening.", False), ("TRUMP", "We lost 70,000 factories in 2001.", True),
        ("CLINTON", "I think that is wrong.", False)]


def test_read_sentences(tmp_path: Path):
    path = tmp_path / "debate.tsv"
    path.write_text("1\tHOLT\tGood evening.\t0\n2\tTRUMP\tWe lost 70,000 factories.\t1\n",
                    encoding="utf-8")
    assert read_sentences(path) == [("HOLT", "Good evening.", False),
                                    ("TRUMP", "We lost 70,000 factories.", True)]


def test_a_debate_is_one_document_a_sentence_a_paragraph():
    text, starts = debate_document(ROWS)
    assert [text[s:s + len(r[1])] for s, r in zip(starts, ROWS, strict=True)] == [
        r[1] for r in ROWS]
    assert list(covered_sentences(starts, starts[1] + 3, starts[2] + 1)) == [1, 2]


def test_average_precision_scores_ties_as_one_group():
    gold = np.array([True, False, True, False])
    assert average_precision(np.array([0.9, 0.8, 0.7, 0.1]), gold) == pytest.approx(
        (1 + 2 / 3) / 2)
    # all tied: precision is the base rate at every recall
    assert average_precision(np.ones(4), gold) == pytest.approx(0.5)
    assert average_precision(np.ones(4), np.zeros(4, bool)) == 0.0


def test_sentences_take_the_best_score_and_any_claim_overlapping_them():
    _, starts = debate_document(ROWS)
    spans = [(starts[1], starts[1] + 10, 0.8, True), (starts[1] + 12, starts[1] + 20, 0.3, False),
             (starts[2], starts[2] + 5, 0.05, False)]
    score, kept = sentence_view(ROWS, spans)
    assert score.tolist() == [0.0, 0.8, 0.05] and kept.tolist() == [False, True, False]
    got = figures({"d": (score, kept, np.array([g for _, _, g in ROWS]))})
    assert (got["map"], got["p"], got["r"], got["f1"], got["kept"]) == (1.0, 1.0, 1.0, 1.0, 1)


def test_training_keeps_what_a_report_keeps_and_never_what_a_veto_drops():
    _, starts = debate_document(ROWS)
    examples = [Example([], 0, starts[0], starts[0] + 5, True, False),
                Example([], 1, starts[1], starts[1] + 5, False, True),
                Example([], 0, starts[2], starts[2] + 5, False, False)]
    best, free = train_view(examples, np.array([0.9, 0.01, 0.2]), 3, starts)
    assert best.tolist() == [0.9, 0.01, 0.2] and free.tolist() == [-1.0, 1.0, 0.2]
    gold = np.array([False, True, False])
    assert pooled_prf({"d": (best, free, gold)}, ["d"], 0.5) == (1.0, 1.0, 1.0)


def test_a_model_file_round_trips(tmp_path: Path):
    path = tmp_path / "m.json"
    path.write_text(model_json(-1.0, {"u:tax": 0.5, "o:we": -0.2, "f:fig1": 1.0, "u:a": 0.001},
                               0.01, {"C": 0.1}), encoding="utf-8")
    model = CheckworthyModel.read(path)
    assert (model.words, model.openers, model.flags) == ({"tax": 0.5}, {"we": -0.2},
                                                         {"fig1": 1.0})
    assert model.margin(["we", "pay", "tax"], ["fig1"], model.bias) == pytest.approx(
        -1.0 + 0.5 - 0.2 + 1.0)
    assert json.loads(path.read_text())["C"] == 0.1


def test_the_scorer_runs_the_pipeline_and_scores_the_warehouse(tmp_path: Path, capsys):
    training = tmp_path / "corpus" / "training"
    training.mkdir(parents=True)
    lines = ["Good evening and welcome to the debate.\t0",
             "We lost 70,000 factories in 2001, and our trade deficit is $800 billion.\t1",
             "I think that is a very good question.\t0",
             "Unemployment doubled when he was governor of Indiana.\t1"]
    for name in ("20160101_one", "20160102_two"):
        (training / f"{name}.tsv").write_text(
            "".join(f"{i}\tX\t{line}\n" for i, line in enumerate(lines, 1)), encoding="utf-8")
    assert main([str(tmp_path / "corpus"), "--workdir", str(tmp_path / "work")]) == 0
    out = capsys.readouterr().out
    assert "2 debates, 8 sentences, 4 check-worthy" in out
    table = {line.split()[0]: line.split() for line in out.splitlines() if line[:1].isalpha()}
    assert {"claimtrail", "has", "all"} <= set(table)
    assert (tmp_path / "work" / "warehouse.duckdb").is_file()


def test_prf_and_render():
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    table = render(["name", "F1"], [["a", 0.5], ["bb", 1]])
    assert table.splitlines() == ["name     F1", "───────────", "a     0.500", "bb        1"]
