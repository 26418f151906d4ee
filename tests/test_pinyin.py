"""Pinyin readings: per character for the glossary's derived readings, per word for alignment."""

from __future__ import annotations

from termqa.pinyin import name_readings, syllables, word_syllables


def test_a_word_is_read_with_the_reading_its_phrase_takes():
    # 长 reads zhang alone but chang in 长沙; 重 reads zhong alone but chong in 重庆.
    assert word_syllables("长沙") == ("chang", "sha")
    assert word_syllables("重庆") == ("chong", "qing")
    assert syllables("长沙") == ["zhang", "sha"]


def test_name_readings_give_surname_and_given_name_as_mt_writes_them():
    assert name_readings("郑义溶") == {"Zheng Yirong", "Zheng Yi Rong"}
    assert "Lin Fangzheng" in name_readings("林芳正")
    assert name_readings("郑") == set()
