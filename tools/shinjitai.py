"""Write src/complicity/names/data/shinjitai.yaml: the Japanese forms of characters (団, 広,
済, 総) that Chinese names are given in when a Japanese font or source wrote them (the US lists
write 中国電子科技集団公司 beside CETC's English name), each with its simplified Chinese form.

    python tools/shinjitai.py            # rewrites the file
    python tools/shinjitai.py --check    # exits 1 if the file is not what this would write

Derived from OpenCC's own tables (jp2t, then t2s), keeping only characters that t2s alone
leaves as they are, that lie outside GB2312 (the simplified Chinese character set) and whose
simplified form is one character inside it: 団 -> 团 is kept, but 芸 (a Chinese character too,
not only Japanese for 藝) and 沪 are not, so no Chinese name is changed by the table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import opencc

OUT = Path(__file__).resolve().parent.parent / "src/complicity/names/data/shinjitai.yaml"
HEADER = """\
# Japanese forms of characters -> simplified Chinese, for Chinese names written with them
# (中国電子科技集団公司). Written by tools/shinjitai.py from OpenCC's jp2t and t2s tables:
# characters outside GB2312 only, so no character a Chinese name uses is changed. Do not edit
# by hand: rerun the tool.
"""


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def table() -> dict[str, str]:
    jp2t, t2s = opencc.OpenCC("jp2t"), opencc.OpenCC("t2s")
    out: dict[str, str] = {}
    for code in range(0x4E00, 0xA000):
        ch = chr(code)
        if t2s.convert(ch) != ch:
            continue  # a traditional character: t2s itself simplifies it
        simplified = t2s.convert(jp2t.convert(ch))
        one = len(simplified) == 1 and _in_gb2312(simplified)
        if simplified != ch and not _in_gb2312(ch) and one:
            out[ch] = simplified
    return out


def render(pairs: dict[str, str]) -> str:
    lines = [f"{k}: {v}" for k, v in sorted(pairs.items())]
    return HEADER + "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python tools/shinjitai.py")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    text = render(table())
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUT} differs: rerun python tools/shinjitai.py")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
