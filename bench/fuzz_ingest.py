"""Fuzz the ingest stage: generated inboxes of hostile files, read for a bounded time.

    python -m bench.fuzz_ingest --seconds 60 [--seed N] [--cases N]

Each case is a folder of generated files (random bytes, text in every encoding claimtrail reads,
good articles with flipped, cut or inserted bytes, mojibake, HTML, JSONL with junk lines and odd
values, odd names, broken symlinks) read by `discover_files` and `read_sources`, then every
document is extracted. A case fails when anything raises or when a promise breaks: every file
yields documents or rejections naming it, every JSONL line is accounted for, texts are usable and
storable (UTF-8 encodable), hashes and ids match the bytes and texts, decoding is deterministic, and
claim offsets slice the raw text. Prints the cases tried, cases per second, the slowest case and
each distinct failure with its (shrunk) example. Not part of the test suite's default run.
"""

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from schemas.ids import content_id
from tasks.extract.claims import extract_document
from tasks.ingest.decode import decode, unusable
from tasks.ingest.files import discover_files
from tasks.ingest.options import IngestOptions
from tasks.ingest.read import read_sources
from tasks.ingest.sources import JSONL_SUFFIXES, Rejected, SourceText

ARTICLE = (
    "Flood closes bridges\n\nBy Ann Lee // May 1, 2024\n\n"
    "Officials said 3 bridges were closed on Monday after the river rose 2.5 metres. "
    "“We will reopen them within 10 days,” the mayor said. About 4,000 people were evacuated, "
    "according to the U.S. agency.\n\n• Roads: 12 closed\n• Schools: shut\n"
)
CODECS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1"]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=3),
    max_leaves=6,
)


@st.composite
def mutated(draw) -> bytes:
    """A good article, encoded, with bytes flipped, cut, inserted or doubled-encoded."""
    text = draw(st.sampled_from([ARTICLE, ARTICLE.replace("\n", "\r\n"), ARTICLE * 3]))
    if draw(st.booleans()):
        text = text.encode("utf-8").decode("cp1252", errors="replace")  # mojibake
    data = bytearray(text.encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1252"])),
                                 errors="replace"))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at:at + draw(st.integers(1, 40))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
    return bytes(data)


@st.composite
def jsonl(draw) -> bytes:
    """JSONL lines: records with odd `text` values, junk lines, line separators in strings."""
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["record", "value", "junk", "blank"]))
        if kind == "record":
            record = draw(st.dictionaries(st.sampled_from(
                ["id", "title", "source", "url", "published_at", "author", "x"]), JSON_VALUES,
                max_size=4))
            record["text"] = draw(st.one_of(st.text(max_size=300), JSON_VALUES,
                                            st.just(ARTICLE), st.just(ARTICLE + "\u2028x")))
            lines.append(json.dumps(record, ensure_ascii=draw(st.booleans())))
        elif kind == "value":
            lines.append(json.dumps(draw(JSON_VALUES)))
        elif kind == "junk":
            lines.append(draw(st.text(max_size=40)))
        else:
            lines.append(draw(st.sampled_from(["", " ", "\r"])))
    return "\n".join(lines).encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])))


FILE_BYTES = st.one_of(
    st.binary(max_size=600),
    st.builds(lambda t, c: t.encode(c, errors="replace"), st.text(max_size=400),
              st.sampled_from(CODECS)),
    mutated(),
    st.sampled_from([b"", b" \n\t", b"<html><body><p>a</p></body></html>",
                     b"<p>a</p><p>b</p><p>c</p>", b"x" * 3000]),
)
NAMES = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="/\x00"),
                min_size=1, max_size=30).filter(lambda n: n not in {".", ".."})
SUFFIXES = st.sampled_from([".txt", ".md", ".jsonl", ".TXT", ".html", ""])


@st.composite
def inbox(draw) -> list[tuple[str, bytes | None]]:
    """(file name, bytes) pairs; None bytes make a broken symlink."""
    files = []
    for _ in range(draw(st.integers(1, 5))):
        suffix = draw(SUFFIXES)
        data = draw(jsonl() if suffix == ".jsonl" else FILE_BYTES)
        if draw(st.integers(0, 9)) == 9:
            data = None
        files.append((draw(NAMES)[:20] + suffix, data))
    return files


def check(files: list[tuple[str, bytes | None]], config: IngestOptions, seen: Counter) -> None:
    """Read one generated inbox and assert every promise of the ingest stage; counts outcomes
    (documents by encoding, rejections by reason) into seen."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        root = Path(tmp)
        written: dict[Path, bytes | None] = {}
        for i, (name, data) in enumerate(files):
            path = root / f"{i}-{name}"
            if data is None:
                path.symlink_to(root / f"missing-{i}")
            else:
                path.write_bytes(data)
            written[path] = data
        paths, rejected = discover_files([root])
        docs, bad = read_sources(paths, config)
        rejected += bad
        uris = [str(p) for p in paths]
        items: list[SourceText | Rejected] = [*docs, *rejected]
        for item in items:
            item.source_uri.encode("utf-8")
            assert any(item.source_uri.startswith(u) for u in [*uris, str(root)]), item
        def of(path: Path, items: list) -> list:
            return [x for x in items if x.source_uri == str(path)
                    or x.source_uri.startswith(f"{path}#")]

        for path in paths:
            mine, refused = of(path, docs), of(path, rejected)
            assert mine or refused, f"{path.name}: neither read nor rejected"
            data = written[path]
            if path.suffix.lower() in JSONL_SUFFIXES and data is not None and not any(
                    r.source_uri == str(path) for r in refused):
                text, _ = decode(data)
                lines = [n for n, line in enumerate(text.split("\n"), 1) if line.strip()]
                assert len(mine) + len(refused) == len(lines), f"{path.name}: lines lost"
        assert all(r.reason for r in rejected)
        seen.update(f"rejected: {re.sub(r' ?[(:0-9].*', '', r.reason)}" for r in rejected)
        seen.update(f"read: {re.sub(r'(?<![-p])[0-9]+', 'N', d.encoding)}" for d in docs)
        for doc in docs:
            path = next(p for p in paths if of(p, [doc]))
            data = written[path]
            assert data is not None  # a document was read from it
            assert doc.sha256 == hashlib.sha256(data).hexdigest()
            assert doc.doc_id == content_id(doc.text) and unusable(doc.text) is None
            for value in (doc.text, doc.encoding, doc.title, doc.author, doc.url):
                (value or "").encode("utf-8")
            if doc.source_uri == str(path):
                assert decode(data) == (doc.text, doc.encoding)
            claims = extract_document(doc, "fuzz").claims
            for claim in claims:
                assert doc.text[claim.raw_start:claim.raw_end] == claim.text


class Tally:
    """Cases tried, the slowest, and distinct failures."""

    def __init__(self) -> None:
        self.cases = 0
        self.slowest = (0.0, None)
        self.failures: dict[str, str] = {}
        self.outcomes: Counter = Counter()


def fuzz(seconds: float, cases: int | None, seed_value: int | None) -> Tally:
    """Run generated cases until the time or the case budget is spent."""
    tally = Tally()
    config = IngestOptions(max_file_bytes=2000)
    deadline = time.monotonic() + seconds

    @settings(max_examples=50, database=None, deadline=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(inbox())
    def case(files):
        if time.monotonic() > deadline or (cases is not None and tally.cases >= cases):
            return
        tally.cases += 1
        started = time.perf_counter()
        check(files, config, tally.outcomes)
        took = time.perf_counter() - started
        if took > tally.slowest[0]:
            tally.slowest = (took, files)

    batch = 0
    while time.monotonic() < deadline and (cases is None or tally.cases < cases):
        before = tally.cases
        if seed_value is not None:
            case = seed(seed_value + batch)(case)
        batch += 1
        try:
            case()
        except Exception as err:
            key = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
            notes = "\n".join(getattr(err, "__notes__", []))
            tally.failures.setdefault(key, notes)
        if tally.cases == before:
            break
    return tally


def main(argv: list[str] | None = None) -> int:
    """Fuzz for the given time; exit 1 when a case failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="time budget (default 60)")
    parser.add_argument("--cases", type=int, help="stop after this many cases")
    parser.add_argument("--seed", type=int, help="random seed, to repeat a session")
    args = parser.parse_args(argv)
    started = time.monotonic()
    tally = fuzz(args.seconds, args.cases, args.seed)
    took = time.monotonic() - started
    print(f"fuzz_ingest: {tally.cases} cases in {took:.1f} s "
          f"({tally.cases / took:.1f} cases/s), {len(tally.failures)} distinct failures")
    print(f"slowest case: {tally.slowest[0]:.3f} s")
    print("outcomes:", ", ".join(f"{k} ×{v}" for k, v in sorted(tally.outcomes.items())))
    for key, notes in tally.failures.items():
        print(f"\nFAILURE {key}\n{notes}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
