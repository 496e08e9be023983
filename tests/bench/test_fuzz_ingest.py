"""The ingest fuzzer runs (a few seeded cases here; long sessions are run by hand)."""

from bench.fuzz_ingest import main


def test_a_short_seeded_fuzz_session_finds_nothing(capsys):
    assert main(["--cases", "40", "--seed", "7", "--seconds", "120"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("fuzz_ingest: 40 cases in ") and ", 0 distinct failures" in out
    assert "read: utf-8" in out and "rejected: malformed JSON" in out
