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


_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def short_name(full_name: str) -> str:
    """ "Jordan A. Smith" -> "J. Smith"; "Jordan Smith Jr." -> "J. Smith Jr."; one word stays whole."""
    words = full_name.split()
    if len(words) < 2:
        return full_name.strip()
    tail = [words.pop()] if words[-1].lower() in _SUFFIXES and len(words) > 2 else []
    return " ".join([f"{words[0][0]}.", words[-1], *tail])
