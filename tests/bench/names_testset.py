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
       python tests/bench/names_testset.py --label   # the set so far + MORE_ and HAND rows below ->
                                                     # tests/data/names-testset.tsv, with each row's document
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

from termqa.checks.reading import _edit_distance, _readings, _Source  # noqa: E402
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
                    if w[0] == m[0] and 0 < _edit_distance(w.casefold(), m.casefold()) <= 2 and abs(len(w) - len(m)) <= 2 \
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


MORE_POSITIVES: list[tuple[str, str, str, str]] = [
    # Second round of reading (kind, segment, system, span), found straight in the half's outputs.
    ("pinyin", "en_zh-TW_CLIENT-05_2020-12-20-204_doc0|684", "Online-G", "Mai Le"),  # 麦乐鸡 McNuggets
    ("pinyin", "en_zh-TW_CLIENT-05_2020-12-20-204_doc0|684", "Online-Y", "Mai Le"),
    ("pinyin", "ecommerce_zh_dangdang.com_104963909|995", "Lan-Bridge", "Cha Li"),  # 查理 Charlie
    ("pinyin", "ecommerce_zh_dangdang.com_104963909|996", "Lan-Bridge", "Cha Li"),
    ("pinyin", "1489", "Huoshan_Translate.919", "Kaishan"),  # 凯山·丰威汉 Kaysone Phomvihane
    ("pinyin", "761", "OPPO.1422", "Dama"),  # 大马 Malaysia
    ("pinyin", "761", "Huoshan_Translate.919", "Damaka"),
    ("east-asian", "33", "DiDi_NLP.401", "Minchong"),  # 茂木敏充 Toshimitsu Motegi
    ("east-asian", "33", "Huoshan_Translate.919", "Minchong"),
    ("east-asian", "33", "Tencent_Translation.1249", "Minchong Maoki"),
    ("east-asian", "34", "THUNLP.1498", "Maoki"),
    ("east-asian", "34", "WeChat_AI.1525", "Maoki"),
    ("misspelt", "1144", "Online-B.1605", "Mohammer"),  # 穆罕默热(德)·本·萨尔曼 Mohammed bin Salman
    ("misspelt", "1144", "WeChat_AI.1525", "Mohammadge"),
    ("misspelt", "1316", "OPPO.1422", "Knape"),  # 巴里·克纳普 Barry Knapp
    ("misspelt", "voa-voachinese.14597|217", "Lan-Bridge", "William"),  # the source writes "Willem Hanekom"
    ("misspelt", "ecommerce_zh_dangdang.com_104963909|996", "JDExploreAcademy", "Roland"),  # Roald Dahl
    ("misspelt", "ecommerce_zh_dangdang.com_104963909|1006", "JDExploreAcademy", "Roland"),
    ("misspelt", "ecommerce_zh_dangdang.com_34687022|1404", "Online-A", "Triggiani"),  # Adriana Trigiani
]
"""Read one by one and kept where the error is clear, though for 茂木敏充 and 大马 most systems are
wrong too (no system writes "Motegi")."""

MORE_NEGATIVES: list[tuple[str, str, str, str]] = [
    ("hk-tw-right", "1100", "", "Carrie Lam"),
    ("hk-tw-right", "1103", "", "Carrie Lam"),
    ("hk-tw-right", "1104", "", "Carrie Lam"),
    ("hk-tw-right", "1642", "", "Yau"),  # 邱腾华 Edward Yau
    ("hk-tw-right", "1892", "", "Chow Tai Fook"),
    ("hk-tw-right", "1895", "", "Chow Tai Fook"),
    ("hk-tw-right", "1900", "", "Chow Tai Fook"),
    ("hk-tw-right", "en_zh-TW_CLIENT-05_2020-12-20-214_doc04|170", "", "Sheung Shui"),
    ("east-asian-right", "social_zh_douban.com_97181248|1210", "AISP-SJTU", "Tetsujiro Inoue"),
    ("foreign-right", "1913", "OPPO.1422", "Hatami"),  # Amir Hatami: right, though most write Khatami
    ("foreign-right", "1914", "OPPO.1422", "Hatami"),
    ("foreign-right", "voa-voachinese.14597|217", "AISP-SJTU", "Willem"),
    ("foreign-right", "1316", "DeepMind.381", "Knapp"),
    ("foreign-right", "1144", "DeepMind.381", "Mohammed"),
    ("foreign-right", "1144", "OPPO.1422", "Mohammad"),  # a usual spelling, not a misspelling
    ("foreign-right", "ecommerce_zh_dangdang.com_104963909|996", "AISP-SJTU", "Roald Dahl"),
    ("foreign-right", "ecommerce_zh_dangdang.com_34687022|1404", "LanguageX", "Trigiani"),
    ("foreign-right", "1490", "DeepMind.381", "Vientiane"),
    ("foreign-right", "voa-voachinese.14597|207", "AISP-SJTU", "Omicron"),
    ("foreign-right", "1588", "OPPO.1422", "Huhhot"),  # an older spelling of Hohhot
    ("foreign-right", "1918", "DeepMind.381", "Emmanuel Macron"),
]
"""Right renderings, chiefly where a close wrong one is a positive (Knapp, Trigiani, Vientiane)."""

HAND: list[tuple[str, str, str, str, str, str]] = [
    # (label, kind, context, source, target, span): written in the style of news, each an error
    # the issue names or the right rendering beside it; no system wrote these.
    ("pos", "pinyin", "", "美国贸易代表莱特希泽说，谈判取得进展。", "US Trade Representative Lai Texize said progress had been made in the talks.", "Lai Texize"),
    ("pos", "pinyin", "", "美国贸易代表莱特希泽周五表示，关税将保持不变。", "US Trade Representative Lai Haizhe said on Friday that tariffs would remain unchanged.", "Lai Haizhe"),
    ("pos", "pinyin", "", "委内瑞拉外长卡洛斯·龙在联合国发言。", "Venezuelan Foreign Minister Carlos Long spoke at the United Nations.", "Long"),
    ("pos", "pinyin", "", "美国芯片设备商泛林集团发布财报。", "US chip equipment maker Fanlin Group released its earnings report.", "Fanlin"),
    ("pos", "pinyin", "", "菲律宾总统府发言人马丁·安达纳尔说，政府将继续抗疫。", "Martin Andanaer, spokesman for the Philippine presidential palace, said the government would continue to fight the epidemic.", "Andanaer"),
    ("pos", "pinyin", "", "法国总理博恩当天宣布了新的养老金改革方案。", "French Prime Minister Bo En announced a new pension reform plan on the same day.", "Bo En"),
    ("pos", "pinyin", "", "意大利总理德拉吉表示，欧盟应团结一致。", "Italian Prime Minister Delaji said the EU should stand united.", "Delaji"),
    ("pos", "pinyin", "", "以色列总理贝内特与美国总统举行会晤。", "Israeli Prime Minister Beineite met with the US president.", "Beineite"),
    ("pos", "pinyin", "法国总理博恩当天宣布了新的养老金改革方案。", "博恩说，改革势在必行。", "Bo En said that reform was imperative.", "Bo En"),
    ("pos", "east-asian", "", "韩国总统尹锡悦当天会见了美国国务卿。", "South Korean President Yin Xiyue met the US Secretary of State on the same day.", "Yin Xiyue"),
    ("pos", "east-asian", "", "韩国外长朴振与日本外相林芳正举行会谈。", "South Korean Foreign Minister Piao Zhen held talks with Japanese Foreign Minister Yoshimasa Hayashi.", "Piao Zhen"),
    ("pos", "east-asian", "", "日本首相岸田文雄宣布解散众议院。", "Japanese Prime Minister Antian Wenxiong announced the dissolution of the House of Representatives.", "Antian Wenxiong"),
    ("pos", "east-asian", "", "日本前首相安倍晋三遇刺身亡。", "Former Japanese Prime Minister Anbei Jinsan was assassinated.", "Anbei Jinsan"),
    ("pos", "east-asian", "", "朝鲜最高领导人金正恩携女儿金主爱视察导弹发射。", "North Korean leader Kim Jong Un inspected the missile launch with his daughter Jin Zhuai.", "Jin Zhuai"),
    ("pos", "east-asian", "", "韩国国家安保室长郑义溶当天访问华盛顿。", "South Korean national security adviser Zheng Yirong visited Washington on the same day.", "Zheng Yirong"),
    ("pos", "east-asian", "朝鲜最高领导人金正恩出席阅兵式。", "金正恩的夫人李雪主也出席了活动。", "Li Xuezhu, the wife of Kim Jong Un, also attended the event.", "Li Xuezhu"),
    ("pos", "literal", "", "韩国外长郑义溶当天抵达东京。", "South Korean Foreign Minister Zheng Yi dissolved arrived in Tokyo on the same day.", "Zheng Yi dissolved"),
    ("pos", "literal", "", "朝鲜最高领导人金正恩携女儿金主爱出席了庆祝活动。", "North Korean leader Kim Jong Un attended the celebrations with his daughter, the gold lord love.", "gold lord love"),
    ("pos", "literal", "", "朝鲜当天试射了一枚火星-17型洲际弹道导弹。", "North Korea test-fired a Mars 17 intercontinental ballistic missile on the same day.", "Mars 17"),
    ("pos", "literal", "", "公司董事长刘云龙在发布会上介绍了新产品。", "Company chairman Liu Yun Dragon introduced the new product at the press conference.", "Liu Yun Dragon"),
    ("pos", "literal", "", "韩国总统尹锡悦在首尔发表讲话。", "South Korean President Yin Xi pleased gave a speech in Seoul.", "Yin Xi pleased"),
    ("pos", "misspelt", "", "美国国务卿布林肯当天抵达北京。", "US Secretary of State Brinken arrived in Beijing on the same day.", "Brinken"),
    ("pos", "misspelt", "", "巴西总统博索纳罗感染新冠病毒。", "Brazilian President Bossonaro has been infected with the novel coronavirus.", "Bossonaro"),
    ("pos", "misspelt", "", "乌克兰总统泽连斯基发表视频讲话。", "Ukrainian President Zelenksy delivered a video address.", "Zelenksy"),
    ("pos", "misspelt", "", "联合国秘书长古特雷斯呼吁停火。", "UN Secretary-General Guterrez called for a ceasefire.", "Guterrez"),
    ("pos", "misspelt", "", "代表团将对老挝首都万象进行访问。", "The delegation will visit Vientianne, the capital of Laos.", "Vientianne"),
    ("pos", "substituted", "", "朝鲜最高领导人金正恩携女儿金主爱视察。", "North Korean leader Kim Jong Un made the inspection with his daughter Kim Yo-jong.", "Kim Yo-jong"),
    ("pos", "substituted", "", "金主爱出席了当天的阅兵式。", "Kim Jong Un attended the military parade that day.", "Kim Jong Un"),
    ("pos", "substituted", "", "日本首相岸田文雄在记者会上表示。", "Japanese Prime Minister Shinzo Abe said at a press conference.", "Shinzo Abe"),
    ("pos", "substituted", "", "美国国务卿布林肯与俄罗斯外长拉夫罗夫通电话。", "US Secretary of State Pompeo spoke by phone with Russian Foreign Minister Lavrov.", "Pompeo"),
    ("neg", "chinese-pinyin", "", "国务委员兼外长王毅在北京会见美国国务卿。", "State Councilor and Foreign Minister Wang Yi met the US Secretary of State in Beijing.", "Wang Yi"),
    ("neg", "chinese-pinyin", "", "郑州市今年的地区生产总值增长了百分之六。", "Zhengzhou's regional GDP grew by six percent this year.", "Zhengzhou"),
    ("neg", "chinese-pinyin", "", "中国驻美国大使秦刚在华盛顿发表演讲。", "Qin Gang, the Chinese ambassador to the United States, gave a speech in Washington.", "Qin Gang"),
    ("neg", "chinese-pinyin", "", "美国总统拜登会见了中国国家副主席韩正。", "US President Joe Biden met Chinese Vice President Han Zheng.", "Han Zheng"),
    ("neg", "chinese-pinyin", "美国总统拜登访问日本。", "外交部发言人汪文斌说，中方对此表示关切。", "Foreign Ministry spokesman Wang Wenbin said China was concerned about this.", "Wang Wenbin"),
    ("neg", "chinese-pinyin", "", "英国伦敦的华人律师李明先生说，他将提起诉讼。", "Mr Li Ming, a Chinese lawyer in London, said he would file a lawsuit.", "Li Ming"),
    ("neg", "hk-tw-right", "", "台湾地区领导人蔡英文当天发表讲话。", "Taiwan leader Tsai Ing-wen gave a speech that day.", "Tsai Ing-wen"),
    ("neg", "hk-tw-right", "", "香港特区行政长官林郑月娥出席了仪式。", "Hong Kong Chief Executive Carrie Lam attended the ceremony.", "Carrie Lam"),
    ("neg", "hk-tw-right", "", "香港特区行政长官李家超宣布新措施。", "Hong Kong Chief Executive John Lee announced new measures.", "John Lee"),
    ("neg", "east-asian-right", "", "韩国总统文在寅与美国总统拜登通电话。", "South Korean President Moon Jae-in spoke by phone with US President Joe Biden.", "Moon Jae-in"),
    ("neg", "east-asian-right", "", "朝鲜最高领导人金正恩视察了导弹发射。", "North Korean leader Kim Jong Un inspected the missile launch.", "Kim Jong Un"),
    ("neg", "east-asian-right", "", "日本前首相安倍晋三遇刺身亡。", "Former Japanese Prime Minister Shinzo Abe was assassinated.", "Shinzo Abe"),
    ("neg", "east-asian-right", "", "日本首相岸田文雄宣布解散众议院。", "Japanese Prime Minister Fumio Kishida announced the dissolution of the House of Representatives.", "Fumio Kishida"),
    ("neg", "east-asian-right", "", "韩国总统尹锡悦当天会见了美国国务卿。", "South Korean President Yoon Suk-yeol met the US Secretary of State on the same day.", "Yoon Suk-yeol"),
    ("neg", "east-asian-right", "", "朝鲜最高领导人金正恩携女儿金主爱视察。", "North Korean leader Kim Jong Un made the inspection with his daughter Kim Ju-ae.", "Kim Ju-ae"),
    ("neg", "east-asian-right", "", "韩国外长郑义溶当天抵达东京。", "South Korean Foreign Minister Chung Eui-yong arrived in Tokyo on the same day.", "Chung Eui-yong"),
    ("neg", "foreign-right", "", "伊朗外长扎里夫当天抵达德黑兰。", "Iranian Foreign Minister Zarif arrived in Teheran on the same day.", "Teheran"),
    ("neg", "foreign-right", "", "乌克兰首都基辅遭到导弹袭击。", "The Ukrainian capital Kiev was hit by missiles.", "Kiev"),
    ("neg", "foreign-right", "", "委内瑞拉政府当天发表声明。", "The Venezuelan government issued a statement that day.", "Venezuelan"),
    ("neg", "foreign-right", "", "法国总理博恩当天宣布了新的养老金改革方案。", "French Prime Minister Elisabeth Borne announced a new pension reform plan on the same day.", "Elisabeth Borne"),
    ("neg", "foreign-right", "", "美国国务卿布林肯与俄罗斯外长拉夫罗夫通电话。", "US Secretary of State Blinken spoke by phone with Russian Foreign Minister Lavrov.", "Blinken"),
    ("neg", "foreign-right", "", "联合国秘书长古特雷斯呼吁停火。", "UN Secretary-General Guterres called for a ceasefire.", "Guterres"),
]
"""Hand-written rows, marked "hand" in the set and scored apart from the mined ones: the kinds
real outputs of the half hold too few of (a literal reading, a substituted person, a Korean name)."""


def _documents(tune: Path) -> dict[str, list[str]]:
    """Source text -> the sources of its document, in order (the first document holding it)."""
    docs: dict[str, list[str]] = defaultdict(list)
    with open(tune / "mqm-newstest2020.mt.jsonl", encoding="utf-8") as fh:
        first = None
        for line in fh:
            r = json.loads(line)
            system = r["id"].split("|", 1)[0]
            first = first or system
            if system == first:
                docs["n20|" + r["doc"].split("|", 1)[1]].append(r["source"])
    path = sorted((tune / "wmt22").glob("*.tsv"))[0]
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            docs["w22|" + r["doc"]].append(r["source"])
    out: dict[str, list[str]] = {}
    for sources in docs.values():
        for s in sources:
            out.setdefault(s, sources)
    return out


def context(source: str, docs: dict[str, list[str]], width: int = 12) -> str:
    """The other sources of a row's document (up to `width` either side), as JSON: the rule reads
    the document (a country named three lines up says a surname is Korean), so the test must too."""
    sources = docs.get(source)
    if not sources:
        return ""
    at = sources.index(source)
    return json.dumps({"before": sources[max(0, at - width): at], "after": sources[at + 1: at + 1 + width]},
                      ensure_ascii=False)


def _find(segs: dict, seg: str, system: str, span: str) -> tuple[str, str]:
    for (_, s), systems in segs.items():
        if s != seg:
            continue
        for name, (source, target) in systems.items():
            if (not system or name == system) and regex.search(rf"(?<!\p{{L}}){regex.escape(span)}(?!\p{{L}})", target):
                return source, target
    raise SystemExit(f"not in the half's outputs: {seg} {system} {span}")


def label(candidates: Path, out: Path, tune: Path) -> None:
    """Write the labelled set: the rows already labelled (first made by `_first_labels` from the
    candidates), the MORE_ rows looked up in the half's outputs, and the HAND rows; each with
    the half its source hashes to, where it comes from and its document."""
    if out.exists():
        with open(out, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
    else:
        rows = _first_labels(candidates)
    segs = load(tune)
    docs = _documents(tune)
    have = {(r["source"], r["target"], r["span"]) for r in rows}
    for lab, more in (("pos", MORE_POSITIVES), ("neg", MORE_NEGATIVES)):
        for kind, seg, system, span in more:
            source, target = _find(segs, seg, system, span)
            if (source, target, span) not in have:
                have.add((source, target, span))
                rows.append(dict(label=lab, kind=kind, source=source, target=target, span=span, origin="mined"))
    for lab, kind, ctx, source, target, span in HAND:
        if (source, target, span) not in have:
            have.add((source, target, span))
            before = [ctx] if ctx else []
            rows.append(dict(label=lab, kind=kind, source=source, target=target, span=span, origin="hand",
                             context=json.dumps({"before": before, "after": []}, ensure_ascii=False)))
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(["label", "kind", "half", "origin", "source", "target", "span", "context"])
        for r in rows:
            half = "tune" if zlib.crc32(r["source"].encode()) % 2 else "report"
            origin = r.get("origin") or "mined"
            ctx = r.get("context") or (context(r["source"], docs) if origin == "mined" else "")
            w.writerow([r["label"], r["kind"], half, origin, r["source"], r["target"], r["span"], ctx])
    print(Counter((r["label"], r["kind"], r.get("origin") or "mined") for r in rows), "->", out)


def _first_labels(candidates: Path) -> list[dict[str, str]]:
    """The first labelled rows: POSITIVES, and as negatives Chinese names most systems write in
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
    return [dict(label=lab, kind=kind, source=source, target=target, span=span, origin="mined")
            for lab, kind, source, target, span in kept]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", type=Path, default=Path("/tmp/termqa-halves/tune"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/names-candidates.tsv"))
    parser.add_argument("--label", action="store_true", help="write tests/data/names-testset.tsv from --out")
    parser.add_argument("--final-report", action="store_true",
                        help="allow mining the judging half: for the one reading that gives the reported numbers, "
                             "labelled by someone who has not seen the rule's output")
    args = parser.parse_args()
    if args.label:
        label(args.out, ROOT / "tests" / "data" / "names-testset.tsv", args.tune)
        return
    if "judge" in args.tune.parts and not args.final_report:
        raise SystemExit("mine the tuning half only (--final-report: the judging half, once, for the reported numbers)")
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
