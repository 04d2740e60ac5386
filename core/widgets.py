"""A select people can type into: Chinese, or the pinyin initials of an option (static/js/searchable.js)."""

from django import forms

from .pinyin import search_keys


class SearchableSelect(forms.Select):
    """A plain <select> that works without script; with it, Tom Select searches the text and data-pinyin."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-searchable": "", **(attrs or {})}, choices)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        keys = search_keys(str(label)) if value not in (None, "") else ""
        if keys:
            option["attrs"] = {**option["attrs"], "data-pinyin": keys}
        return option
