"""Mine candidate wrong and right name renderings from the tuning half, for labelling by hand.

Many MT systems translate each source line; where most agree on a name and one writes
something else, that one is a candidate error, and the agreeing ones candidate negatives:

  pinyin     a capitalised run of one system that spells the pinyin of source characters which
             at most a third of the systems read that way (a transliteration or a Korean or
             Japanese name read in Mandarin); runs most systems write are Chinese names in
             pinyin: candidate negatives
  misspelt   a capitalised word of one system only, one or two edits from a word that at least
             half the systems write (Brinken / Blinken)
  literal    a pinyin reading of the start of a name followed by a word that translates the
             name's next character ("Liu Yun Dragon"), where most systems write the name
  substituted  a glossary person in a target whose source has none of that person's forms
  right      the majority's rendering of a non-Chinese name the dictionary knows (negative)

Reads /tmp/termqa-halves/tune only (never judge/). Writes candidates to --out as TSV (kind,
guess, system, source, target, span) for a person to label; the labelled set lives in
tests/data/names-testset.tsv.

Usage: python tests/bench/names_testset.py [--tune /tmp/termqa-halves/tune] [--out /tmp/names-candidates.tsv]
       python tests/bench/names_testset.py --label   # candidates + POSITIVES below -> tests/data/names-testset.tsv
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import zlib
from collections import Counter, defaultdict
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from termqa.checks.reading import _readings, _Source  # noqa: E402
from termqa.fileio.glossary import load_glossary  # noqa: E402
from termqa.lexicon import glosses, stem  # noqa: E402
from termqa.romanize import CHINESE_SURNAMES, Origin, known_names  # noqa: E402

_CAPITAL = regex.compile(r"(?<![\p{L}\-'’])\p{Lu}\p{Ll}{3,}(?![\p{L}])")
_WORD = regex.compile(r"\p{L}+")


def load(tune: Path) -> dict[tuple[str, str], dict[str, tuple[str, str]]]:
    """(corpus, segment) -> system -> (source, target), for both MT corpora of the half."""
    segs: dict[tuple[str, str], dict[str, tuple[str, str]]] = defaultdict(dict)
    with open(tune / "mqm-newstest2020.mt.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            system, seg = r["id"].split("|", 1)
            segs[("n20", seg)][system] = (r["source"], r["target"])
    for path in sorted((tune / "wmt22").glob("*.tsv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                segs[("w22", r["doc"] + "|" + r["id"])][path.stem] = (r["source"], r["target"])
    return segs


def _edits(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def mine(segs: dict, glossary_dir: Path) -> list[dict]:
    out: list[dict] = []
    people = [e for e in load_glossary([str(glossary_dir)]).entries if e.type.value == "person"]
    names = known_names()
    for (corpus, seg), systems in segs.items():
        source = next(iter(systems.values()))[0]
        src = _Source(source)
        n = len(systems)
        readings: dict[str, list[tuple[str, str]]] = defaultdict(list)  # zh -> [(system, span)]
        for system, (_, target) in systems.items():
            words = list(_WORD.finditer(target))
            for i, j, a, b in _readings(src, target, words):
                span = target[words[i].start(): words[j].end()]
                readings[source[a:b]].append((system, span))
                # literal: the next source character translated by the next word
                if j + 1 < len(words) and b < len(source) and source[a] in CHINESE_SURNAMES | {"金", "李", "郑", "朴"}:
                    nxt = words[j + 1].group(0)
                    if stem(nxt) in glosses(source[b]) and len(nxt) > 2:
                        out.append(dict(kind="literal", guess="pos", system=system, source=source, target=target,
                                        span=target[words[i].start(): words[j + 1].end()], corpus=corpus, seg=seg))
        for found in readings.values():
            share = len({s for s, _ in found}) / n
            for system, span in found:
                if share <= 1 / 3:
                    out.append(dict(kind="pinyin", guess="pos", system=system, source=source,
                                    target=systems[system][1], span=span, corpus=corpus, seg=seg))
                elif share >= 2 / 3 and system == found[0][0]:
                    out.append(dict(kind="pinyin", guess="neg", system=system, source=source,
                                    target=systems[system][1], span=span, corpus=corpus, seg=seg))
        # misspelt: a rare capitalised word near a majority one
        by_system = {s: set(_CAPITAL.findall(t)) for s, (_, t) in systems.items()}
        counts = Counter(w for ws in by_system.values() for w in ws)
        majority = {w for w, c in counts.items() if c >= n / 2}
        for system, ws in by_system.items():
            for w in ws:
                if counts[w] != 1:
                    continue
                for m in majority:
                    if w[0] == m[0] and 0 < _edits(w.casefold(), m.casefold()) <= 2 and abs(len(w) - len(m)) <= 2 \
                            and not (w.startswith(m) or m.startswith(w)):
                        out.append(dict(kind="misspelt", guess="pos", system=system, source=source,
                                        target=systems[system][1], span=w, corpus=corpus, seg=seg, right=m))
                        break
        # right: the majority form of a non-Chinese dictionary name
        for m in regex.finditer(r"\p{Han}{2,8}", source):
            run = m.group(0)
            for a in range(len(run)):
                for size in range(min(6, len(run) - a), 1, -1):
                    known = names.get(run[a: a + size])
                    if not known or known.origin is Origin.CHINESE or not known.person or known.generic:
                        continue
                    for english in known.english:
                        last = english.split(" ")[-1]
                        having = [s for s, (_, t) in systems.items() if regex.search(rf"\b{regex.escape(last)}\b", t)]
                        if len(having) >= n / 2:
                            s = having[0]
                            out.append(dict(kind="right", guess="neg", system=s, source=source,
                                            target=systems[s][1], span=last, corpus=corpus, seg=seg))
                            break
                    break
        # substituted: a glossary person with no Chinese form or part in the source
        for system, (_, target) in systems.items():
            for entry in people:
                if any(f in source for f in entry.sources) or any(f[:1] in source for f in entry.sources):
                    continue
                for form in (entry.target, *entry.alternates):
                    if regex.search(rf"\b{regex.escape(form)}\b", target):
                        out.append(dict(kind="substituted", guess="pos", system=system, source=source,
                                        target=target, span=form, corpus=corpus, seg=seg))
    return out


POSITIVES: list[tuple[str, str, str, str]] = [
    # (kind, segment, system, span): read one by one, kept only where the error is clear
    ("pinyin", "voa-voachinese.14597|206", "Online-A", "Aomi Kerong"),  # 奥密克戎 Omicron
    ("pinyin", "voa-voachinese.14597|210", "Lan-Bridge", "Pi Lai"),  # 皮莱 Pillay
    ("pinyin", "social_zh_zhihu.com_73484148|370", "AISP-SJTU", "Deng Lupu"),  # 邓禄普 Dunlop
    ("pinyin", "social_zh_zhihu.com_73484148|370", "DLUT", "Denglupu"),
    ("pinyin", "social_zh_zhihu.com_73484148|370", "Lan-Bridge", "Deng Lupu"),
    ("pinyin", "ecommerce_zh_dangdang.com_104963909|1006", "Lan-Bridge", "Cha Li"),  # 查理 Charlie
    ("pinyin", "490", "Tencent_Translation.1249", "Babuda"),  # 巴布达 Barbuda
    ("pinyin", "1967", "WeChat_AI.1525", "Yingweida"),  # 英伟达 Nvidia
    ("pinyin", "1322", "WeChat_AI.1525", "Kailin"),  # 凯琳·伯奇 Kallum Pickering's colleague
    ("pinyin", "1489", "Huoshan_Translate.919", "Weihan"),  # 丰威汉, a Lao name
    ("pinyin", "1489", "THUNLP.1498", "Fengwei Han"),
    ("pinyin", "1489", "WeChat_AI.1525", "Fengweihan"),
    ("pinyin", "en_zh-TW_CLIENT-05_2020-12-20-204_doc0|685", "Online-G", "Mai Le"),  # 麦乐鸡 McNuggets
    ("pinyin", "en_zh-TW_CLIENT-05_2020-12-20-204_doc0|685", "Online-Y", "Mai Le"),
    ("east-asian", "33", "DeepMind.381", "Maomu"),  # 茂木 Motegi
    ("east-asian", "33", "Huoshan_Translate.919", "Maki"),
    ("east-asian", "34", "DeepMind.381", "Maomu"),
    ("east-asian", "34", "Huoshan_Translate.919", "Maomu"),
    ("east-asian", "35", "DeepMind.381", "Maomu"),
    ("east-asian", "35", "Huoshan_Translate.919", "Maomu"),
    ("east-asian", "39", "Huoshan_Translate.919", "Maomu"),
    ("literal", "1662", "DeepMind.381", "Li Ke dye"),  # 李可染 Li Keran
    ("misspelt", "chinese.dw.com.4112|779", "", "Scholts"),  # 肖尔茨 Scholz
    ("misspelt", "chinese.dw.com.4112|779", "", "Schultz"),
    ("misspelt", "1490", "", "Vietiane"),  # 万象 Vientiane
    ("misspelt", "1493", "", "Vietiane"),
    ("misspelt", "voa-voachinese.14597|207", "", "Omilton"),  # 奥密克戎 Omicron
    ("misspelt", "voa-voachinese.14597|221", "", "Omikjon"),
    ("misspelt", "social_zh_douban.com_97181248|1226", "", "Kier"),
    ("misspelt", "xinhua-zh-01.104085|1382", "", "Diriyer"),  # 迪里耶 Diriyah
    ("misspelt", "ecommerce_zh_dangdang.com_34687022|1404", "", "Tragiani"),  # Trigiani
    ("misspelt", "ecommerce_zh_dangdang.com_34687022|1404", "", "Triciani"),
    ("misspelt", "ecommerce_zh_dangdang.com_34687022|1404", "", "Adeliana"),  # Adriana
    ("misspelt", "631", "", "Plechanov"),  # Plekhanov
]
"""The positives, labelled by reading the candidates (system "" = whichever system wrote it)."""

_NOT_NEGATIVE = regex.compile(r"Ruan|Fan Ming|Dezhong|Dejian|Mengxiong|Deng Deying|Lin Zhengyue|Shao Yifu|Zhou Mou")
"""Candidate negatives set aside on reading: Vietnamese and Hong Kong names in pinyin are wrong
too (though the references write some of them so), "Zhou Mou" is "Mr Zhou"."""


def label(candidates: Path, out: Path) -> None:
    """Write the labelled set: POSITIVES, and as negatives Chinese names most systems write in
    pinyin (one per segment), the majority's form of a known foreign name, and the right forms
    of the Japanese and Hong Kong names of the positives' documents."""
    with open(candidates, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    kept: list[tuple[str, str, str, str, str]] = []
    for kind, seg, system, span in POSITIVES:
        match = next((r for r in rows if r["seg"] == seg and (not system or r["system"] == system)
                      and span in r["target"]), None)
        if match is None:
            raise SystemExit(f"positive not among the candidates: {seg} {system} {span}")
        kept.append(("pos", kind, match["source"], match["target"], span))
    seen: set = set()
    pinyin = 0
    for r in rows:
        if r["guess"] != "neg" or r["seg"] in seen or r["span"] in seen or _NOT_NEGATIVE.search(r["span"]):
            continue
        if r["kind"] == "pinyin":
            # Names of people and places (two words, or a place) only, and few enough to read.
            if pinyin >= 60 or not regex.fullmatch(r"\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+|\p{Lu}\p{Ll}{5,}", r["span"]):
                continue
            pinyin += 1
        seen.update((r["seg"], r["span"]))
        kind = "chinese-pinyin" if r["kind"] == "pinyin" else "foreign-right"
        kept.append(("neg", kind, r["source"], r["target"], r["span"]))
    for r in rows:  # the right forms beside the positives: Motegi, Carrie Lam
        for right in ("Toshimitsu Motegi", "Motegi", "Carrie Lam"):
            if right in r["target"] and (r["seg"], right) not in seen and not any(
                    k[3] == r["target"] for k in kept):
                seen.add((r["seg"], right))
                kept.append(("neg", "east-asian-right" if "Motegi" in right else "hk-tw-right",
                             r["source"], r["target"], right))
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(["label", "kind", "half", "source", "target", "span"])
        for lab, kind, source, target, span in kept:
            half = "tune" if zlib.crc32(source.encode()) % 2 else "report"
            w.writerow([lab, kind, half, source, target, span])
    print(Counter((k[0], k[1]) for k in kept), "->", out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", type=Path, default=Path("/tmp/termqa-halves/tune"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/names-candidates.tsv"))
    parser.add_argument("--label", action="store_true", help="write tests/data/names-testset.tsv from --out")
    args = parser.parse_args()
    if args.label:
        label(args.out, ROOT / "tests" / "data" / "names-testset.tsv")
        return
    if "judge" in args.tune.parts:
        raise SystemExit("mine the tuning half only")
    rows = mine(load(args.tune), ROOT / "glossaries")
    seen = set()
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["n", "kind", "guess", "corpus", "seg", "system", "span", "source", "target"])
        for i, r in enumerate(rows):
            key = (r["kind"], r["seg"], r["system"], r["span"])
            if key in seen:
                continue
            seen.add(key)
            w.writerow([i, r["kind"], r["guess"], r["corpus"], r["seg"], r["system"], r["span"], r["source"], r["target"]])
    print(Counter((r["kind"], r["guess"]) for r in rows), "->", args.out)


if __name__ == "__main__":
    main()
