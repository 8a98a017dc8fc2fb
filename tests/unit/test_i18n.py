"""Every interface string exists in every language, and the code uses no key that is missing."""

from __future__ import annotations

import re
import string
from pathlib import Path

from cardgame.i18n import CATALOGUES

PACKAGE = Path(__file__).resolve().parents[2] / "cardgame"


def test_every_catalogue_has_every_key() -> None:
    keys = {lang: set(strings) for lang, strings in CATALOGUES.items()}
    union = set().union(*keys.values())
    for lang, have in keys.items():
        assert union - have == set(), f"{lang} lacks {sorted(union - have)}"


def test_placeholders_match_between_languages() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    da, en = CATALOGUES["da"], CATALOGUES["en"]
    for key in da:
        assert fields(da[key]) == fields(en[key]), key


def test_every_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "i18n" in path.parts:
            continue
        used |= set(re.findall(r'\bt\(\s*"([a-z_]+\.[a-z_.]+)"', path.read_text("utf-8")))
        used |= set(re.findall(r'RuleError\(\s*"([a-z_]+\.[a-z_.]+)"', path.read_text("utf-8")))
    missing = sorted(k for k in used if k not in CATALOGUES["da"])
    assert missing == []


def test_every_binding_with_an_id_is_translated() -> None:
    ids: set[str] = set()
    for path in (PACKAGE / "screens").rglob("*.py"):
        ids |= set(re.findall(r'id="([a-z_]+\.[a-z_]+)"', path.read_text("utf-8")))
    ids |= set(re.findall(r'id="([a-z_]+\.[a-z_]+)"', (PACKAGE / "app.py").read_text("utf-8")))
    for lang, strings in CATALOGUES.items():
        missing = sorted(i for i in ids if f"bind.{i}" not in strings)
        assert missing == [], f"{lang}: {missing}"
