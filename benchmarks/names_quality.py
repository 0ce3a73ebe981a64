"""Name-matching quality: precision / recall / F1 at ``THRESHOLD`` on labelled sets.

    python -m benchmarks.names_quality

(a) Company + Organization rows of OpenSanctions' nomenklatura name benchmark;
(b) the easonanalytica company-name test set;
(c) English <-> Chinese names of one entry, mined from list snapshots (OpenSanctions cn_sanctions,
    xyna MOFCOM lists, EU 32014R0833 Annex IV, NS-CMIC company names):
    (c1) pairs: every English x Chinese name of an entry (same), and each entry's names against the
         closest other entry's names (not same, hard negatives found with the index) - pure name
         comparison, no aliases: what pinyin, readings and dictionary translation achieve. Split
         in two halves by entry (``is_dev``): the translation feature's glossary was written
         looking at the dev half's misses only;
    (c2) screening: all names of all entries indexed; each query is a variant of a name
         (traditional characters / capitals, no legal form or place), or, leave-one-out, the
         name itself queried against indexes built without it (``FOLDS``); top hit >= THRESHOLD
         on its own entry = TP, on another entry = FP, nothing = FN. Hits are split by route: a
         same-script name of the entry (the index holds the entry's bilingual names, so the
         entry - with its other-script names - is found) or a name in the other script (pinyin,
         readings, translation).
Entries of different lists that share a name are merged first (Lockheed Martin is on three).
"""

from __future__ import annotations

import contextlib
import random
import re
import sys
import zlib
from collections import Counter
from pathlib import Path

import opencc

from benchmarks.common import shared_data, table, timer
from complicity.names import labelled
from complicity.names.index import NameIndex
from complicity.names.match import THRESHOLD, score
from complicity.names.normalize import NameInputError, normalize, pinyin_key

HAN = re.compile(r"[\u4e00-\u9fff]")


def merged_entries(root: Path) -> list[labelled.Entry]:
    entries = labelled.bilingual_entries(root)
    parent = list(range(len(entries)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[str, int] = {}
    for i, e in enumerate(entries):
        for name in e.english + e.chinese:
            try:
                key = normalize(name).script + normalize(name).key
            except NameInputError:
                continue
            if key in seen:
                parent[find(i)] = find(seen[key])
            else:
                seen[key] = i
    groups: dict[int, labelled.Entry] = {}
    for i, e in enumerate(entries):
        g = groups.setdefault(find(i), labelled.Entry(e.id, [], []))
        g.english += [n for n in e.english if n not in g.english]
        g.chinese += [n for n in e.chinese if n not in g.chinese]
    return list(groups.values())


def pairs_c1(entries: list[labelled.Entry]) -> list[labelled.LabelledPair]:
    rng = random.Random(7)
    index = NameIndex.build(
        [(e.id, n) for e in entries for n in e.english + e.chinese], with_aliases=False
    )
    pairs: list[labelled.LabelledPair] = []
    for e in entries:
        for en in e.english:
            for zh in e.chinese:
                pairs.append(labelled.LabelledPair(en, zh, True, e.id))
        # hard negative: the closest other entry to this entry's first Chinese name
        others = [c for c in index.search(e.chinese[0], limit=5) if c.entity_id != e.id]
        if others:
            pairs.append(labelled.LabelledPair(e.chinese[0], others[0].name, False, e.id))
        other = rng.choice(entries)
        if other.id != e.id:
            pairs.append(labelled.LabelledPair(e.english[0], other.chinese[0], False, e.id))
    return pairs


def is_dev(entry_id: str) -> bool:
    """Which half of (c1) an entry is in: names/data/glossary.yaml and the translation feature
    were tuned on the misses of the dev half only, so the held-out half is the honest figure."""
    return zlib.crc32(entry_id.encode("utf-8")) % 2 == 0


def variant(name: str, script: str) -> str:
    """A screening-style spelling of a list name: Chinese in traditional characters without place
    prefix and legal form; English in capitals without punctuation and legal form. What makes
    it another registration stays: a place in brackets, (香港), and 分公司 (a branch), since a
    Hong Kong subsidiary or a branch is not the company it belongs to."""
    n = normalize(name)
    if script == "zh":
        kept = "".join(q if q.endswith("公司") else f"({q})" for q in n.qualifiers)
        return str(_s2t().convert("".join(n.tokens) + kept))
    return " ".join(n.tokens).upper()


def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


FOLDS = 10  # (c2) leave-one-out: indexes built, each without a tenth of the names


def screening_c2(
    entries: list[labelled.Entry], leave_one_out: bool, translate: bool = False
) -> Counter[str]:
    rows: list[tuple[str, str, str, str]] = []  # (name id, entry id, name, script)
    for e in entries:
        for k, n in enumerate(e.english + e.chinese):
            rows.append((f"{e.id}#{k}", e.id, n, "zh" if n in e.chinese else "en"))
    # Leave-one-out: the names are split in FOLDS by name; each fold's names query an index
    # of all the other names (a name cannot find itself, and what the index does when it finds
    # nothing at the threshold, such as looking through translations, is what is measured).
    fold_of = {nid: zlib.crc32(nid.encode()) % FOLDS if leave_one_out else 0 for nid, *_ in rows}
    indexes = {
        f: NameIndex.build(
            [(nid, n) for nid, _, n, _ in rows if not leave_one_out or fold_of[nid] != f],
            with_aliases=False,
        )
        for f in set(fold_of.values())
    }
    script_of = {nid: s for nid, _, _, s in rows}
    routes: Counter[str] = Counter()
    for nid, entry, name, script in rows:
        query = name if leave_one_out else variant(name, script)
        hits = indexes[fold_of[nid]].search(query, limit=6, explain=False, translate=translate)
        hits = [h for h in hits if h.score >= THRESHOLD]
        if not hits:
            routes[f"{script}:FN"] += 1
            continue
        top = hits[0]
        if top.entity_id.split("#")[0] == entry and not leave_one_out:
            routes[
                f"{script}:TP:"
                + (
                    "same-script name of the entry"
                    if script_of[top.entity_id] == script
                    else "other script"
                )
            ] += 1
        elif top.entity_id.split("#")[0] == entry:
            same = script_of[top.entity_id] == script
            routes[
                f"{script}:TP:" + ("same-script name of the entry" if same else "other script")
            ] += 1
        else:
            routes[f"{script}:FP"] += 1
    return routes


def screening_other_script(entries: list[labelled.Entry], translate: bool) -> Counter[str]:
    """Each name against an index of the other script's names only (a list that names its
    entries in English only, screened with Chinese names, and the reverse)."""
    routes: Counter[str] = Counter()
    for script in ("zh", "en"):
        pairs = [(e.id, n) for e in entries for n in (e.english if script == "zh" else e.chinese)]
        index = NameIndex.build(pairs, with_aliases=False)
        for e in entries:
            for name in e.chinese if script == "zh" else e.english:
                hits = index.search(name, limit=6, explain=False, translate=translate)
                hits = [h for h in hits if h.score >= THRESHOLD]
                if not hits:
                    routes[f"{script}:FN"] += 1
                elif hits[0].entity_id == e.id:
                    routes[f"{script}:TP:other script"] += 1
                else:
                    routes[f"{script}:FP"] += 1
    return routes


# (c3): names on no list, made up as a supplier file has them (a random head of common
# characters or words, a line of business, a legal form); none should match a list name
_ZH_CHARS = "华美达信通宏远恒泰康盛鑫源嘉禾瑞丰德茂隆兴泽润邦博创新科立安永联合中天海金银宇晨星"
_ZH_PLACES = ("深圳市", "广州市", "义乌市", "东莞市", "宁波", "上海", "北京")
_ZH_TRADES = ("贸易", "科技", "电子", "实业", "进出口", "物流", "服装", "五金")
_EN_WORDS = ("Global", "Pacific", "Alpine", "Nordic", "Solar", "Metro", "Vertex", "Summit",
             "Harbor", "Crescent", "Silver", "Maple", "Atlas", "Zenith", "Evergreen", "Bright",
             "Golden", "Royal", "Prime", "United")  # fmt: skip
_EN_TRADES = ("Foods", "Logistics", "Textiles", "Pharma", "Retail", "Energy", "Capital",
              "Motors", "Apparel", "Trading")  # fmt: skip
UNLISTED = 5000  # made-up names drawn per script; each distinct one is screened once


def unlisted_names(rng: random.Random, draws: int = UNLISTED) -> dict[str, list[str]]:
    """The distinct names of ``draws`` draws per script, in the order first drawn (English has
    only some 3,800 combinations, so fewer of its draws are distinct)."""
    zh = [
        rng.choice(_ZH_PLACES)
        + "".join(rng.sample(_ZH_CHARS, rng.choice([2, 3])))
        + rng.choice(_ZH_TRADES)
        + "有限公司"
        for _ in range(draws)
    ]
    en = [
        f"{rng.choice(_EN_WORDS)} {rng.choice(_EN_WORDS)} {rng.choice(_EN_TRADES)} Ltd"
        for _ in range(draws)
    ]
    return {"zh": list(dict.fromkeys(zh)), "en": list(dict.fromkeys(en))}


def unlisted_c3(
    root: Path, entries: list[labelled.Entry], draws: int = UNLISTED
) -> list[tuple[str, str, int, int, str, int]]:
    """(script, look, names, hits, hits per 1,000, hits through the second look) for made-up
    names screened against every name of the list snapshots (benchmarks.names_speed.real_names)
    and the (c) entries: every hit is a false one."""
    from benchmarks.names_speed import real_names

    pairs = [(f"list:{i}", n) for i, n in enumerate(real_names(root))]
    pairs += [(e.id, n) for e in entries for n in e.english + e.chinese]
    index = NameIndex.build(pairs, with_aliases=False)
    out = []
    for script, names in unlisted_names(random.Random(11), draws).items():
        for translate in (False, True):
            found = index.search_many(names, limit=1, translate=translate, explain=True)
            hits = [r[0] for r in found if r and r[0].score >= THRESHOLD]
            through = sum(1 for h in hits if any(f.name == "translation" for f in h.explanation))
            look = "with the second look" if translate else "own script"
            rate = f"{1000 * len(hits) / max(len(names), 1):.1f}"
            out.append((script, look, len(names), len(hits), rate, through))
    return out


def unlisted_in_store(root: Path, draws: int = UNLISTED) -> list[tuple[str, int, int, int]]:
    """(c3) as a screen meets it: the made-up names against a store of the starter knowledge base
    and the OFAC SDN list, whose entities hold all their names (initials and the words they
    stand for, transliterations, aliases), first look only. (script, names, false hits, of
    them on an entity's initials)."""
    import tempfile

    from benchmarks.lists_speed import FILES
    from complicity.sources.kb import read_kb
    from complicity.sources.lists import read_list
    from complicity.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "c3.db")
        store.write(read_kb(), "kb")
        store.write(read_list("ofac-csv", [root / "lists" / f for f in FILES]), "sdn")
        index = NameIndex.from_store(store)
        store.close()
    out = []
    for script, names in unlisted_names(random.Random(11), draws).items():
        found = index.search_many(names, limit=1, explain=True, matches_only=True)
        hits = [r[0] for r in found if r]
        initials = sum(
            1 for h in hits if max(h.explanation, key=lambda f: f.contribution).name == "acronym"
        )
        out.append((script, len(names), len(hits), initials))
    return out


def homophone_queries(entries: list[labelled.Entry]) -> list[tuple[str, str]]:
    """(entry id, query) for (c4): each entry's first Chinese name with one character of its
    head replaced by another that reads the same (大华 -> 达华): another company's name, which
    the entry's romanised names (Dahua) cannot tell from its own. The replacement is drawn
    among the characters of the entries' heads, so that it is one names use."""
    rng = random.Random(13)
    heads: dict[str, str] = {}
    for e in entries:
        for name in e.chinese:
            with contextlib.suppress(NameInputError):
                n = normalize(name)
                if n.is_han:
                    heads[name] = n.head
    by_reading: dict[str, list[str]] = {}
    for c in sorted({c for h in heads.values() for c in h if "\u4e00" <= c <= "\u9fff"}):
        by_reading.setdefault(pinyin_key(c), []).append(c)
    out: list[tuple[str, str]] = []
    for e in entries:
        name = next((n for n in e.chinese if n in heads), None)
        if name is None or not e.english:
            continue
        head = heads[name]
        for k, c in enumerate(head):
            others = [o for o in by_reading.get(pinyin_key(c), []) if o != c]
            if others and head in name:
                other = head[:k] + rng.choice(others) + head[k + 1 :]
                out.append((e.id, name.replace(head, other, 1)))
                break
    return out


def homophones_c4(entries: list[labelled.Entry]) -> tuple[int, int, int]:
    """(queries, hits on the entry they were made from, of them through a romanised name: those
    are false). The index holds each entry's names under its id, as a store does."""
    index = NameIndex.build([(e.id, n) for e in entries for n in e.english + e.chinese])
    queries = homophone_queries(entries)
    found = index.search_many([q for _, q in queries], limit=1)
    hits = [
        r[0]
        for (entry, _), r in zip(queries, found, strict=True)
        if r and r[0].entity_id == entry and r[0].score >= THRESHOLD
    ]
    latin = sum(1 for h in hits if not HAN.search(h.name))
    return len(queries), len(hits), latin


def main() -> int:
    root = shared_data()
    rows = []
    sets = {
        "(a) nomenklatura Company+Organization": labelled.nomenklatura_pairs(root),
        "(b) easonanalytica": labelled.easonanalytica_pairs(root),
    }
    entries = merged_entries(root)
    c1 = pairs_c1(entries)
    sets["(c1) list EN<->ZH pairs, names only: all"] = c1
    sets["(c1) dev half (glossary written looking at it)"] = [p for p in c1 if is_dev(p.note)]
    sets["(c1) held-out half"] = [p for p in c1 if not is_dev(p.note)]
    all_pairs: list[labelled.LabelledPair] = []
    all_values: list[float | None] = []
    for label, pairs in sets.items():
        with timer() as t:
            values = labelled.scores(pairs, lambda a, b: score(a, b).score)
        q = labelled.quality(pairs, values, THRESHOLD)
        rows.append(
            (label, q.n, q.tp, q.fp, q.fn, q.precision, q.recall, q.f1, f"{q.n / t[0]:.0f}")
        )
        if not label.startswith("(c"):
            all_pairs += pairs
            all_values += values
    best_t, best_q = labelled.best_threshold(all_pairs, all_values)
    print(f"Threshold {THRESHOLD} (`complicity.names.match.THRESHOLD`).\n")
    print(table(["set", "pairs", "TP", "FP", "FN", "precision", "recall", "F1", "pairs/s"], rows))
    print(
        f"\nBest threshold on (a)+(b) together: {best_t:.2f} "
        f"(F1 {best_q.f1:.3f}); ties go to the stricter value.\n"
    )
    runs = [(False, False, False), (True, False, False), (True, True, False)]
    runs += [(False, False, True), (False, True, True)]
    for leave_one_out, translate, other_script in runs:
        if other_script:
            routes = screening_other_script(entries, translate)
        else:
            routes = screening_c2(entries, leave_one_out, translate)
        srows = []
        for script in ("zh", "en"):
            tp = sum(v for k, v in routes.items() if k.startswith(f"{script}:TP"))
            fp = routes[f"{script}:FP"]
            fn = routes[f"{script}:FN"]
            p = tp / (tp + fp) if tp + fp else 1.0
            r = tp / (tp + fp + fn) if tp + fp + fn else 1.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            same = routes[f"{script}:TP:same-script name of the entry"]
            pin = routes[f"{script}:TP:other script"]
            srows.append((script, tp + fp + fn, tp, same, pin, fp, fn, p, r, f1))
        what = (
            "leave-one-out: the query's own name is not in the index"
            if leave_one_out
            else "variant queries (traditional / capitals, no legal form or place), full index"
        )
        if other_script:
            what = "other script only: each name against an index of the other script's names"
        if translate:
            what += ", with the second look through translation (`search(..., translate=True)`)"
        print(f"\n(c2) screening, {len(entries)} entries, {what}:\n")
        header = ["query script", "queries", "found own entry", "via same-script name"]
        header += ["via other-script name", "FP", "FN", "precision", "recall", "F1"]
        print(table(header, srows))
    print(
        f"\n(c3) names on no list: the distinct names of {UNLISTED:,} made-up supplier names "
        "drawn per script (Chinese: place + common characters + line of business + 有限公司; "
        "English: two common words + line of business + Ltd) against every name of the "
        "snapshots (vessels' and people's too, which a store holds apart or not at all); every "
        "hit is false:\n"
    )
    print(table(["script", "look", "names", "false hits", "per 1,000", "of them through translation"],
                unlisted_c3(root, entries)))  # fmt: skip
    print(
        "\nThe same names against a store of the starter knowledge base and the OFAC SDN list, as "
        "`complicity screen` meets them (an entity holds all its names: initials and the words "
        "they stand for), first look:\n"
    )
    print(table(["script", "names", "false hits", "of them on an entity's initials"],
                unlisted_in_store(root)))  # fmt: skip
    n, hits, latin = homophones_c4(entries)
    print(
        f"\n(c4) homophones: {n} Chinese names of the (c) entries with one character of the head "
        "replaced by another read the same (大华 -> 达华), screened against the entries' names "
        "grouped by entry as a store holds them. A hit on the entry through its romanised name "
        "is false (the entry writes its Chinese name otherwise); one on its Chinese name itself "
        "is the tolerance of one character off in a long name, which for a transliterated "
        "name is often the same name (艾比特 / 埃比特, Elbit):\n"
    )
    print(table(["queries", "hits on their entry", "of them through a romanised name (false)"],
                [(n, hits, latin)]))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
