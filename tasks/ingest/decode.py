"""Decode: bytes to text (UTF-8, BOMs, UTF-16, cp1252, repaired mojibake), and whether the text is
an article at all."""

import codecs
import re

# A longer text is not one article (a long feature is ~100,000 characters); extracting from it would
# take minutes and yield a claim table of its own (docs/robustness.md has the measurements).
MAX_ARTICLE_CHARS = 500_000

_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _chars(codes: range) -> str:
    return re.escape(bytes(codes).decode("cp1252", errors="ignore"))


# UTF-8 lead byte and continuation bytes, as they look when read as cp1252 ("â€™" for "’").
_MOJIBAKE = re.compile(
    f"[{_chars(range(0xC2, 0xE0))}][{_chars(range(0x80, 0xC0))}]"
    f"|[{_chars(range(0xE0, 0xF0))}][{_chars(range(0x80, 0xC0))}]{{2}}"
    f"|[{_chars(range(0xF0, 0xF5))}][{_chars(range(0x80, 0xC0))}]{{3}}"
)


def decode(data: bytes) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding). Raises ValueError when it cannot.

    BOMs decide first (UTF-32, UTF-16, UTF-8); then BOM-less UTF-16 (every other byte NUL);
    NUL bytes otherwise mean binary; then strict UTF-8; then damaged UTF-8 (invalid bytes
    replaced by U+FFFD) when the file also holds valid multi-byte characters or is merely cut
    off mid-character; else cp1252. Mojibake (UTF-8 read as cp1252, once or more) is re-read
    as the UTF-8 it was. The encoding says all of it.
    """
    text, encoding = _decode_bytes(data)
    text, note = _undo_mojibake(text)
    return text, _label(encoding, note)


def _label(encoding: str, note: str | None) -> str:
    if not note:
        return encoding
    if encoding.endswith(")"):
        return f"{encoding[:-1]}; {note})"
    return f"{encoding} ({note})"


def _decode_bytes(data: bytes) -> tuple[str, str]:
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as err:
                if name == "utf-8-sig":
                    return _damaged_utf8(data[len(bom):], "utf-8-sig")
                raise ValueError(f"invalid {name.upper()} after a byte-order mark: "
                                 f"{err.reason} at byte {err.start}") from err
    if b"\x00" in data:
        if (utf16 := _bomless_utf16(data)) is not None:
            return utf16
        raise ValueError("binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        # only the last character is incomplete, and it got at least one continuation byte
        cut_off = err.reason == "unexpected end of data" and len(data) - err.start >= 2
    escaped = data.decode("utf-8", errors="surrogateescape")
    n_bad = len(_ESCAPED_BYTE.findall(escaped))
    n_multibyte = len(escaped) - len(escaped.encode("ascii", errors="ignore")) - n_bad
    if cut_off or n_multibyte >= n_bad:
        return _damaged_utf8(data, "utf-8")
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return _damaged_utf8(data, "utf-8")


def _damaged_utf8(data: bytes, name: str) -> tuple[str, str]:
    text, n_bad = _ESCAPED_BYTE.subn("\ufffd", data.decode("utf-8", errors="surrogateescape"))
    return text, f"{name} ({_count(n_bad, 'invalid byte')} replaced)"


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: NUL in (nearly) every other byte, as in ASCII text."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0) * 2 / len(data), data[1::2].count(0) * 2 / len(data)
    name = ""
    if odd > 0.9 and even < 0.1:
        name = "utf-16-le"
    elif even > 0.9 and odd < 0.1:
        name = "utf-16-be"
    try:
        return (data.decode(name), f"{name} (no byte-order mark)") if name else None
    except UnicodeDecodeError:
        return None


def _undo_mojibake(text: str) -> tuple[str, str | None]:
    """Text with its mojibake sequences re-read as the UTF-8 they were (up to three layers deep:
    "Ã¢â‚¬â„¢" → "â€™" → "’"), and a note on what was done."""
    repaired = 0

    def reread(m: re.Match) -> str:
        nonlocal repaired
        try:
            fixed = m[0].encode("cp1252").decode("utf-8")
        except UnicodeError:
            return m[0]
        repaired += 1
        return fixed

    for _ in range(3):
        before = repaired
        text = _MOJIBAKE.sub(reread, text)
        if repaired == before:
            break
    notes = [f"{_count(repaired, 'mojibake sequence')} repaired" if repaired else "",
             f"mojibake suspected in {_count(n, 'place')}" if (n := len(_MOJIBAKE.findall(text)))
             else ""]
    return text, "; ".join(filter(None, notes)) or None


def decode_jsonl(data: bytes) -> tuple[str, str]:
    """The bytes of a whole JSONL file (UTF-16/32: it cannot be cut at newline bytes) as text,
    and the encoding; mojibake is left for each record (decode_record)."""
    return _decode_bytes(data)


def decode_line(data: bytes) -> tuple[str, str]:
    """One line of a JSONL file (in an encoding that keeps "\\n" a byte of its own) as text, and
    the encoding, decided for this line alone: one damaged record does not change how the
    others read. Mojibake is left for decode_record. Raises ValueError when it cannot."""
    return _decode_bytes(data)


def decode_record(text: str, encoding: str) -> tuple[str, str]:
    """A JSONL record's text with lone surrogates replaced and mojibake undone, and its encoding
    label (the file's encoding, with what was repaired)."""
    text, n_surrogates = _SURROGATE.subn("\ufffd", text)
    text, note = _undo_mojibake(text)
    if n_surrogates:
        note = "; ".join(filter(None, [f"{_count(n_surrogates, 'lone surrogate')} replaced", note]))
    return text, _label(encoding, note)


def without_surrogates(text: str) -> str:
    """The text with lone surrogates replaced (they cannot be stored as UTF-8)."""
    return _SURROGATE.sub("\ufffd", text)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


# ---- is it an article? ------------------------------------------------------------------------

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_END_TAG = re.compile(
    r"</(?:p|div|span|a|li|ul|ol|td|tr|th|table|h[1-6]|html|head|body|title|script|style|strong|"
    r"em|b|i|article|section|header|footer|nav|main|aside|blockquote|figure|figcaption)\s*>",
    re.I,
)


def unusable(text: str) -> str | None:
    """Why a decoded text cannot be an article, or None."""
    if not text.strip():
        return "empty or whitespace-only text"
    if len(text) > MAX_ARTICLE_CHARS:
        return (f"text of {len(text):,} characters is longer than the limit of "
                f"{MAX_ARTICLE_CHARS:,} for one article")
    n_control = len(_CONTROL.findall(text))
    if n_control >= 4 and n_control * 100 > len(text):
        return f"binary content ({n_control} control characters), not text"
    if _HTML_START.match(text) or len(_HTML_END_TAG.findall(text, 0, 200_000)) >= 3:
        return "HTML, not plain text: save the article's text as .txt instead"
    return None


