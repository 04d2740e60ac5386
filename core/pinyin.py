"""Pinyin search keys for Chinese names, so a searchable select finds 银一居委 by typing "yyjw" or "yinyi"."""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=4096)
def search_keys(text: str) -> str:
    """The initials and the full pinyin of the text, lower case, e.g. "yyjw yinyijuwei"; "" for text with no Chinese.

    Non-Chinese parts are kept as typed (pypinyin passes them through), so "A区" gives "aq aqu".
    """
    text = (text or "").strip()
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return ""
    initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default"))
    full = "".join(lazy_pinyin(text, style=Style.NORMAL, errors="default"))
    return f"{initials} {full}".lower()
