"""Files in, ``Document`` out: plain text, HTML (boilerplate removed), PDF, DOCX.

Bad input is a ``UserError`` that says what and where: a binary file, an empty file, a file over
the size limit, HTML with no text, a PDF without a text layer (it needs OCR first). Nothing is
half-read: a file either becomes one Document or raises."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from complicity.encoding import decode_bytes, read_input
from complicity.errors import UserError
from complicity.extract.values import find_values
from complicity.model import Document

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv", ".tsv", ".json", ".xml", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
DOCUMENT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}


def read_document(
    path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, retrieved: str | None = None
) -> Document:
    """Read one file into a Document (id = sha256 of its text)."""
    p = Path(path)
    data = read_input(p, max_bytes)
    retrieved = retrieved or datetime.now(UTC).date().isoformat()
    suffix = p.suffix.lower()
    meta: dict[str, Any] = {}
    if data.startswith(b"%PDF") or suffix == ".pdf":
        text, meta = _pdf(p, data)
    elif data.startswith(b"PK\x03\x04") or suffix == ".docx":
        text, meta = _docx(p, data)
    else:
        raw, _ = decode_bytes(data, str(p))
        if suffix in HTML_SUFFIXES or re.match(
            r"\s*(<!doctype html|<html|<head|<body|<meta)", raw[:500], re.I
        ):
            text, meta = html_to_text(raw, str(p))
        else:
            text = raw
    text = _tidy(text)
    if not text.strip():
        raise UserError(f"{p}: no text found")
    title = meta.get("title") or _first_line(text) or p.name
    published = meta.get("published") or _date_in_text(text)
    return Document.from_text(
        text,
        title=title[:300],
        url=meta.get("url"),
        published=published,
        retrieved=retrieved,
        language=_language(text),
        kind="article",
    )


# --- encodings -------------------------------------------------------------------------------


# --- HTML ------------------------------------------------------------------------------------

_SKIP = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
    "menu",
}
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "main",
    "figcaption",
}
_BOILER_CLASS = re.compile(
    r"(^|[\s_-])(nav|menu|footer|header|sidebar|breadcrumb|share|social|comment|advert|ads?|related|copyright|cookie|banner|subscribe)([\s_-]|$)",
    re.I,
)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
            return
        if tag == "title":
            self.in_title = True
        if tag in ("br", "img", "hr", "input", "link", "meta"):
            if tag == "br":
                self.parts.append("\n")
            return
        boiler = tag in _SKIP or bool(
            _BOILER_CLASS.search(a.get("class", "") + " " + a.get("id", ""))
        )
        self.stack.append((tag, boiler))
        if boiler:
            self.skip_depth += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        # close up to the matching tag (broken HTML leaves tags open)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _t, boiler in self.stack[i:]:
                    if boiler:
                        self.skip_depth -= 1
                del self.stack[i:]
                break
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.skip_depth == 0:
            self.parts.append(data)


def html_to_text(html: str, where: str = "input") -> tuple[str, dict[str, Any]]:
    """Main text of an HTML page (scripts, navigation, headers, footers, share bars dropped) and
    its metadata: title, canonical URL, published date."""
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is a last resort
        raise UserError(f"{where}: cannot parse HTML ({exc})") from exc
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(line for line in lines if line)
    if not text.strip():
        raise UserError(f"{where}: HTML without readable text (broken or script-only page)")
    m = parser.meta
    title = m.get("og:title") or " ".join(parser.title.split()) or None
    url = m.get("canonical") or m.get("og:url") or None
    published = None
    for key in (
        "article:published_time",
        "pubdate",
        "publishdate",
        "datepublished",
        "date",
        "dc.date",
        "og:published_time",
        "publish_date",
    ):
        if m.get(key):
            published = _iso_date(m[key])
            if published:
                break
    return text, {"title": title, "url": url, "published": published}


# --- PDF and DOCX ----------------------------------------------------------------------------


def _pdf(p: Path, data: bytes) -> tuple[str, dict[str, Any]]:
    try:
        import pypdf
    except ImportError as exc:  # pragma: no cover - pypdf is installed with the project's deps
        raise UserError(f"{p}: reading PDF needs the pypdf package (pip install pypdf)") from exc
    import io
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                raise UserError(f"{p}: encrypted PDF, cannot read its text") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
        info: Any = reader.metadata or {}
    except UserError:
        raise
    except Exception as exc:
        raise UserError(f"{p}: broken PDF ({type(exc).__name__}: {exc})") from exc
    text = "\n\n".join(pages)
    if len("".join(text.split())) < 20:
        raise UserError(
            f"{p}: PDF has no text layer ({len(pages)} pages of images?): it needs OCR first"
        )
    title = str(info.get("/Title") or "") or None
    published = None
    created = str(info.get("/CreationDate") or "")
    m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", created)
    if m:
        published = "-".join(g for g in m.groups() if g)
    return text, {"title": title, "published": published}


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx(p: Path, data: bytes) -> tuple[str, dict[str, Any]]:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" not in names:
                raise UserError(f"{p}: a ZIP file but not a Word document (no word/document.xml)")
            root = ElementTree.fromstring(z.read("word/document.xml"))
            core = (
                ElementTree.fromstring(z.read("docProps/core.xml"))
                if "docProps/core.xml" in names
                else None
            )
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError) as exc:
        raise UserError(f"{p}: broken DOCX ({exc})") from exc
    paras = []
    for para in root.iter(_W + "p"):
        bits = []
        for node in para.iter():
            if node.tag == _W + "t" and node.text:
                bits.append(node.text)
            elif node.tag == _W + "tab":
                bits.append("\t")
            elif node.tag in (_W + "br", _W + "cr"):
                bits.append("\n")
        paras.append("".join(bits))
    meta: dict[str, Any] = {}
    if core is not None:
        for node in core.iter():
            tag = node.tag.rsplit("}", 1)[-1]
            if tag == "title" and node.text:
                meta["title"] = node.text.strip()
            elif tag == "created" and node.text:
                meta["published"] = _iso_date(node.text)
    return "\n".join(paras), meta


# --- helpers ---------------------------------------------------------------------------------


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.strip("\ufeff")


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:200]
    return ""


def _iso_date(value: str) -> str | None:
    m = re.match(r"\s*(\d{4})(?:[-/.年](\d{1,2}))?(?:[-/.月](\d{1,2}))?", value)
    if not m:
        return None
    y, mo, d = m.groups()
    out = y
    if mo and 1 <= int(mo) <= 12:
        out += f"-{int(mo):02d}"
        if d and 1 <= int(d) <= 31:
            out += f"-{int(d):02d}"
    return out


def _date_in_text(text: str) -> str | None:
    """A full date near the top of the text (a dateline), else None."""
    for v in find_values(text[:600], None):
        if v.kind == "date" and len(str(v.value)) == 10:
            return str(v.value)
    return None


def _language(text: str) -> str | None:
    sample = text[:2000]
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    if han == latin == 0:
        return None
    return "zh" if han * 2 >= latin else "en"


def iter_files(path: Path) -> list[Path]:
    """The documents under a folder (sorted), or the file itself."""
    if path.is_dir():
        return sorted(
            f
            for f in path.rglob("*")
            if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES and not f.name.startswith(".")
        )
    return [path]
