"""Bytes to text: BOM, HTTP charset, ``<meta charset>``, and repair of wrong ones.

Order follows the HTML standard (BOM, then transport charset, then ``<meta>``), with two
repairs for what real servers do wrong: bytes that are not valid in the declared UTF-8 are
read as windows-1252 (the usual culprit), and UTF-8 declared as latin-1 is read as UTF-8
(valid multi-byte UTF-8 is practically never accidental). Double-encoded text
(``OekraÃ¯ne``) is repaired sequence by sequence, only where a sequence decodes cleanly,
on the extracted text rather than the whole document: every extra pass over a 150 KiB page
costs about as much as lexbor's whole parse.
"""

from __future__ import annotations

import codecs
import re

from anp_archive.errors import NotANewsPageError

__all__ = ["BOM_PREFIXES", "decode", "decode_page", "looks_binary", "repair_mojibake",
           "utf8_candidate"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""",
                           re.IGNORECASE)
# WHATWG: these labels mean windows-1252 on the web.
_SINGLE_BYTE = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "iso_8859-1", "l1", "ascii",
                "us-ascii", "cp1252", "windows-1252", "x-cp1252", "cp819", "iso-8859-15",
                "iso8859-15", "latin-9"}
_BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b",
                      b"BZh", b"\x7fELF", b"MZ", b"RIFF", b"OggS", b"\x00\x00\x00")
_CONT = ("[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
         "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030"
         "\u2039\u203a\u20ac\u2122]")
_CP1252_SPECIALS = frozenset("ŒœŠšŸŽžƒˆ˜–—‘’‚“”„†‡•…‰‹›€™")
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}"
)


# Bytes that no text document contains (C0 controls other than tab, LF, FF, CR, ESC).
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 27), *range(28, 32)])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


def looks_binary(data: bytes) -> bool:
    """True for bytes that are no text document at all (images, archives, NULs, controls)."""
    head = data[:4096]
    if head.startswith(_BINARY_SIGNATURES) or b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls > max(4, len(head) // 50)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _SINGLE_BYTE:
        return "cp1252"
    try:
        codec = codecs.lookup(label).name
    except (LookupError, ValueError):
        return None
    if codec.startswith(("utf-16", "utf-32")):
        # Bytes reach this point only without a BOM and without NULs (looks_binary
        # refuses those), and UTF-16/32 text of an HTML page is full of NULs: the label
        # is wrong (the WHATWG standard reads it as UTF-8 in a <meta> for the same
        # reason), so detection decides instead of a decode into CJK noise.
        return None
    return codec


def utf8_candidate(encoding: str | None, data: bytes) -> bool:
    """Are ``data`` likely UTF-8 that lexbor can take as they are?

    Yes when the HTTP charset (or, without one, the ``<meta>`` charset) is absent or says
    UTF-8. A page that declares windows-1252 or latin-1 mostly is that, so it goes down
    the decoding path at once instead of being parsed twice.
    """
    declared = _codec(encoding)
    if declared is None:
        m = _META_CHARSET.search(data, 0, 4096)
        declared = _codec(m.group(1).decode("ascii", "replace")) if m else None
    return declared in (None, "utf-8")


def _fix(match: re.Match[str]) -> str:
    seq = match.group()
    # windows-1252 leaves five bytes undefined; decoders pass them through as U+0081 etc.
    raw = bytes(ord(ch) if ord(ch) < 0x100 else ch.encode("cp1252")[0] for ch in seq)
    try:
        return raw.decode("utf-8")
    except UnicodeError:
        return seq


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as windows-1252 (``Ã©`` -> ``é``) where it is unambiguous."""
    # Regex scans of a whole page are slow (milliseconds for 150 KiB); confirm a real
    # candidate with str.find first. "SÃO PAULO" has an "Ã" but no continuation after it.
    for lead in ("Ã", "Â"):
        i = text.find(lead)
        while i >= 0:
            nxt = text[i + 1 : i + 2]
            if nxt and ("\x80" <= nxt <= "\xbf" or nxt in _CP1252_SPECIALS):
                return _MOJIBAKE.sub(_fix, text)
            i = text.find(lead, i + 1)
    if "â€" in text:
        return _MOJIBAKE.sub(_fix, text)
    return text


def decode(data: bytes, encoding: str | None = None) -> str:
    """Decode a page body; ``encoding`` is the HTTP charset, if any.

    Raises:
        NotANewsPageError: the bytes are binary (NULs, image or archive signatures).
    """
    return decode_page(data, encoding)[0]


def decode_page(data: bytes, encoding: str | None = None) -> tuple[str, bool]:
    """``(text, clean)``: ``clean`` means text is exactly ``data`` read as UTF-8, so a
    consumer may hand the original bytes on (lexbor parses UTF-8 bytes faster than str).
    Mojibake is not repaired here (see ``repair_mojibake``).

    Raises:
        NotANewsPageError: the bytes are binary (NULs, image or archive signatures).
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name), False
            except UnicodeDecodeError:
                break
    if looks_binary(data):
        raise NotANewsPageError("input is binary, not an HTML or text page")
    declared = _codec(encoding)
    if declared in (None, "utf-8", "cp1252"):
        # UTF-8 first: valid multi-byte UTF-8 is never an accident, even when a server or
        # a <meta> claims latin-1; and for pure ASCII every declaration agrees.
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return text, True
        if declared is None:
            m = _META_CHARSET.search(data, 0, 4096)
            declared = _codec(m.group(1).decode("ascii", "replace")) if m else None
        if declared in (None, "utf-8", "cp1252"):
            # Declared (or assumed) UTF-8 that is not: windows-1252 is the usual truth.
            return data.decode("cp1252", errors="replace"), False
    assert declared is not None
    try:
        return data.decode(declared), False
    except (UnicodeError, LookupError):
        try:
            return repair_mojibake(data.decode("utf-8")), False
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace"), False
