"""Errors raised on bad input.

Every front end (widgets, command line, browser calculators) shows
``InputError.message_zh`` to the reader; nothing is silently clamped.
"""

from __future__ import annotations


class InputError(ValueError):
    """Bad input, naming the field, what was wrong and what is allowed."""

    def __init__(self, field: str, message_zh: str, message_en: str = ""):
        self.field = field
        self.message_zh = message_zh
        self.message_en = message_en or message_zh
        super().__init__(f"{field}: {message_zh} / {self.message_en}")

    def to_dict(self) -> dict:
        return {"field": self.field, "error_zh": self.message_zh, "error_en": self.message_en}
