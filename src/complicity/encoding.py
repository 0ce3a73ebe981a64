"""Bytes to text, for every file a user hands us (documents, holdings tables).

Chinese files arrive as UTF-8, GB18030 (GBK, GB2312), Big5, UTF-16 with or without a BOM. The
order matters: a BOM decides; NUL bytes mean UTF-16 or binary; strict UTF-8 is tried next because
it almost never decodes by accident; then GB18030 and Big5, which decode nearly any byte string —
Big5 bytes read as GB18030 give private-use and unassigned characters, so of the two the one with
the more plausible text wins. Binary input is refused rather than turned into mojibake.

Official list loaders (sources/lists) are stricter on purpose: a list is published as UTF-8, so
anything else there is an error, not a guess.

Both read CSV; ``unclosed_quote`` finds, for both, the fault that would lose rows silently.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from complicity.errors import UserError

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"MZ", b"\x1f\x8b", b"BZh",
          b"7z\xbc\xaf", b"Rar!", b"\xca\xfe\xba\xbe", b"SQLite format 3", b"OggS", b"ID3",
          b"RIFF")  # fmt: skip
HAN_ENCODINGS = ("gb18030", "big5")


def read_input(path: Path, max_bytes: int) -> bytes:
    """The bytes of a file a user handed us, or a one-line error: missing, a folder, empty, or
    over ``max_bytes`` (a limit, so a 200 MB mistake is refused before it is read)."""
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"{path}: empty file, nothing to read")
    if size > max_bytes:
        raise UserError(
            f"{path}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.1f} MB limit "
            "(split the file, or raise the limit)"
        )
    return path.read_bytes()


def implausible(text: str) -> int:
    """Characters no real document has: private use, unassigned, stray controls."""
    return sum(
        1
        for ch in text
        if unicodedata.category(ch) in ("Co", "Cn")
        or (unicodedata.category(ch) == "Cc" and ch not in "\t\r\n\f")
    )


def decode_bytes(data: bytes, where: str = "input") -> tuple[str, str]:
    """The text and the encoding it was read with; UserError for binary or undecodable input."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc + " (BOM)"
            except UnicodeDecodeError as exc:
                raise UserError(
                    f"{where}: has a {enc} byte-order mark but is not {enc} ({exc.reason})"
                ) from exc
    if data.startswith(_MAGIC):
        raise UserError(f"{where}: binary file (an image, archive or program, not text)")
    sample = data[:4096]
    if b"\x00" in sample:
        # UTF-16 without a BOM: every other byte of ASCII-range text is zero.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        enc = "utf-16-le" if odd > even * 3 else "utf-16-be" if even > odd * 3 else ""
        try:
            text = data.decode(enc) if enc else ""
        except UnicodeDecodeError:
            text = ""
        if not text or "\x00" in text:
            raise UserError(f"{where}: binary file (not text)")
        return _checked(text, where), enc
    try:
        return _checked(data.decode("utf-8"), where), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for rank, enc in enumerate(HAN_ENCODINGS):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((implausible(text), rank, text, enc))
    if candidates:
        _, _, text, enc = min(candidates)
        return _checked(text, where), enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UserError(f"{where}: binary file or unknown text encoding; save it as UTF-8")
    return _checked(str(best), where), best.encoding


def _checked(text: str, where: str) -> str:
    head = text[:4096]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(2, len(head) // 100):
        raise UserError(f"{where}: binary file (control characters in text)")
    return text


def unclosed_quote(
    text: str, dialect: type[csv.Dialect] | csv.Dialect | str = "excel", delimiter: str = ""
) -> int:
    """The line where a quoted CSV field opens that the file never closes, or 0. Python's csv
    reader, unless strict, reads such a field to the end of the file: every row after it
    would become part of one value, and be lost as rows without a word said. Other faults a
    strict reader refuses (a character after a closing quote) it reads sensibly: not looked
    for here."""
    source = io.StringIO(text, newline="")
    if delimiter:
        reader = csv.reader(source, dialect, strict=True, delimiter=delimiter)
    else:
        reader = csv.reader(source, dialect, strict=True)
    started = 1
    while True:
        try:
            next(reader)
        except StopIteration:
            return 0
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                return started
            # another fault: the record is skipped as the strict reader resumes at the next line
        started = reader.line_num + 1
