"""Chinese word boundaries, and the segmenter state a run leaves behind."""

from __future__ import annotations

from termqa import align, postag, zhwords
from termqa.model import EntityType, GlossaryEntry


def _state() -> tuple:
    tok = zhwords._tokenizer()
    pos = postag._WORDS
    return (len(tok.FREQ), tok.total, dict(zhwords._WORDS.learned), dict(pos.learned), dict(pos.tags),
            set(pos.prefixes), postag.total(), postag.count("茂木"))


def test_a_term_inside_a_longer_word_is_not_whole():
    assert not zhwords.is_whole_word("澳大利亚总理", 0, 2)  # 澳大 inside 澳大利亚
    assert zhwords.is_whole_word("布林肯同意会谈", 0, 3)  # an unknown name is made a word


def test_forget_words_leaves_the_segmenter_as_it_found_it():
    zhwords.forget_words()
    before = _state()
    cuts_before = zhwords._cuts("茂木敏充与郑义溶举行会谈")
    words_before = align.all_words("茂木敏充与郑义溶举行会谈")
    zhwords.is_whole_word("茂木敏充与郑义溶举行会谈", 5, 8)
    align.register_terms([GlossaryEntry("m", ("茂木敏充",), "Toshimitsu Motegi", type=EntityType.PERSON)])
    assert _state() != before
    assert align.all_words("茂木敏充与郑义溶举行会谈") != words_before
    zhwords.forget_words()
    assert _state() == before
    assert zhwords._cuts("茂木敏充与郑义溶举行会谈") == cuts_before
    assert align.all_words("茂木敏充与郑义溶举行会谈") == words_before
