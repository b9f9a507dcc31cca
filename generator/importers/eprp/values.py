"""One cell of an Erasmus+ project list to one value of the content model.

Each function reads text as the Commission's exports and spreadsheet programs write it
(grants in either number format, websites without a scheme, addresses with the town last)
and knows nothing about rows, columns or vocabularies. A value that cannot be used raises
ValueError with a message for the person importing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError

from ...models import PROJECT_CODE_FORMS, Url

STATUSES = {"ongoing": "ongoing", "finalized": "finalised", "finalised": "finalised", "closed": "finalised"}
"""Project Status, lower case -> our status."""
FLAGS = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False, "": False}
"""A Yes/No column, lower case -> its value."""

_URL = TypeAdapter(Url)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):(?!\d)", re.IGNORECASE)
"""A scheme (`https:`, `javascript:`, `mailto:`), not a host followed by its port (`example.org:8080`)."""
_LINE_BREAKS = re.compile(r"\r\n?|[\u0085\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def clean_text(value: str) -> str:
    """Clean text: one kind of line break, no control characters, no trailing spaces."""
    return _TRAILING_SPACE.sub("\n", _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))).strip()


def topics(text: str) -> list[str] | None:
    """The ';'-separated topics, each once, in the export's order; None when there are none."""
    cleaned = [clean_text(topic) for topic in text.split(";")]
    return list(dict.fromkeys(topic for topic in cleaned if topic)) or None


def name_key(name: str) -> str:
    """A name as organisations are compared: case, accents and punctuation ignored."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join(re.sub(r"[\W_]+", " ", "".join(c for c in decomposed if not unicodedata.combining(c))).split())


def parse_grant(text: str) -> float | int | None:
    """The grant in euro, from '112527.93', '200,000.00', '200.000,00' or '112527,93'."""
    value = re.sub(r"[\s\u00a0\u202f€]|EUR", "", text)
    if not value:
        return None
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", value):
        number = float(value.replace(".", "").replace(",", "."))
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d{1,2})?|\d+(\.\d{1,2})?", value):
        number = float(value.replace(",", ""))
    elif re.fullmatch(r"\d+,\d{1,2}", value):
        number = float(value.replace(",", "."))
    else:
        raise ValueError(f"'{text}' is not an amount in euro")
    return int(number) if number.is_integer() else number


def town(address: str) -> str | None:
    """The town of an address written 'street, postcode, town'."""
    parts = [part.strip() for part in address.split(",") if part.strip()]
    if len(parts) < 2:
        return None  # without a comma the street cannot be told from the town
    last = re.sub(r"^\d[\d\s-]*\s+(?=\D)", "", parts[-1])  # 'postcode town' run together
    return last if any(ch.isalpha() for ch in last) else None


def website(text: str) -> str | None:
    """A web address, with https:// added when the export gives none; ValueError if unusable."""
    value = text.strip()
    if not value:
        return None
    if given := _SCHEME.match(value):
        if given[1].lower() not in ("http", "https") or not value[given.end() :].startswith("//"):
            raise ValueError(f"'{text}' is not an http:// or https:// web address")
    else:
        value = "https://" + value.lstrip("/")
    scheme, rest = value.split("://", 1)
    value = f"{scheme.lower()}://{rest}"
    try:
        return _URL.validate_python(value)
    except ValidationError:
        raise ValueError(f"'{text}' is not a web address") from None


def host(url: str | None) -> str:
    """The host of a web address without 'www.'; '' for no address."""
    if not url:
        return ""
    return url.split("://", 1)[1].split("/", 1)[0].lower().removeprefix("www.")


@dataclass(frozen=True)
class ProjectCode:
    """A Project Identifier and what its form says about the project."""

    text: str
    """The code in upper case, as the project file gets it."""
    form: str
    """Which of the `PROJECT_CODE_FORMS` it has; '' when it has none of them."""
    parts: dict[str, str]
    """What the form names in the code: year, action, field, programme (those the code has)."""

    @classmethod
    def parse(cls, text: str) -> ProjectCode:
        code = text.upper()
        for form, pattern in PROJECT_CODE_FORMS.items():
            if match := pattern.match(code):
                return cls(code, form, {k: v for k, v in match.groupdict().items() if v})
        return cls(code, "", {})

    @property
    def agency(self) -> str | None:
        """The National Agency that manages the project (PL01) or EACEA; None when the form is unknown."""
        if not self.form:
            return None
        return "EACEA" if "EACEA" in self.form else self.text.split("-")[2]
