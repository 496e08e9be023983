"""Content-derived ids and versions."""

from schemas.ids import content_id, files_id
from tasks.extract.options import ExtractOptions
from tasks.extract.version import extractor_version
from tasks.group.options import GroupOptions
from tasks.group.version import grouping_version


def test_files_id_changes_with_any_rule_or_model_file_and_only_then(tmp_path):
    rules = tmp_path / "stage"
    (rules / "models").mkdir(parents=True)
    (rules / "rules.py").write_text("X = 1\n")
    (rules / "models" / "weights.json").write_text("[1, 2]")
    (rules / "notes.orig").write_text("not a rule")
    first = files_id(rules)
    assert files_id(rules) == first
    (rules / "notes.orig").write_text("still not a rule")
    assert files_id(rules) == first
    (rules / "models" / "weights.json").write_text("[1, 3]")
    assert files_id(rules) != first


def test_versions_follow_the_options():
    assert extractor_version(ExtractOptions()) == extractor_version(ExtractOptions())
    assert grouping_version(GroupOptions()) != grouping_version(GroupOptions(link_bar=0.2))
    assert content_id("a", "b") != content_id("ab")
