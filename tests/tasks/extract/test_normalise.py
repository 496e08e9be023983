import unicodedata
from datetime import UTC, datetime

from tasks.extract.normalise import normalise, parse_date, read_header


def test_one_for_one_replacements_keep_offsets():
    raw = "‘We are grateful,’ Peskov\u00a0said — “4,000–6,000”.\r\n• next"
    norm = normalise(raw)
    assert norm.to_raw is None
    assert len(norm.text) == len(raw)
    assert norm.text == "'We are grateful,' Peskov said — \"4,000-6,000\". \n• next"


def test_nfc_composition_maps_back_to_raw_offsets():
    raw = unicodedata.normalize("NFD", "Café owner said: prices rose.")
    norm = normalise(raw)
    assert norm.text == "Café owner said: prices rose."
    start = norm.text.index("owner")
    assert raw[norm.raw_offset(start) : norm.raw_offset(start + 5)] == "owner"
    assert norm.raw_offset(len(norm.text)) == len(raw)


def test_header_reads_title_and_byline(seeds_dir):
    text = normalise((seeds_dir / "003_85307bba339e5121.txt").read_text(encoding="utf-8")).text
    header = read_header(text)
    assert header.title.startswith("North Korea deploys 6,000 engineers to Kursk")
    assert header.author == "kevinhughes"
    assert header.published_at == datetime(2025, 11, 17, tzinfo=UTC)
    assert text[header.byline[0] : header.byline[1]] == "By kevinhughes // 2025-11-17"


def test_parse_date_forms():
    assert parse_date("July 14, 2025") == datetime(2025, 7, 14, tzinfo=UTC)
    assert parse_date("2025-07-14") == datetime(2025, 7, 14, tzinfo=UTC)
    assert parse_date("yesterday") is None
