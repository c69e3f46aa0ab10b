"""A person's name reduced to what a match compares: letters only, lower case, no accents, one space."""

import re
import unicodedata

_NOT_LETTERS = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = _NOT_LETTERS.sub(" ", plain.replace("-", " ").replace("'", ""))
    return _SPACES.sub(" ", plain).strip()


def name_parts(normalised: str) -> list[str]:
    return normalised.split()


def sorted_name(normalised: str) -> str:
    """The parts in alphabetical order: 'lee jordan' and 'jordan lee' compare equal."""
    return " ".join(sorted(name_parts(normalised)))
