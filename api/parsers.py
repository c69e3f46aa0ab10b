"""The API's JSON parser: refuses what would crash a request (deep nesting, numbers out of range)."""

import codecs
import math
from collections.abc import Iterable

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

# No request of this API nests deeper than a few levels; 64 leaves room and keeps every walk shallow.
MAX_JSON_DEPTH = 64


_TOO_DEEP = f"JSON parse error - the document nests deeper than {MAX_JSON_DEPTH} levels."


def _finite(literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):
        raise ValueError(f"the number {literal[:40]} is out of range")
    return number


def _depth_exceeds(document: object, limit: int) -> bool:
    """Whether ``document`` nests lists and objects deeper than ``limit`` (walked without recursion)."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        children: Iterable[object]
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, plus: nesting deeper than ``MAX_JSON_DEPTH`` and numbers beyond a float's range
    (``1e400``, which would become infinity and then fail as an id) are a 400 parse error."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded = codecs.getreader(encoding)(stream)
            document = json.load(decoded, parse_constant=json.strict_constant, parse_float=_finite)  # type: ignore[arg-type]
        except RecursionError:
            raise ParseError(_TOO_DEEP) from None
        except (ValueError, LookupError) as error:
            raise ParseError(f"JSON parse error - {error}") from None
        if _depth_exceeds(document, MAX_JSON_DEPTH):
            raise ParseError(_TOO_DEEP)
        return document
