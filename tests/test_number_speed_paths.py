"""The fast paths of number-mismatch give what the slow ones they replaced gave.

Each test keeps the replaced code (the case-insensitive `regex` patterns run on the text, the
match objects of every digit run, the comparisons without the exact tests first) as the
reference and compares on real sentences: newstest2020's sources and system outputs (../shared,
skipped where absent) and hostile cases.
"""

from __future__ import annotations

import regex

from termqa import numbers as n

from .realpairs import pairs

_HOSTILE = [
    "A a 5", "a and a 7", "a - A", "A\ta\x1ca 5", "a\x1c five", "five\x1ftwo", "Seventeen-Fourteenth 5",
    "often 7 done", "nonetheless 4", "sevens 7", "A hundred and five 5", "Twenty- one 21", "the one_two 3",
    "ONE 1 TWO", "a\nhundred", "a-a 0", "MAY 2020 may", "May I 5", "jan. 5", "Sept. 5", "sept5", "Decem 5",
    "Dec.5, 2020", "mar 3 Mar", "March_5", "In may 5", "1990s 5 p.m.", "5 a.m. and 3.25", "1234567890123456 7",
]


def _pairs(limit: int) -> list[tuple[str, str]]:
    """Up to `limit` distinct (source, MT) pairs of newstest2020 that hold a digit, in file order."""
    return pairs(limit, lambda source, mt: regex.search(r"\d", source + mt) is not None)


def _targets(limit: int) -> list[str]:
    return [*dict.fromkeys(t.translate(n._FULL_WIDTH) for _, t in _pairs(limit)), *_HOSTILE]


def test_the_ascii_word_runs_are_those_of_the_case_insensitive_pattern():
    checked = 0
    for text in _targets(6000):
        if not text.isascii():
            continue  # read_target runs _EN_WORD_RUN on these
        old = [(m.span(), m.group(0).casefold()) for m in n._EN_WORD_RUN.finditer(text)]
        new = [(m.span(), m.group(0)) for m in n._en_word_run_ascii().finditer(text.casefold())]
        assert new == old, text
        checked += 1
    assert checked > 3000


def test_a_run_skipped_as_the_article_alone_adds_no_value():
    # read_target skips the runs "a" and "a " before splitting them; the slow path read them.
    for run in ("a", "a "):
        words = regex.split(r"[\s-]+", run.strip(" -").casefold())
        assert n._word_value(words) is None and not set(words) & set(n._EN_WORDS)


def test_the_ascii_months_are_those_of_the_case_insensitive_pattern():
    checked = 0
    for text in _targets(6000):
        if not text.isascii():
            continue
        old = [(m.start(), m.end(), m.group(1)) for m in n._EN_MONTH.finditer(text)]
        new = [(m.start(), m.end(), text[m.start(1):m.end(1)]) for m in n._en_month_ascii().finditer(text.casefold())]
        assert new == old, text
        checked += 1
    assert checked > 3000


def _old_digit_values(text: str) -> set[float]:
    """The values of the digit runs of a target with no afternoon hour, as read_target read them."""
    return {v for d in regex.finditer(r"\d+(?:\.\d+)?", text) if (v := n._float(d.group(0))) is not None}


def test_the_digit_runs_give_the_values_their_match_objects_gave():
    checked = 0
    for text in _targets(6000):
        reading = n.read_target(text)
        if any(f.kind == "pm" for f in reading.figures):
            continue  # read with the match objects still, for their offsets
        # Every value of a digit run is among the reading's, and nothing the old reading lacks
        # is (the other readings of the text are as they were: this is the only source of doubt).
        assert _old_digit_values(text) <= reading.values, text
        found = {n._float(d) for d in regex.findall(r"\d+(?:\.\d+)?", text)}
        found.discard(None)
        assert found == _old_digit_values(text), text
        checked += 1
    assert checked > 3000


def _old_expressed(num: n.Number, target: n.Reading) -> bool:
    """numbers._expressed as it was: every target figure tested as unconverted, no exact test first."""
    readings = (num.value, *num.alts)
    if any(n._unconverted(num, f) for f in target.figures):
        return any(
            (not n._unconverted(num, f) and any(n.same(r, v) for r in readings for v in (f.value, *f.alts)))
            or n._agrees(num, f)
            for f in target.figures
        )
    if any(n.same(r, v) for r in readings for v in target.values):
        return True
    if any(n.same(converted, v) for _, converted in num.conversions for v in target.values):
        return True
    return any(n._agrees(num, f) for f in target.figures)


def _old_accounted(f: n.Number, source: n.Reading, target: n.Reading) -> bool:
    """numbers._accounted as it was."""
    if any(n._unconverted(num, f) for num in source.figures):
        return any(n._agrees(num, f) for num in source.figures)
    readings = (f.value, *f.alts)
    if any(n.same(r, v) for r in readings for v in source.values):
        return True
    if any(low <= f.value <= high for low, high in source.spans):
        return True
    if f.unit and any(family == f.unit and n._near(converted, f) for family, converted in source.conversions):
        return True
    return any(n._agrees(num, f) for num in source.figures if not n._rendered_by_another(num, f, target))


def test_a_figure_is_expressed_and_accounted_for_as_without_the_exact_tests():
    pairs = _pairs(6000)
    # Conversions, units and near values, which the exact tests must leave to the full ones.
    pairs += [("全长20里", "20 kilometers long"), ("全长20里", "10 kilometers long"), ("重10斤", "10 kg, or 5 kg"),
              ("约1993万", "about 20 million"), ("1993.03万", "19.93 million"), ("3.7万人", "37,000 people"),
              ("960亩", "about 158 acres"), ("近80斤", "about 40 kg"), ("下午5点", "5 p.m. or 17:00")]
    checked = 0
    for source_text, target_text in pairs:
        source, target = n.read_source(source_text), n.read_target(target_text)
        for num in source.figures:
            assert n._expressed(num, target) == _old_expressed(num, target), (source_text, target_text, num)
            checked += 1
        for f in target.figures:
            assert n._accounted(f, source, target) == _old_accounted(f, source, target), (source_text, target_text, f)
            checked += 1
    assert checked > 3000
