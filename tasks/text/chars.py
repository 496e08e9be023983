"""One-character tests by character code. Compiled, `ord` and a comparison read a character in
place, where a str method is a generic call and a set look-up a call too, several times the cost;
a character outside ASCII is tested by the str method. Each test takes one character or none
(the empty string: False), as `word[:1]` gives."""


def is_upper(c: str) -> bool:
    """c.isupper() for one character or none."""
    if not c:
        return False
    k = ord(c)
    return 65 <= k <= 90 if k < 128 else c.isupper()


def is_lower(c: str) -> bool:
    """c.islower() for one character or none."""
    if not c:
        return False
    k = ord(c)
    return 97 <= k <= 122 if k < 128 else c.islower()


def is_alpha(c: str) -> bool:
    """c.isalpha() for one character or none."""
    if not c:
        return False
    k = ord(c)
    return is_ascii_letter(k) if k < 128 else c.isalpha()


def is_decimal(c: str) -> bool:
    """c.isdecimal() for one character or none."""
    if not c:
        return False
    k = ord(c)
    return 48 <= k <= 57 if k < 128 else c.isdecimal()


def is_ascii_letter(code: int) -> bool:
    """Whether a character code is an ASCII letter's."""
    return 97 <= code <= 122 or 65 <= code <= 90
