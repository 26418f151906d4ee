"""Provides what is known about the English forms of names written in Chinese characters.

Three sources, all bundled: the transliteration syllabary (the characters Chinese uses to
spell foreign names: 特朗普, 莱特希泽, 卡洛斯·龙); tables of Korean and Japanese
surnames and Korean given-name syllables with the romanisations news agencies use (Yonhap
and Revised Romanization for the South, KCNA's McCune-Reischauer for the North, Hepburn
without macrons for Japan); and the proper nouns of CC-CEDICT with their English forms
(拜登 Biden, 文在寅 Moon Jae-in, 王毅 Wang Yi).

A name built from syllables is only offered where every part is in the tables: a Korean
given name is hyphenated syllable by syllable ("Eui-yong"), which is how news writes most of
them, but Japanese given names are read irregularly and are only known whole.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from dataclasses import dataclass

import regex

from termqa.lexicon import cedict_entries


class Origin(enum.Enum):
    """Where a name written in Chinese characters comes from, which decides its English form."""

    CHINESE = "Chinese"
    KOREAN = "Korean"
    JAPANESE = "Japanese"
    FOREIGN = "foreign"  # transliterated by sound: 特朗普, 莱特希泽


SYLLABARY = frozenset(
    "阿埃艾爱安昂奥澳巴拜班邦保鲍贝本比彼毕边宾波伯博布查察柴昌彻楚茨达戴丹道德登迪蒂丁东杜敦多厄恩尔"
    "法范菲费芬丰弗福富盖甘冈高戈格根贡古瓜圭果哈海汉豪赫黑亨洪胡华怀霍基吉加贾杰捷京久喀卡凯坎康考"
    "柯科可克肯库夸奎昆拉腊莱赖兰朗劳勒雷蕾里理利莉丽连列林琳隆卢鲁路伦罗洛吕马玛迈麦曼芒毛梅门蒙"
    "米密明莫默姆穆纳娜奈南内尼妮涅宁纽努诺欧帕派潘佩彭皮普奇齐恰乔切钦琴萨塞赛桑瑟森沙莎尚绍舍圣"
    "施什史士舒斯松苏索塔泰坦汤唐特滕提图托瓦旺威韦维温沃乌伍西希锡席夏谢辛休雅亚扬耶伊英尤约扎"
    "泽詹兹朱卓佐蓬禄凡茨娅琪黛妮芙丝兹茜蒂缇娃伦谢龙"
)
"""The characters of the standard transliteration table (Xinhua's 译音表), most frequent first
in no order: a run of them reads as a foreign name more often than as a Chinese word."""

CHINESE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
    "覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁"
)
"""The commonest Chinese surnames: a two-character run starting with one reads as a Chinese
name (皮莱 excepted) unless something else says it is foreign."""

KOREAN_SURNAMES: dict[str, tuple[str, str]] = {
    # hanja: (South Korean news form, North Korean (KCNA) form)
    "金": ("Kim", "Kim"), "李": ("Lee", "Ri"), "朴": ("Park", "Pak"), "崔": ("Choi", "Choe"),
    "郑": ("Chung", "Jong"), "姜": ("Kang", "Kang"), "赵": ("Cho", "Jo"), "尹": ("Yoon", "Yun"),
    "张": ("Jang", "Jang"), "林": ("Lim", "Rim"), "韩": ("Han", "Han"), "吴": ("Oh", "O"),
    "徐": ("Seo", "So"), "申": ("Shin", "Sin"), "权": ("Kwon", "Kwon"), "黄": ("Hwang", "Hwang"),
    "安": ("Ahn", "An"), "宋": ("Song", "Song"), "柳": ("Yoo", "Ryu"), "洪": ("Hong", "Hong"),
    "全": ("Jeon", "Jon"), "高": ("Ko", "Ko"), "文": ("Moon", "Mun"), "孙": ("Son", "Son"),
    "梁": ("Yang", "Ryang"), "裴": ("Bae", "Pae"), "白": ("Baek", "Paek"), "许": ("Heo", "Ho"),
    "南": ("Nam", "Nam"), "卢": ("Roh", "Ro"), "河": ("Ha", "Ha"), "郭": ("Kwak", "Kwak"),
    "成": ("Sung", "Song"), "车": ("Cha", "Cha"), "朱": ("Joo", "Ju"), "禹": ("Woo", "U"),
    "具": ("Koo", "Ku"), "罗": ("Na", "Ra"), "闵": ("Min", "Min"), "元": ("Won", "Won"),
    "沈": ("Shim", "Sim"), "严": ("Eom", "Om"), "玄": ("Hyun", "Hyon"), "秋": ("Choo", "Chu"),
    "卞": ("Byun", "Pyon"), "丁": ("Jung", "Jong"), "池": ("Ji", "Ji"), "陈": ("Jin", "Jin"),
    "延": ("Yeon", "Yon"), "千": ("Chun", "Chon"), "方": ("Bang", "Pang"), "孔": ("Kong", "Kong"),
    "康": ("Kang", "Kang"), "曹": ("Cho", "Jo"), "刘": ("Yoo", "Ryu"), "吕": ("Yeo", "Ryo"),
    "廉": ("Yeom", "Ryom"), "太": ("Tae", "Thae"), "明": ("Myung", "Myong"), "奇": ("Ki", "Ki"),
}
"""Korean surnames in hanja with the romanisation news uses for each Korea."""

KOREAN_SYLLABLES: dict[str, tuple[str, str]] = {
    # hanja: (South Korean news form, North Korean (KCNA) form), for given names
    "正": ("jeong", "jong"), "恩": ("eun", "un"), "日": ("il", "il"), "成": ("sung", "song"),
    "与": ("yo", "yo"), "主": ("ju", "ju"), "爱": ("ae", "ae"), "雪": ("seol", "sol"),
    "义": ("eui", "ui"), "溶": ("yong", "yong"), "容": ("yong", "yong"), "勇": ("yong", "yong"),
    "龙": ("yong", "ryong"), "在": ("jae", "jae"), "寅": ("in", "in"), "仁": ("in", "in"),
    "锡": ("suk", "sok"), "悦": ("yeol", "yol"), "烈": ("yeol", "ryol"), "槿": ("geun", "gun"),
    "惠": ("hye", "hye"), "慧": ("hye", "hye"), "熙": ("hee", "hui"), "喜": ("hee", "hui"),
    "振": ("jin", "jin"), "镇": ("jin", "jin"), "珍": ("jin", "jin"), "真": ("jin", "jin"),
    "哲": ("chul", "chol"), "喆": ("chul", "chol"), "哲秀": ("chul-soo", "chol-su"),
    "秀": ("soo", "su"), "洙": ("soo", "su"), "守": ("soo", "su"), "洙镐": ("soo-ho", "su-ho"),
    "浩": ("ho", "ho"), "镐": ("ho", "ho"), "虎": ("ho", "ho"), "昊": ("ho", "ho"),
    "永": ("young", "yong"), "英": ("young", "yong"), "荣": ("young", "yong"), "泳": ("young", "yong"),
    "明": ("myung", "myong"), "铭": ("myung", "myong"), "民": ("min", "min"), "敏": ("min", "min"),
    "旻": ("min", "min"), "俊": ("jun", "jun"), "峻": ("jun", "jun"), "埈": ("jun", "jun"),
    "赫": ("hyuk", "hyok"), "爀": ("hyuk", "hyok"), "焕": ("hwan", "hwan"), "桓": ("hwan", "hwan"),
    "植": ("sik", "sik"), "善": ("sun", "son"), "宣": ("sun", "son"), "顺": ("soon", "sun"),
    "淑": ("sook", "suk"), "淑子": ("sook-ja", "suk-ja"), "子": ("ja", "ja"), "姬": ("hee", "hui"),
    "美": ("mi", "mi"), "智": ("ji", "ji"), "志": ("ji", "ji"), "址": ("ji", "ji"),
    "贤": ("hyun", "hyon"), "铉": ("hyun", "hyon"), "炫": ("hyun", "hyon"), "玄": ("hyun", "hyon"),
    "元": ("won", "won"), "源": ("won", "won"), "媛": ("won", "won"), "元淳": ("won-soon", "won-sun"),
    "淳": ("soon", "sun"), "大": ("dae", "dae"), "泰": ("tae", "thae"), "太": ("tae", "thae"),
    "中": ("joong", "jung"), "重": ("joong", "jung"), "钟": ("jong", "jong"), "宗": ("jong", "jong"),
    "东": ("dong", "dong"), "道": ("do", "do"), "圭": ("kyu", "gyu"), "奎": ("kyu", "gyu"),
    "国": ("guk", "guk"), "光": ("kwang", "gwang"), "广": ("kwang", "gwang"), "汉": ("han", "han"),
    "海": ("hae", "hae"), "和": ("hwa", "hwa"), "华": ("hwa", "hwa"), "花": ("hwa", "hwa"),
    "京": ("kyung", "gyong"), "景": ("kyung", "gyong"), "庆": ("kyung", "gyong"), "敬": ("kyung", "gyong"),
    "秉": ("byung", "pyong"), "炳": ("byung", "pyong"), "相": ("sang", "sang"), "尚": ("sang", "sang"),
    "祥": ("sang", "sang"), "承": ("seung", "sung"), "胜": ("seung", "sung"), "昇": ("seung", "sung"),
    "晚": ("man", "man"), "万": ("man", "man"), "斗": ("doo", "du"), "焕斗": ("hwan-doo", "hwan-du"),
    "泰愚": ("tae-woo", "thae-u"), "愚": ("woo", "u"), "佑": ("woo", "u"), "宇": ("woo", "u"),
    "雨": ("woo", "u"), "基": ("ki", "gi"), "起": ("ki", "gi"), "纪": ("ki", "gi"),
    "硕": ("seok", "sok"), "石": ("seok", "sok"), "奭": ("seok", "sok"), "星": ("sung", "song"),
    "圣": ("sung", "song"), "声": ("sung", "song"), "洛": ("nak", "rak"), "渊": ("yeon", "yon"),
    "延": ("yeon", "yon"), "妍": ("yeon", "yon"), "然": ("yeon", "yon"), "彦": ("eon", "on"),
    "润": ("yoon", "yun"), "允": ("yoon", "yun"), "闰": ("yoon", "yun"), "铁": ("chul", "chol"),
    "春": ("chun", "chun"), "天": ("chun", "chon"), "千": ("chun", "chon"), "川": ("chun", "chon"),
    "建": ("kun", "gon"), "根": ("geun", "gun"), "槿惠": ("geun-hye", "gun-hye"), "斌": ("bin", "bin"),
    "彬": ("bin", "bin"), "宾": ("bin", "bin"), "济": ("je", "je"), "齐": ("je", "je"),
    "赞": ("chan", "chan"), "灿": ("chan", "chan"), "昌": ("chang", "chang"), "昶": ("chang", "chang"),
    "彰": ("chang", "chang"), "昭": ("so", "so"), "素": ("so", "so"), "笑": ("so", "so"),
    "率": ("sol", "sol"), "雪主": ("sol-ju", "sol-ju"), "女": ("yeo", "yo"), "汝": ("yeo", "yo"),
    "悳": ("duck", "dok"), "德": ("duck", "dok"), "衡": ("hyung", "hyong"), "亨": ("hyung", "hyong"),
    "炯": ("hyung", "hyong"), "兄": ("hyung", "hyong"), "孝": ("hyo", "hyo"), "晓": ("hyo", "hyo"),
    "弘": ("hong", "hong"), "洪": ("hong", "hong"), "世": ("se", "se"), "洗": ("se", "se"),
    "勋": ("hoon", "hun"), "薰": ("hoon", "hun"), "训": ("hoon", "hun"), "一": ("il", "il"),
    "吉": ("gil", "gil"), "云": ("woon", "un"), "运": ("woon", "un"), "雄": ("woong", "ung"),
    "应": ("eung", "ung"), "银": ("eun", "un"), "殷": ("eun", "un"), "佳": ("ga", "ga"),
    "嘉": ("ga", "ga"), "满": ("man", "man"), "武": ("moo", "mu"), "茂": ("moo", "mu"),
    "文": ("moon", "mun"), "先": ("sun", "son"), "鲜": ("sun", "son"), "载": ("jae", "jae"),
    "宰": ("jae", "jae"), "材": ("jae", "jae"), "哉": ("jae", "jae"), "周": ("joo", "ju"),
    "株": ("joo", "ju"), "住": ("joo", "ju"), "洙喜": ("soo-hee", "su-hui"), "兑": ("tae", "thae"),
    "浚": ("jun", "jun"), "濬": ("jun", "jun"), "元熙": ("won-hee", "won-hui"), "静": ("jung", "jong"),
    "贞": ("jung", "jong"), "廷": ("jung", "jong"), "丁": ("jung", "jong"), "政": ("jung", "jong"),
    "庭": ("jung", "jong"), "光洙": ("kwang-soo", "gwang-su"), "秀贤": ("soo-hyun", "su-hyon"),
}
"""Korean given-name syllables (and a few whole given names whose usual form the syllables
would not give) with the forms news writes them in."""

JAPANESE_SURNAMES: dict[str, str] = {
    "安倍": "Abe", "岸田": "Kishida", "菅": "Suga", "茂木": "Motegi", "河野": "Kono", "林": "Hayashi",
    "石破": "Ishiba", "麻生": "Aso", "二阶": "Nikai", "小泉": "Koizumi", "野田": "Noda", "鸠山": "Hatoyama",
    "松野": "Matsuno", "上川": "Kamikawa", "高市": "Takaichi", "加藤": "Kato", "佐藤": "Sato",
    "铃木": "Suzuki", "高桥": "Takahashi", "田中": "Tanaka", "渡边": "Watanabe", "伊藤": "Ito",
    "山本": "Yamamoto", "中村": "Nakamura", "小林": "Kobayashi", "山田": "Yamada", "吉田": "Yoshida",
    "山口": "Yamaguchi", "松本": "Matsumoto", "井上": "Inoue", "木村": "Kimura", "清水": "Shimizu",
    "斋藤": "Saito", "山崎": "Yamazaki", "池田": "Ikeda", "桥本": "Hashimoto", "阿部": "Abe",
    "石川": "Ishikawa", "前田": "Maeda", "藤田": "Fujita", "小川": "Ogawa", "冈田": "Okada",
    "后藤": "Goto", "长谷川": "Hasegawa", "村上": "Murakami", "近藤": "Kondo", "石井": "Ishii",
    "坂本": "Sakamoto", "远藤": "Endo", "青木": "Aoki", "藤井": "Fujii", "西村": "Nishimura",
    "福田": "Fukuda", "太田": "Ota", "三浦": "Miura", "冈本": "Okamoto", "松田": "Matsuda",
    "中川": "Nakagawa", "中野": "Nakano", "原田": "Harada", "小野": "Ono", "田村": "Tamura",
    "竹内": "Takeuchi", "金子": "Kaneko", "和田": "Wada", "中山": "Nakayama", "石田": "Ishida",
    "上田": "Ueda", "森田": "Morita", "柴田": "Shibata", "酒井": "Sakai", "工藤": "Kudo",
    "横山": "Yokoyama", "宫崎": "Miyazaki", "宫本": "Miyamoto", "内田": "Uchida", "高木": "Takagi",
    "安藤": "Ando", "谷口": "Taniguchi", "丸山": "Maruyama", "今井": "Imai", "稻田": "Inada",
    "岩屋": "Iwaya", "滨田": "Hamada", "玉城": "Tamaki", "枝野": "Edano", "小池": "Koike",
    "丰田": "Toyoda", "村山": "Murayama", "细川": "Hosokawa", "中曾根": "Nakasone", "竹下": "Takeshita",
    "小渊": "Obuchi", "宫泽": "Miyazawa", "佐佐木": "Sasaki", "松下": "Matsushita", "黑田": "Kuroda",
    "植田": "Ueda", "岸": "Kishi", "东条": "Tojo", "大平": "Ohira", "海部": "Kaifu", "桥下": "Hashishita",
    "秋叶": "Akiba", "松井": "Matsui",
    "宫下": "Miyashita", "浅田": "Asada", "小野寺": "Onodera", "西田": "Nishida",
    "萩生田": "Hagiuda", "甘利": "Amari", "世耕": "Seko", "平井": "Hirai", "野村": "Nomura",
    "大谷": "Ohtani", "羽生": "Hanyu", "黑泽": "Kurosawa", "大江": "Oe",
}
"""Japanese surnames in kanji (as Chinese writes them) with their Hepburn form, macrons dropped
as news does."""

JAPANESE_GIVEN: dict[str, str] = {
    "晋三": "Shinzo", "文雄": "Fumio", "义伟": "Yoshihide", "敏充": "Toshimitsu", "芳正": "Yoshimasa",
    "太郎": "Taro", "茂": "Shigeru", "纯一郎": "Junichiro", "佳彦": "Yoshihiko", "由纪夫": "Yukio",
    "直人": "Naoto", "胜信": "Katsunobu", "博一": "Hirokazu", "阳子": "Yoko", "早苗": "Sanae",
    "信夫": "Nobuo", "俊博": "Toshihiro", "百合子": "Yuriko", "一郎": "Ichiro", "宏": "Hiroshi",
    "浩": "Hiroshi", "诚": "Makoto", "隆": "Takashi", "聪": "Satoshi", "大辅": "Daisuke",
    "康夫": "Yasuo", "喜朗": "Yoshiro", "信介": "Nobusuke", "稔": "Minoru", "和夫": "Kazuo",
    "秀树": "Hideki", "春树": "Haruki", "哲次郎": "Tetsujiro", "骏": "Hayao", "健三郎": "Kenzaburo",
    "富市": "Tomiichi", "龙太郎": "Ryutaro", "惠三": "Keizo", "登": "Noboru", "正芳": "Masayoshi",
    "英机": "Hideki", "角荣": "Kakuei", "博文": "Hirobumi", "雅子": "Masako", "德仁": "Naruhito",
    "明仁": "Akihito", "秀夫": "Hideo", "宏一": "Koichi", "健太郎": "Kentaro",
    "洋子": "Yoko", "真纪子": "Makiko", "稔久": "Toshihisa", "东彦": "Haruhiko", "和男": "Kazuo",
    "一男": "Kazuo", "幸男": "Yukio", "翔平": "Shohei", "结弦": "Yuzuru", "信": "Makoto",
"敏": "Satoshi", "胜": "Masaru", "实": "Minoru", "哲也": "Tetsuya",
}
"""Japanese given names known whole (their readings are not the sum of their characters)."""

PINYIN_SHAPED_NAMES = frozenset([
    "angela", "anna", "ana", "ben", "dan", "dana", "dina", "elena", "gina", "hana", "hanna", "helena", "ian",
    "jan", "jana", "kai", "ken", "lena", "lina", "linda", "lisa", "luna", "mia", "mina", "nina", "nora",
    "tina", "yan", "yuna", "wendy", "leon", "don", "ron", "mao", "sun", "ali", "amin", "omar", "hasan",
])
"""Western and other given names that are spelt as pinyin ("Angela" is an-ge-la): the pinyin
reading of such a name is its English form."""

MARKERS: dict[Origin, str] = {
    Origin.KOREAN: r"韩国|韓國|韩方|韓方|朝鲜|朝鮮|朝方|北韩|北韓|南韩|南韓|首尔|首爾|平壤|韩联社|韓聯社|朝中社|青瓦台|劳动党|勞動黨|韩朝|朝韩|韩美|朝美|韩日|日韩",
    Origin.JAPANESE: r"日本|日方|东京|東京|首相|外相|官房长官|官房長官|防卫相|防衛相|天皇|自民党|自民黨|共同社|日韩|韩日|中日|日美|美日|日俄|俄日|日相",
}
"""Words that say a document (or a sentence, when near a name) is about Korea or Japan.

Vietnamese names (阮德坚 Nguyen Duc Kien) are read in Mandarin as often, but the human
references of newstest2020 write them in pinyin too ("Fan Mingzheng"): left alone."""

CHINESE_MARKERS = r"中国|中國|中方|我国|我國|国务委员|國務委員|总书记|總書記|国家主席|國家主席|国务院|國務院|全国人大|政协|政協|省委|市委|书记|書記|新华社|新華社|县长|縣長|市长|市長|省长|省長|香港|澳门|澳門|台湾|臺灣"
"""Words that say a nearby name is Chinese (a Chinese title or place before it)."""

NORTH_MARKERS = r"朝鲜|朝鮮|朝方|北韩|北韓|平壤|朝中社|劳动党|勞動黨"


@dataclass(frozen=True, slots=True)
class KnownName:
    """A proper noun of CC-CEDICT: its English forms and where it comes from.

    Attributes:
        english: The English names the dictionary gives ("Joe Biden", "Biden"), best first.
        origin: Chinese for PRC/Taiwan/Hong Kong people and places, else the country.
        person: The gloss describes a person (dates, "(name)") rather than a place or a thing.
        generic: A given name or surname ("William (name)"), not one known person.
        chinese_sense: A Korean or Japanese name the dictionary also gives a Chinese sense
            (江南: south of the Yangtze, and Gangnam in Seoul; 光州, 中山, 和田): which one a
            text means, only the text can say.
    """

    english: tuple[str, ...]
    origin: Origin
    person: bool
    generic: bool = False
    chinese_sense: bool = False


_CHINESE_GLOSS = regex.compile(
    r"\b(?:PRC|Chinese|China|Taiwan\w*|Hong Kong|Macau|Macao|Qing|Ming|Han|Tang|Song|Yuan|Jin|Zhou|Shang|Sui|"
    r"dynasty|Dynasty|province|Province|county|County|prefecture|district|District|Guomindang|Kuomintang|CCP|"
    r"Tibet\w*|Xinjiang|Inner Mongolia|Guangxi|Ningxia|Manchu\w*|Three Kingdoms|Warring States|"
    r"Anhui|Fujian|Gansu|Guangdong|Guizhou|Hainan|Hebei|Heilongjiang|Henan|Hubei|Hunan|Jiangsu|Jiangxi|"
    r"Jilin|Liaoning|Qinghai|Shaanxi|Shandong|Shanxi|Sichuan|Yunnan|Zhejiang|Beijing|Shanghai|Tianjin|"
    r"Chongqing|Taipei|poet|emperor|Emperor|general of|novelist)\b"
)
_PAREN = regex.compile(r"\([^)]*\)")
_NAME = regex.compile(r"(?:[\p{Lu}][\p{L}'’\-.]*)(?:\s+(?:[\p{Lu}][\p{L}'’\-.]*|de|von|van|al|bin|da|la|le))*")


def _english_names(glosses: list[str]) -> tuple[str, ...]:
    """The names a proper noun's glosses give: "Joe Biden (1942-), US president" -> Joe Biden."""
    out: list[str] = []
    for gloss in glosses:
        if gloss.startswith(("surname ", "see ", "variant of", "old variant", "abbr.", "CL:")):
            continue
        head = _PAREN.sub("", gloss).split(",")[0].split(";")[0].strip()
        for part in head.split(" or "):
            part = regex.sub(r"^(?:Dr|Mr|Mrs|Ms|St)\.?\s+", "", part.strip())
            m = _NAME.match(part)
            if m and m.group(0) == part and len(part) > 1:
                out.append(part)
    return tuple(dict.fromkeys(out))


def _origin(text: str) -> Origin:
    if "Korea" in text:
        return Origin.KOREAN
    if "Japan" in text:
        return Origin.JAPANESE
    if _CHINESE_GLOSS.search(text):
        return Origin.CHINESE
    return Origin.FOREIGN


@functools.lru_cache(maxsize=1)
def known_names() -> dict[str, KnownName]:
    """CC-CEDICT's proper nouns of two characters or more (simplified and traditional headwords)
    that have an English name: read once, on first use (about a second)."""
    grouped: dict[str, list[str]] = {}
    for trad, simp, pinyin, parts in cedict_entries():
        if not pinyin[:1].isupper() or len(simp) < 2:
            continue
        for form in {simp, trad}:
            grouped.setdefault(form, []).extend(parts)
    out: dict[str, KnownName] = {}
    for form, glosses in grouped.items():
        english = _english_names(glosses)
        if not english:
            continue
        text = " / ".join(glosses)
        dated = bool(regex.search(r"\((?:c\. )?\d{3,4}-", text))
        person = "(name)" in text or dated or "surname" in text
        origin = _origin(text)
        mixed = origin in (Origin.KOREAN, Origin.JAPANESE) and any(
            _CHINESE_GLOSS.search(g) and "Korea" not in g and "Japan" not in g for g in glosses)
        out[form] = KnownName(english, origin, person, generic=person and not dated, chinese_sense=mixed)
    for form, english in NEWS_NAMES.items():
        full, _, short = english.partition("|")
        short = short or full.split(" ")[-1]
        # The table's word over the dictionary's where the gloss reads as Chinese by mistake
        # (古特雷斯: "UN Secretary General" matched "general of").
        if form not in out or out[form].origin is Origin.CHINESE:
            out[form] = KnownName(tuple(dict.fromkeys((short, full))), Origin.FOREIGN, True)
    for form, english in (*NEWS_FIRMS.items(), *NEWS_TERMS.items()):
        out.setdefault(form, KnownName((english,), Origin.FOREIGN, False))
        if out[form].chinese_sense:  # 三星 in the news is Samsung, not Sanxing Township
            out[form] = dataclasses.replace(out[form], chinese_sense=False)
    for table, origin in ((NEWS_KOREAN, Origin.KOREAN), (NEWS_JAPANESE, Origin.JAPANESE)):
        for form, english in table.items():
            out.setdefault(form, KnownName((english,), origin, True))
    return out


def korean_name(zh: str, north: bool) -> str | None:
    """The usual English form of a Korean name in hanja, or None when a part is not in the
    tables: 郑义溶 -> "Chung Eui-yong", 李雪主 (north) -> "Ri Sol-ju"."""
    if not 2 <= len(zh) <= 3 or zh[0] not in KOREAN_SURNAMES:
        return None
    surname = KOREAN_SURNAMES[zh[0]][north]
    given = zh[1:]
    if given in KOREAN_SYLLABLES and len(given) > 1:
        return f"{surname} {KOREAN_SYLLABLES[given][north].capitalize()}"
    parts = [KOREAN_SYLLABLES.get(ch) for ch in given]
    if any(p is None for p in parts):
        return None
    return f"{surname} {'-'.join(p[north] for p in parts if p).capitalize()}"


def japanese_name(zh: str) -> str | None:
    """The usual English form of a Japanese name (given name first, as English news writes it),
    or None when a part is not in the tables: 安倍晋三 -> "Shinzo Abe", 茂木 -> "Motegi"."""
    if zh in JAPANESE_SURNAMES and JAPANESE_SURNAMES[zh] and len(zh) <= 3:
        return JAPANESE_SURNAMES[zh]
    for cut in (2, 1, 3):
        surname, given = zh[:cut], zh[cut:]
        if surname in JAPANESE_SURNAMES and given in JAPANESE_GIVEN and JAPANESE_GIVEN[given]:
            return f"{JAPANESE_GIVEN[given]} {JAPANESE_SURNAMES[surname]}"
    return None


NEWS_NAMES: dict[str, str] = {
    "布林肯": "Antony Blinken", "博索纳罗": "Jair Bolsonaro", "莱特希泽": "Robert Lighthizer",
    "蓬佩奥": "Mike Pompeo", "泽连斯基": "Volodymyr Zelensky", "古特雷斯": "Antonio Guterres",
    "特鲁多": "Justin Trudeau", "莫迪": "Narendra Modi", "埃尔多安": "Recep Tayyip Erdogan",
    "内塔尼亚胡": "Benjamin Netanyahu", "马杜罗": "Nicolas Maduro", "苏纳克": "Rishi Sunak",
    "朔尔茨": "Olaf Scholz", "肖尔茨": "Olaf Scholz", "沙利文": "Jake Sullivan", "耶伦": "Janet Yellen",
    "佩洛西": "Nancy Pelosi", "埃斯珀": "Mark Esper", "姆努钦": "Steven Mnuchin", "纳瓦罗": "Peter Navarro",
    "博尔顿": "John Bolton", "拉加德": "Christine Lagarde", "冯德莱恩": "Ursula von der Leyen|von der Leyen",
    "斯托尔滕贝格": "Jens Stoltenberg", "谭德塞": "Tedros Adhanom Ghebreyesus|Tedros", "哈梅内伊": "Ali Khamenei",
    "鲁哈尼": "Hassan Rouhani", "莱希": "Ebrahim Raisi", "扎里夫": "Mohammad Javad Zarif",
    "杜特尔特": "Rodrigo Duterte", "佐科": "Joko Widodo|Joko", "李显龙": "Lee Hsien Loong|Lee",
    "马斯克": "Elon Musk", "贝索斯": "Jeff Bezos", "扎克伯格": "Mark Zuckerberg", "福奇": "Anthony Fauci",
    "梅德韦杰夫": "Dmitry Medvedev", "绍伊古": "Sergei Shoigu", "佩斯科夫": "Dmitry Peskov",
    "卢卡申科": "Alexander Lukashenko", "托卡耶夫": "Kassym-Jomart Tokayev", "拉马福萨": "Cyril Ramaphosa",
    "洛佩斯·奥夫拉多尔": "Andres Manuel Lopez Obrador|Lopez Obrador", "阿尔巴尼斯": "Anthony Albanese",
    "莫里森": "Scott Morrison", "阿德恩": "Jacinda Ardern", "约翰逊": "Boris Johnson", "特拉斯": "Liz Truss",
    "哈里斯": "Kamala Harris", "麦康奈尔": "Mitch McConnell", "舒默": "Chuck Schumer", "奥斯汀": "Lloyd Austin",
    "米利": "Mark Milley", "雷蒙多": "Gina Raimondo", "鲍威尔": "Jerome Powell", "格奥尔基耶娃": "Kristalina Georgieva",
    "马尔帕斯": "David Malpass", "伊维拉": "Ngozi Okonjo-Iweala", "阿塞韦多": "Roberto Azevedo",
    "巴切莱特": "Michelle Bachelet", "米歇尔": "Charles Michel", "博雷利": "Josep Borrell", "戈尔巴乔夫": "Mikhail Gorbachev",
    "基辛格": "Henry Kissinger", "卢拉": "Luiz Inacio Lula da Silva|Lula", "米莱": "Javier Milei", "阿萨德": "Bashar al-Assad|Assad",
}
"""Foreign names in the news that CC-CEDICT lacks, with their English form ("full|short" where
the short form news uses is not the last word)."""

NEWS_FIRMS: dict[str, str] = {
    "泛林": "Lam Research", "泛林集团": "Lam Research", "阿斯麦": "ASML", "高通": "Qualcomm", "美光": "Micron",
    "英特尔": "Intel", "思科": "Cisco", "甲骨文公司": "Oracle", "脸书": "Facebook", "推特": "Twitter",
    "谷歌": "Google", "微软": "Microsoft", "亚马逊": "Amazon", "特斯拉": "Tesla", "辉瑞": "Pfizer",
    "莫德纳": "Moderna", "阿斯利康": "AstraZeneca", "强生": "Johnson & Johnson", "波音": "Boeing",
    "空客": "Airbus", "三星": "Samsung", "现代汽车": "Hyundai Motor", "乐天": "Lotte", "丰田": "Toyota",
    "索尼": "Sony", "软银": "SoftBank",
}
"""Foreign firms whose Chinese names are not read by sound, with their English names."""

NEWS_KOREAN: dict[str, str] = {
    "金与正": "Kim Yo-jong", "金主爱": "Kim Ju-ae", "李雪主": "Ri Sol-ju", "崔善姬": "Choe Son-hui",
    "尹锡悦": "Yoon Suk-yeol", "郑义溶": "Chung Eui-yong", "朴振": "Park Jin", "韩德洙": "Han Duck-soo",
}
NEWS_JAPANESE: dict[str, str] = {
    "岸田文雄": "Fumio Kishida", "菅义伟": "Yoshihide Suga", "茂木敏充": "Toshimitsu Motegi",
    "林芳正": "Yoshimasa Hayashi", "石破茂": "Shigeru Ishiba", "高市早苗": "Sanae Takaichi",
}
"""Korean and Japanese people of the news whom CC-CEDICT lacks, in the form news writes them."""

NEWS_TERMS: dict[str, str] = {"奥密克戎": "Omicron", "德尔塔变种": "Delta", "德尔塔毒株": "Delta"}
"""Foreign names of the news that are neither people nor firms, and that CC-CEDICT lacks."""

VARIANTS: dict[str, frozenset[str]] = {
    "tehran": frozenset(["teheran"]), "kyiv": frozenset(["kiev"]), "kiev": frozenset(["kyiv"]),
    "beijing": frozenset(["peking"]), "mumbai": frozenset(["bombay"]), "kolkata": frozenset(["calcutta"]),
    "myanmar": frozenset(["burma"]), "kharkiv": frozenset(["kharkov"]), "odesa": frozenset(["odessa"]),
    "odessa": frozenset(["odesa"]), "hohhot": frozenset(["huhhot"]), "mohammed": frozenset(["mohammad", "muhammad", "mohamed", "mohamad"]),
    "muhammad": frozenset(["mohammed", "mohammad", "mohamed", "mohamad"]), "gaddafi": frozenset(["qaddafi", "kadhafi"]),
    "qatar": frozenset(["katar"]), "romania": frozenset(["rumania"]), "kazakhstan": frozenset(["kazakstan"]),
    "belarus": frozenset(["byelorussia"]), "kyrgyzstan": frozenset(["kirgizstan"]), "vientiane": frozenset(["viangchan"]),
}
"""Legitimate other spellings of names (older, or another language's): not misspellings."""

