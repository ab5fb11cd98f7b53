"""The keys a suggestion is found by (search/pinyin.py): folded text, full pinyin, initials."""

from django.test import SimpleTestCase

from hypothesis import given
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from search.pinyin import (
    MAX_KEY_LENGTH,
    MAX_QUERY_LENGTH,
    MAX_READINGS,
    fold,
    keys_for,
    query_key,
    readings,
)


def found_by(text, typed):
    """What the database does: some key of `text` starts with the folded query."""
    key = query_key(typed)
    return bool(key) and any(stored.startswith(key) for stored in keys_for(text))


class KeysTest(SimpleTestCase):
    def test_city_names_by_characters_full_pinyin_and_initials(self):
        for text, typed in [
            ("忻州", ["忻州", "忻", "xinzhou", "xin", "xinzh", "xz", "x z"]),
            ("太原", ["太原", "taiyuan", "tai", "ty"]),
            ("吕梁", ["lvliang", "Lüliang", "ll"]),
            ("大同", ["datong", "dt"]),
        ]:
            for query in typed:
                with self.subTest(text=text, query=query):
                    self.assertTrue(found_by(text, query))

    def test_case_spaces_apostrophes_and_full_width_are_ignored(self):
        for query in [
            "XinZhou",
            "Xin'zhou",
            "xin zhou",
            " XIN ZHOU ",
            "ｘｉｎｚｈｏｕ",
            "X-Z",
            "x’z",
        ]:
            with self.subTest(query=query):
                self.assertTrue(found_by("忻州市召开会议", query))

    def test_titles_by_their_start_only(self):
        self.assertTrue(found_by("忻州市召开会议", "xinzhoushi"))
        self.assertTrue(found_by("忻州市召开会议", "xzszk"))
        self.assertFalse(found_by("忻州市召开会议", "zhaokai"))
        self.assertFalse(found_by("忻州市召开会议", "召开"))
        self.assertFalse(found_by("太原", "xz"))

    def test_a_phrase_read_in_context(self):
        # pypinyin's phrase dictionary: 重 in 重庆 is chong, 行 in 银行 is hang.
        self.assertEqual(readings("重庆"), ["chongqing", "cq"])
        self.assertTrue(found_by("银行卡", "yinhang"))

    def test_polyphonic_start_outside_the_dictionary_stored_both_ways(self):
        # pypinyin reads 长治 zhangzhi; readers type the city's name, changzhi.
        self.assertEqual(lazy_pinyin("长治"), ["zhang", "zhi"])
        self.assertIn("changzhi", readings("长治"))
        self.assertIn("cz", readings("长治"))
        self.assertTrue(found_by("长治潞州区", "changzhi"))
        self.assertTrue(found_by("长治潞州区", "zhangzhi"))

    def test_readings_are_bounded(self):
        text = "长长长长长长长长长长" * 10
        self.assertLessEqual(len(readings(text)), MAX_READINGS * 2)
        self.assertTrue(all(len(key) <= MAX_KEY_LENGTH for key in keys_for(text)))

    def test_letters_and_digits_between_characters_are_kept(self):
        self.assertEqual(keys_for("5G网络建设"), ["5g网络建设", "5gwangluojianshe", "5gwljs"])
        self.assertTrue(found_by("COVID-19疫情通报", "covid19yq"))
        self.assertEqual(keys_for("ＣＯＶＩＤ－１９"), ["covid19"])

    def test_nothing_to_suggest(self):
        for typed in [
            "",
            " ",
            "x",
            "7",
            "😀",
            "'",
            "\x00",
            "<>",
            "。,",
            "a" * (MAX_QUERY_LENGTH + 1),
        ]:
            with self.subTest(typed=typed[:10]):
                self.assertEqual(query_key(typed), "")
        self.assertEqual(query_key("忻"), "忻")
        self.assertEqual(query_key("xz"), "xz")

    def test_query_syntax_is_plain_text(self):
        self.assertEqual(query_key('"xin" AND zhou*'), "xinandzhou")
        self.assertEqual(query_key("'; DROP TABLE x; --"), "droptablex")
        self.assertEqual(query_key("<b>太原</b>"), "b太原b")

    def test_long_text_is_cut(self):
        self.assertEqual(len(query_key("忻" * MAX_QUERY_LENGTH)), MAX_KEY_LENGTH)
        self.assertEqual(len(fold("忻" * 1_000_000)), 1_000_000)
        self.assertTrue(all(len(key) <= MAX_KEY_LENGTH for key in keys_for("忻" * 1_000_000)))


han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
latin = st.sampled_from(list("abcxyzABCXYZ0123456789"))


class KeysPropertyTest(SimpleTestCase):
    @given(st.text(max_size=300))
    def test_total_on_any_text(self, text):
        keys = keys_for(text)
        self.assertEqual(len(keys), len(set(keys)))
        for key in keys:
            self.assertTrue(key)
            self.assertLessEqual(len(key), MAX_KEY_LENGTH)
            self.assertTrue(key.isalnum(), key)
            self.assertEqual(key, key.lower())
        for reading in readings(text):
            self.assertTrue(reading.isalnum())

    @given(st.text(max_size=300))
    def test_query_key_total_and_folded(self, typed):
        key = query_key(typed)
        self.assertLessEqual(len(key), MAX_KEY_LENGTH)
        self.assertTrue(key == "" or key.isalnum())
        self.assertEqual(query_key(key), key)
        self.assertEqual(fold(fold(typed)), fold(typed))

    @given(st.text(alphabet=st.one_of(han, latin, st.sampled_from(" ，。-'")), min_size=1))
    def test_every_start_of_a_text_finds_it(self, text):
        for end in range(1, min(len(text), 20) + 1):
            typed = text[:end]
            if query_key(typed):
                self.assertTrue(found_by(text, typed), (text, typed))

    @given(st.text(alphabet=han, min_size=1, max_size=12))
    def test_pinyin_and_initials_of_every_start_find_it(self, text):
        full = "".join(lazy_pinyin(text, v_to_u=False))
        initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER))
        for typed in (full, full[:5], initials, initials[:2]):
            if query_key(typed):
                self.assertTrue(found_by(text, typed), (text, typed))
