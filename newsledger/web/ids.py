"""Stored ids in URLs: any id, a `/` (a JSONL id such as `2022/01/x`, a URL), `?`, `#` or `%` included.

Routes take ids with the `id` convertor: it matches the rest of the path, slashes included, and
`url_for` percent-encodes the id, so every stored document and actor has a working page. A route
with a suffix after the id (`/documents/{id}/readout`) must be registered before the bare one.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.convertors import Convertor, register_url_convertor


class IdConvertor(Convertor):
    regex = ".+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return quote(str(value), safe="")


register_url_convertor("id", IdConvertor())
