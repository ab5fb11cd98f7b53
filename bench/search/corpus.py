"""A synthetic corpus of Chinese news articles, generated offline and reproducibly.

Words are drawn from jieba's own dictionary (a dependency already; nothing is downloaded) by
frequency, so common words are common and rare words rare, like real text. Each article also
carries what readers search for: its city and one of the city's districts, people's names,
and mixed strings of Chinese, digits and Latin letters (第129次, COVID-19, 5G…).

Every article is generated from its own seed, so any one of them can be regenerated alone
(with the words it was made of) when building queries.
"""

import bisect
import itertools
import pathlib
import random

import jieba

SEED = 20221117

CITIES = [
    (
        "太原",
        "taiyuan",
        ["小店区", "迎泽区", "杏花岭区", "尖草坪区", "万柏林区", "晋源区", "清徐县", "古交市"],
    ),
    (
        "大同",
        "datong",
        ["平城区", "云冈区", "新荣区", "云州区", "阳高县", "天镇县", "灵丘县", "浑源县"],
    ),
    ("阳泉", "yangquan", ["郊区", "平定县", "盂县"]),
    (
        "长治",
        "changzhi",
        ["潞州区", "上党区", "屯留区", "潞城区", "襄垣县", "平顺县", "黎城县", "壶关县"],
    ),
    ("晋城", "jincheng", ["泽州县", "沁水县", "阳城县", "陵川县", "高平市"]),
    ("朔州", "shuozhou", ["朔城区", "平鲁区", "山阴县", "应县", "右玉县", "怀仁市"]),
    (
        "晋中",
        "jinzhong",
        ["榆次区", "太谷区", "榆社县", "左权县", "和顺县", "昔阳县", "平遥县", "介休市"],
    ),
    (
        "运城",
        "yuncheng",
        ["盐湖区", "临猗县", "万荣县", "闻喜县", "稷山县", "新绛县", "永济市", "河津市"],
    ),
    (
        "忻州",
        "xinzhou",
        ["忻府区", "定襄县", "五台县", "代县", "繁峙县", "宁武县", "河曲县", "原平市"],
    ),
    (
        "临汾",
        "linfen",
        ["尧都区", "曲沃县", "翼城县", "襄汾县", "洪洞县", "吉县", "侯马市", "霍州市"],
    ),
    (
        "吕梁",
        "lvliang",
        ["离石区", "文水县", "交城县", "兴县", "临县", "柳林县", "孝义市", "汾阳市"],
    ),
]
SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN_NAME_CHARS = list(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉文斌宇浩鹏晓梅海燕慧俊峰雪琳晨欣怡"
    "佳悦博睿泽宁春生福荣德胜利永新光辉金凤云亮成林波飞鑫婷颖嘉琪思雨梓轩子涵一诺若曦"
)
EVENTS = ["召开", "举行", "部署", "推进", "启动", "完成", "发布", "开展", "通报", "调研"]
TAG_POOL_SIZE = 300


def _load_vocabulary():
    """(words, cumulative weights) of jieba's dictionary: Chinese-only words of 1–4 characters."""
    path = pathlib.Path(jieba.__file__).parent / "dict.txt"
    words, weights = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        word, frequency, _tag = line.split(" ")
        if 1 <= len(word) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
            words.append(word)
            # Flattened a little, so that more of the vocabulary appears in 100,000 articles.
            weights.append(int(frequency) ** 0.9)
    return words, list(itertools.accumulate(weights))


class CorpusGenerator:
    def __init__(self, seed=SEED):
        self.seed = seed
        self.words, self.cumulative = _load_vocabulary()
        self.total = self.cumulative[-1]
        tag_rng = random.Random(seed)
        two_char = [w for w in self.words if len(w) == 2]
        self.tags = tag_rng.sample(two_char[:20_000], TAG_POOL_SIZE)

    def _word(self, rng):
        return self.words[bisect.bisect(self.cumulative, rng.random() * self.total)]

    def _sentence(self, rng, extras):
        words = rng.choices(self.words, cum_weights=self.cumulative, k=rng.randint(8, 20))
        if extras and rng.random() < 0.5:
            words.insert(rng.randint(1, len(words) - 1), extras.pop())
        return "".join(words) + rng.choice("，，，。；。")

    @staticmethod
    def person_name(rng):
        return rng.choice(SURNAMES) + "".join(
            rng.choice(GIVEN_NAME_CHARS) for _ in range(rng.choice((1, 2, 2)))
        )

    @staticmethod
    def mixed_string(rng):
        kind = rng.random()
        if kind < 0.35:
            return f"第{rng.randint(1, 3000)}次"
        if kind < 0.5:
            return "COVID-19"
        if kind < 0.65:
            return "5G"
        if kind < 0.8:
            return f"{rng.randint(2, 9999)}万元"
        return f"{rng.randint(2015, 2026)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"

    def article(self, number):
        """One article as a dict; the same number always gives the same article."""
        rng = random.Random(self.seed * 1_000_003 + number)
        city_index = number % len(CITIES)
        city, _slug, districts = CITIES[city_index]
        district = rng.choice(districts)
        names = [self.person_name(rng) for _ in range(rng.randint(1, 2))]
        mixed = [self.mixed_string(rng) for _ in range(rng.randint(1, 2))]
        title_words = [self._word(rng) for _ in range(rng.randint(2, 4))]
        title = city + "".join(title_words[:2]) + rng.choice(EVENTS) + "".join(title_words[2:])
        extras = [district, *names, *mixed]
        rng.shuffle(extras)
        paragraphs = []
        for _ in range(rng.randint(4, 6)):
            sentences = [self._sentence(rng, extras) for _ in range(rng.randint(3, 5))]
            paragraphs.append("".join(sentences))
        if extras:
            paragraphs[-1] += "".join(extras) + "。"
        summary = paragraphs[0][:60]
        return {
            "number": number,
            "city": city_index,
            "title": title[:60],
            "summary": summary,
            "paragraphs": paragraphs,
            "editor": self.person_name(rng),
            "tags": rng.sample(self.tags, 2),
            "names": names,
            "district": district,
            "mixed": mixed,
            "title_words": title_words,
            # Minutes before the newest article: three years of news.
            "age_minutes": rng.randint(0, 3 * 365 * 24 * 60),
        }

    def rarest(self, words, count=5):
        """The `count` least frequent of `words` (by dictionary frequency)."""
        if not hasattr(self, "_rank"):
            self._rank = {word: i for i, word in enumerate(self.most_frequent(None, None))}
        return sorted(set(words), key=self._rank.__getitem__, reverse=True)[:count]

    def most_frequent(self, length, count):
        weights = [b - a for a, b in zip([0.0, *self.cumulative], self.cumulative, strict=False)]
        ranked = sorted(range(len(self.words)), key=weights.__getitem__, reverse=True)
        return [self.words[i] for i in ranked if length is None or len(self.words[i]) == length][
            :count
        ]

    def words_of(self, article):
        """Dictionary words in an article's body (for building queries)."""
        return [w for p in article["paragraphs"] for w in _split_known(p, self.word_set)]

    @property
    def word_set(self):
        if not hasattr(self, "_word_set"):
            self._word_set = set(self.words)
        return self._word_set


def _split_known(text, vocabulary):
    """Greedy longest-match split of Chinese text into dictionary words (query building only)."""
    position, words = 0, []
    while position < len(text):
        for length in (4, 3, 2, 1):
            piece = text[position : position + length]
            if len(piece) == length and piece in vocabulary:
                words.append(piece)
                position += length
                break
        else:
            position += 1
    return words


def searchable_text(article):
    """Everything the index holds for an article, in the order the page's fields are indexed."""
    return "\n".join(
        [
            article["title"],
            article["summary"],
            *article["paragraphs"],
            article["editor"],
            *article["tags"],
        ]
    )
