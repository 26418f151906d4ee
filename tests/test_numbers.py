"""termqa.numbers: reading figures on both sides as a news editor reads them, and never failing."""

from __future__ import annotations

import random

import pytest

from termqa.numbers import compare, english_figure, read_source, read_target, suggestion


def _differences(source: str, target: str) -> tuple[list[str], list[str]]:
    """The source figures the target lacks and the target figures the source lacks (a figure
    kept in the wrong unit counts as both)."""
    result = compare(read_source(source), read_target(target))
    return ([n.text for n in (*result.missing, *(n for n, _ in result.unconverted))],
            [f.text for f in (*result.extra, *(f for _, f in result.unconverted))])


# --- never an exception ------------------------------------------------------------------------

_PIECES = [
    *"0123456789０１２３４５６７８９", *"零〇一二两三四五六七八九十百千万亿", *"多余几约近上半点分之个",
    *"年月日号时点后代成倍里斤亩吨米公千克顷平方周星期", *"，。、；：（）()【】“”%％.,:-~～—+/ \t\n\u3000",
    "p.m.", "a.m.", " million", " billion", "bn", "m", "k", "kg", " km", " mu", "th", "s", "May", "may",
    " half", " two", "-week", " other ", "(", "1)", "US$", "$", "¥", "LP", "A", "ſ", "K",
]


@pytest.mark.parametrize("seed", range(20))
def test_random_mixes_of_figures_numerals_and_punctuation_never_raise(seed):
    rng = random.Random(seed)
    for _ in range(300):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 40)))
        other = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 40)))
        for source, target in ((text, other), (other, text)):
            src, tgt = read_source(source), read_target(target)
            result = compare(src, tgt)
            for n in (*src.figures, *result.missing):
                english_figure(n.value)
                suggestion(n, result.extra[0] if result.extra else None)
                assert 0 <= n.start <= n.end <= len(source)
            for f in tgt.figures:
                assert 0 <= f.start <= f.end <= len(target)


@pytest.mark.parametrize("text", [
    "每周五17时至每周日5时", "周五17", "五17", "十5", "9" * 400, "9" * 400 + "万", "1" + "0" * 30 + "亿",
    "百分之点", "分之", "0分之1", "半", "几", "数万", "", " ", "、", "（）", "第", "17:", ":00", "２０１６年",
])
def test_odd_sources_never_raise(text):
    result = compare(read_source(text), read_target(text))
    for n in result.missing:
        english_figure(n.value)


@pytest.mark.parametrize("text", ["9" * 400, "1e999", "ſix", "\u212a", "May", "12 a.m.", "5 p. m.", "$", "1)", "(", "0s"])
def test_odd_targets_never_raise(text):
    compare(read_source(text), read_target(text))


def test_a_month_spelt_with_a_look_alike_letter_never_raises():
    # A case-insensitive pattern takes "Aprİl" (dotted capital I) for April, whose casefold is
    # no month name: it raised KeyError, which cost the document its number check.
    from termqa.numbers import _MONTHS

    twins = {"i": "İı", "s": "ſ", "k": "K"}
    spelt = {name[:i] + twin + name[i + 1:] for name in _MONTHS for i, ch in enumerate(name)
             for twin in twins.get(ch, "")}
    assert {"aprİl", "aprıl", "auguſt", "ſeptember"} <= spelt
    for name in sorted(spelt):
        for text in (f"In {name} 2020, 5 cases.", f"On 5 {name.title()}.", name.upper()):
            reading = read_target(text)
            assert all(0 <= f.start <= f.end <= len(text) for f in reading.figures)
    assert [f.text for f in read_target("In Aprİl 2020, 5 cases.").figures] == ["2020", "5"]


def test_english_figure_of_a_value_beyond_float_range_does_not_raise():
    assert english_figure(float("inf")) == "inf"


# --- what each side says ---------------------------------------------------------------------

def test_weekday_numeral_is_not_part_of_the_hour():
    figures = read_source("每周五17时至每周日5时").figures
    assert [(n.text, n.value) for n in figures] == [("17", 17.0), ("5", 5.0)]


@pytest.mark.parametrize("text", ["一半", "半数", "近半", "过半", "半"])
def test_half_is_a_half_and_fifty_percent(text):
    assert {0.5, 50.0} <= read_source(text + "的人").values


def test_nearly_half_and_more_than_half_allow_a_little_either_way():
    assert _differences("近半数人没有债务", "nearly 45% have no debt") == ([], [])
    assert _differences("近半数人没有债务", "nearly 55% have no debt") == ([], ["55"])
    assert _differences("过半数人赞成", "over 60% agreed") == ([], [])


def test_half_in_the_target_renders_fifty_percent():
    assert _differences("50%的人赞成", "half of the people agreed") == ([], [])


def test_may_is_the_month_unless_it_opens_a_wish():
    assert 5.0 in read_target("May saw record sales").values
    assert 5.0 in read_target("Sales rose in May.").values
    assert 5.0 not in read_target("May I ask a question?").values
    assert 5.0 not in read_target("Prices may rise.").values


def test_month_day_and_year():
    assert _differences("2019年5月3日", "May 3, 2019") == ([], [])
    assert _differences("2019年5月3日", "May 4, 2019") == (["3"], ["4"])


@pytest.mark.parametrize(("source", "target"), [
    ("走了20里", "walked 10 kilometers"), ("走了20里", "walked 20 li"), ("重80斤", "weighs 40 kg"),
    ("重80斤", "weighs 80 jin"), ("960亩", "64 hectares"), ("960亩", "960 mu"), ("960亩", "158 acres"),
    ("15万亩", "10,000 hectares"), ("100公里", "62 miles"), ("100千米", "100 km"), ("5公斤", "11 pounds"),
    ("5千克", "5 kilograms"), ("3吨", "3,000 kg"), ("530米", "a 530-meter tower"), ("1亩", "667 square meters"),
])
def test_units_in_the_source_unit_or_converted(source, target):
    assert _differences(source, target) == ([], [])


@pytest.mark.parametrize(("source", "target", "fix"), [
    ("走了20里", "walked 20 kilometers", "10"), ("重80斤", "weighs 80 kg", "40"), ("960亩", "960 hectares", "64"),
])
def test_a_unit_figure_kept_in_another_unit_is_a_mismatch(source, target, fix):
    result = compare(read_source(source), read_target(target))
    assert (result.missing, result.extra) == ((), ())
    ((n, wrong),) = result.unconverted
    assert suggestion(n, wrong) == fix


@pytest.mark.parametrize(("source", "target", "ok"), [
    ("1993.03万", "19.93 million", True), ("1993.03万", "19.9303 million", True), ("1993.03万", "19.9 million", True),
    ("1993.03万", "nearly 20 million", False), ("1993.03万", "19.94 million", False), ("1993.03万", "20.0 million", False),
    ("1993.03万", "2 million", False), ("329.29万", "3.293 million", True), ("329.29万", "3.292 million", False),
    ("5.46%", "5.5 percent", True), ("5.46%", "5 percent", False), ("1.5万", "0.2 million", False),
    ("约1993万", "about 20 million", True), ("约1.4亿", "about 100 million", False), ("1亿", "10 million", False),
])
def test_rounding_to_the_precision_the_english_writes(source, target, ok):
    assert (_differences(source, target) == ([], [])) is ok


@pytest.mark.parametrize(("source", "target"), [
    ("3元、5元和8元", "3 yuan, 5 yuan and 8 yuan"), ("3元、5元和8元", "3,5,8 yuan"), ("3、5、8元", "3, 5 and 8 yuan"),
    ("3至5天", "3 to 5 days"), ("3-5天", "3-5 days"), ("三到五天", "three to five days"), ("三到五天", "3 to 5 days"),
    ("17时", "5 p.m."), ("17点", "5pm"), ("17时", "17:00"), ("17时", "17: 00"), ("下午5点", "17:00"),
    ("下午5点", "5 p.m."), ("上午10时", "10 am"), ("12时", "noon"), ("晚上8点", "8 o'clock in the evening"),
    ("17:00", "5 p.m."), ("17：30", "5:30 pm"),
])
def test_lists_ranges_and_hours(source, target):
    assert _differences(source, target) == ([], [])


def test_three_prices_are_three_figures():
    assert [f.value for f in read_target("3,5,8 yuan").figures] == [3.0, 5.0, 8.0]
    assert [n.value for n in read_source("3元、5元和8元").figures] == [3.0, 5.0, 8.0]
    assert [f.value for f in read_target("3,500 yuan").figures] == [3500.0]


def test_a_morning_figure_is_not_an_afternoon_hour():
    assert _differences("17时", "5 a.m.") == (["17"], ["5"])
    assert _differences("5时", "5 p.m.") == (["5"], ["5"])


@pytest.mark.parametrize(("source", "target"), [
    ("2、瑞士手表", "1. Swiss watch"), ("（一）加强领导", "1) Strengthen leadership"), ("1.本公司", "The company"),
    ("（3）加强领导", "Strengthen leadership"), ("一是加强领导", "(1) strengthen leadership"),
    ("第一，加强领导", "1. Strengthen leadership"), ("加强领导", "2) strengthen leadership"),
])
def test_list_markers_are_never_errors(source, target):
    assert _differences(source, target) == ([], [])


def test_a_decimal_at_the_start_is_no_list_marker():
    assert _differences("1.5万人参加", "15,000 people took part") == ([], [])
    assert [f.value for f in read_target("3.5 million people").figures] == [3.5e6]


@pytest.mark.parametrize(("source", "target"), [
    ("几十个国家", "dozens of countries"), ("几十个国家", "some 30 countries"), ("十几个国家", "15 countries"),
    ("十多人", "more than ten people"), ("十多人", "more than 10 people"), ("两千多人", "over 2,000 people"),
    ("两千多人", "some 2,500 people"), ("约50人", "about 50 people"), ("近50人", "nearly 50 people"),
    ("20多万", "more than 200,000"), ("20多万", "about 250,000"), ("100余名", "more than 100"),
    ("1.2万余株", "more than 12,000 trees"), ("数十万人", "hundreds of thousands of people"),
    ("数十万人", "some 300,000 people"), ("上百人", "more than 100 people"), ("50人左右", "about 52 people"),
])
def test_approximations_allow_what_they_say(source, target):
    assert _differences(source, target) == ([], [])


@pytest.mark.parametrize(("source", "target"), [
    ("两千多人", "over 3,000 people"), ("十几个国家", "25 countries"), ("近50人", "nearly 60 people"),
    ("20多万", "about 350,000"), ("约50人", "about 80 people"),
])
def test_approximations_do_not_allow_everything(source, target):
    assert _differences(source, target) != ([], [])


@pytest.mark.parametrize(("source", "target"), [
    ("1亿2000万", "120 million"), ("3万5千", "35,000"), ("三十万", "300,000"), ("百分之五", "5%"),
    ("百分之三点五", "3.5%"), ("六七十年代", "the 60s and 70s"), ("六七十年代", "the 1960s and 1970s"),
    ("1000亿美元", "100bn dollars"), ("12亿美元", "$1.2bn"), ("1亿美元", "$100m"), ("1亿美元", "100m dollars"),
    ("20万美元", "$200k"), ("三分之一", "33%"), ("一个半小时", "1.5 hours"), ("两倍", "twice"),
])
def test_chinese_and_arabic_numerals_mixed(source, target):
    assert _differences(source, target) == ([], [])


def test_yi_with_wan_after_it_is_read_whole():
    (figure,) = read_source("1亿2000万").figures
    assert figure.value == 1.2e8
    assert _differences("1亿2000万", "20 million") == (["1亿2000万"], ["20 million"])


def test_abbreviated_scales_are_figures_with_their_scale():
    (figure,) = read_target("a $1.2bn deal").figures
    assert (figure.text, figure.value) == ("1.2bn", 1.2e9)
    assert _differences("1000亿美元", "10bn dollars") == (["1000亿"], ["10bn"])


def test_years_and_days_said_otherwise():
    assert _differences("截至2019年6月末", "by the end of June this year") == ([], [])
    assert _differences("26日表示", "said on Monday") == ([], [])
    assert _differences("周四表示，9月26日", "said on Thursday") == (["9", "26"], [])
    assert _differences("当日开展", "conducted on September 27th") == ([], [])
    assert _differences("去年承运", "handled in 2018") == ([], [])
    # An added year is no error, but a year where the source has another is.
    assert _differences("伊朗违反协议", "Iran violated the 2015 deal") == ([], [])
    assert _differences("2019年", "in 2018") == (["2019"], ["2018"])


def test_added_ordinals_and_conversions():
    assert _differences("出席招待会", "Vice Chairman of the 13th NPC attended") == ([], [])
    assert _differences("党的十八大以来", "since the 19th National Congress") == ([], ["19th"])
    assert _differences("开展了300亿元逆回购", "30 billion yuan (about 4.3 billion U.S. dollars) of repo") == ([], [])


def test_a_count_of_the_list_before_it():
    assert _differences("以中、英、法、俄等4个语种发布", "in Chinese, English, French and Russian") == ([], [])
    assert _differences("压缩至登记、受理、审批3个环节", "cut to four steps: registration, acceptance, approval") == (["3"], [])


def test_hotlines_codes_and_generations():
    assert _differences("出生在120急救车上", "born in the ambulance") == ([], [])
    assert _differences("Aventador LP700-4", "the car") == ([], [])
    assert _differences("80后、90后乃至00后", "born in the 1980s, 1990s and 2000s") == ([], [])
    assert _differences("它24小时无休", "it works round-the-clock") == ([], [])
    assert _differences("张欢等4位医生", "Zhang Huan and three other doctors") == ([], [])
    assert _differences("确保100%实现帮扶", "to ensure all are helped") == ([], [])


def test_a_range_excuses_nothing_once_its_figure_is_rendered():
    # 10万多 is "more than 100,000"; its range must not also excuse "120,000" for 120万.
    assert _differences("是120万亩棉田，是10万多个万元户", "120,000 mu of cotton fields, more than 100,000 households") == (
        ["120万"], ["120,000"])
